using Chinook;
using DbPickle.Tests.Infrastructure;

namespace DbPickle.Tests;

/// <summary>A load cancelled while inserting rolls back everything it did.</summary>
public sealed class CancellationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task LoadAsync_cancelled_from_Progress_after_rows_were_inserted_throws_and_leaves_the_target_unchanged()
    {
        var source = ChinookFiles.CopySource(_directory);
        var snapshot = ChinookFiles.Dump(source, _directory.File("chinook.dbpickle"));

        // The target holds different data, so a partial or completed load would show in its bytes.
        var target = ChinookFiles.CopySource(_directory, "target.sqlite");
        Sqlite.Execute(
            target,
            "DELETE FROM PlaylistTrack WHERE PlaylistId = 1",
            "UPDATE Track SET Name = 'Renamed in the target' WHERE TrackId = 1");
        var before = Sqlite.Hash(target);

        using var cancellation = new CancellationTokenSource();
        var reports = new List<SnapshotProgress>();
        SnapshotProgress? cancelledAt = null;
        var progress = new SyncProgress<SnapshotProgress>(report =>
        {
            reports.Add(report);
            if (cancelledAt is null && report.Phase == "insert" && report.RowsDone > 0)
            {
                cancelledAt = report;
                cancellation.Cancel();
            }
        });

        using (var db = ChinookDatabase.Open(target))
        await using (var stream = File.OpenRead(snapshot))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => ChinookContextSnapshot.LoadAsync(
                    db, stream, new LoadOptions { Mode = LoadMode.Replace, Progress = progress, TempDirectory = _directory.Path }, cancellation.Token));
        }

        Assert.NotNull(cancelledAt);

        // Every row passed validation and the delete phase ran before the first insert was reported.
        Assert.Contains(reports, r => r.Phase == "validate");
        Assert.Contains(reports, r => r.Phase == "delete");
        Assert.DoesNotContain(reports.Skip(reports.IndexOf(cancelledAt.Value) + 1), r => r.Phase == "insert" && r.RowsDone > 0);

        Sqlite.AssertUnchanged(target, before);
        Assert.Equal(["chinook.dbpickle", "source.sqlite", "target.sqlite"], _directory.FileNames());
    }

    [Fact]
    public async Task LoadAsync_with_an_already_cancelled_token_changes_nothing()
    {
        var source = ChinookFiles.CopySource(_directory);
        var snapshot = ChinookFiles.Dump(source, _directory.File("chinook.dbpickle"));
        var target = ChinookFiles.CreateEmpty(_directory, "target.sqlite");
        var before = Sqlite.Hash(target);

        using (var db = ChinookDatabase.Open(target))
        await using (var stream = File.OpenRead(snapshot))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => ChinookContextSnapshot.LoadAsync(db, stream, null, new CancellationToken(canceled: true)));
        }

        Sqlite.AssertUnchanged(target, before);
    }
}
