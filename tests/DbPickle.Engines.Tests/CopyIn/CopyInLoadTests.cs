using DbPickle.Engines.Tests.CopyOut;
using DbPickle.Engines.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DbPickle.Engines.Tests.CopyIn;

/// <summary>
/// A PostgreSQL load encodes the binary COPY rows itself instead of handing each value to Npgsql's importer. What
/// PostgreSQL stores must be exactly what the importer makes it store, for random rows over each type's whole range and
/// for the values with rules of their own (extremes written as infinity, ticks below a microsecond, numerics at every
/// scale, empty text and binary), compared as PostgreSQL prints the rows.
/// </summary>
public sealed class CopyInLoadTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rows_encoded_by_DbPickle_are_stored_exactly_as_through_Npgsqls_importer(bool async)
    {
        using var source = TestDatabase.Create(Engine.Sqlite);
        var random = new Random(5);
        var rows = Enumerable.Range(1, 3000).Select(i => WithTicksBelowAMicrosecond(RandomMeasurements.Next(random, i), random)).Concat(EdgeRows()).ToList();
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-copy-in-{Guid.NewGuid():N}.dbpickle");
        await using (var db = new CopyOutContext(source.Options<CopyOutContext>()))
        {
            await db.Database.EnsureCreatedAsync();
            db.Measurements.AddRange(rows);
            await db.SaveChangesAsync();
            CopyOutContextSnapshot.Dump(db, file);
        }

        using var encoded = TestDatabase.Create(Engine.PostgreSql);
        using var imported = TestDatabase.Create(Engine.PostgreSql);
        var log = new LogCapture();
        await LoadAsync(encoded, file, providerWritersOnly: false, async, log);
        await LoadAsync(imported, file, providerWritersOnly: true, async);

        var expected = Rows(imported);
        var actual = Rows(encoded);
        Assert.Equal(rows.Count, actual.Count);
        Assert.True(expected.SequenceEqual(actual), FirstDifference(expected, actual));
        Assert.Contains(log.Messages, m => m.EndsWith("Table Measurements is inserted through binary COPY, rows encoded by DbPickle", StringComparison.Ordinal));
        File.Delete(file);
    }

    [Fact]
    public async Task DateTimeOffsets_are_stored_exactly_as_through_Npgsqls_importer()
    {
        using var source = TestDatabase.Create(Engine.Sqlite);
        var random = new Random(13);
        var epoch = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        DateTimeOffset[] edges = [DateTimeOffset.MinValue, DateTimeOffset.MaxValue, epoch.AddTicks(-1), epoch.AddTicks(15), new DateTimeOffset(1969, 7, 20, 20, 17, 40, TimeSpan.Zero).AddTicks(-15)];
        var rows = edges.Select((at, i) => new Stamp { Id = i + 1, At = at, MaybeAt = i % 2 == 0 ? null : at })
            .Concat(Enumerable.Range(100, 500).Select(i => new Stamp
            {
                Id = i,
                At = new DateTimeOffset(random.NextInt64(DateTimeOffset.MinValue.Ticks, DateTimeOffset.MaxValue.Ticks), TimeSpan.Zero),
                MaybeAt = random.Next(3) == 0 ? null : epoch.AddTicks(random.NextInt64(-100_000_000_000_000, 100_000_000_000_000)),
            }))
            .ToList();
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-copy-in-stamps-{Guid.NewGuid():N}.dbpickle");
        await using (var db = new StampContext(source.Options<StampContext>()))
        {
            await db.Database.EnsureCreatedAsync();
            db.Stamps.AddRange(rows);
            await db.SaveChangesAsync();
            StampContextSnapshot.Dump(db, file);
        }

        using var encoded = TestDatabase.Create(Engine.PostgreSql);
        using var imported = TestDatabase.Create(Engine.PostgreSql);
        var log = new LogCapture();
        foreach (var (target, npgsqlImporter) in new[] { (encoded, false), (imported, true) })
        {
            var builder = new DbContextOptionsBuilder<StampContext>(target.Options<StampContext>()).UseLoggerFactory(log.Factory);
            await using var db = new StampContext(builder.Options);
            await db.Database.EnsureCreatedAsync();
            StampContextSnapshot.Load(db, file, new LoadOptions { ProviderWritersOnly = npgsqlImporter });
        }

        var expected = Rows(imported, "Stamps");
        var actual = Rows(encoded, "Stamps");
        Assert.Equal(rows.Count, actual.Count);
        Assert.True(expected.SequenceEqual(actual), FirstDifference(expected, actual));
        Assert.Contains("(1,-infinity,)", actual);
        Assert.Contains(log.Messages, m => m.EndsWith("Table Stamps is inserted through binary COPY, rows encoded by DbPickle", StringComparison.Ordinal));
        File.Delete(file);
    }

    [Fact]
    public async Task A_load_canceled_in_the_middle_of_its_COPY_changes_nothing_and_the_context_loads_again()
    {
        using var source = TestDatabase.Create(Engine.PostgreSql);
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-copy-in-cancel-{Guid.NewGuid():N}.dbpickle");
        await using (var db = new CopyOutContext(source.Options<CopyOutContext>()))
        {
            await db.Database.EnsureCreatedAsync();
            var random = new Random(8);
            db.Measurements.AddRange(Enumerable.Range(1, 30_000).Select(i => RandomMeasurements.Next(random, i)));
            await db.SaveChangesAsync();
            CopyOutContextSnapshot.Dump(db, file);
        }

        using var target = TestDatabase.Create(Engine.PostgreSql);
        await using var context = new CopyOutContext(target.Options<CopyOutContext>());
        await context.Database.EnsureCreatedAsync();
        context.Measurements.Add(new Measurement { Id = 99_999, Name = "kept", Code = "k", At = DateTime.UtcNow });
        await context.SaveChangesAsync();
        context.ChangeTracker.Clear();

        using var cancellation = new CancellationTokenSource();
        long rowsWhenCanceled = 0;
        var progress = new SyncProgress(p =>
        {
            if (p.Phase == "insert" && p.RowsDone > 0 && !cancellation.IsCancellationRequested)
            {
                rowsWhenCanceled = p.RowsDone;
                cancellation.Cancel();
            }
        });

        await using (var stream = File.OpenRead(file))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => CopyOutContextSnapshot.LoadAsync(context, stream, new LoadOptions { Progress = progress }, cancellation.Token));
        }

        Assert.InRange(rowsWhenCanceled, 1, 29_999);
        Assert.Equal([99_999L], await context.Measurements.Select(m => m.Id).ToListAsync());

        // The abandoned COPY left the connection usable: the same context loads every row now.
        await using (var stream = File.OpenRead(file))
        {
            var summary = await CopyOutContextSnapshot.LoadAsync(context, stream);
            Assert.Equal(30_000, summary.TotalRows);
        }

        Assert.Equal(30_000, await context.Measurements.CountAsync());
        File.Delete(file);
    }

    private static async Task LoadAsync(TestDatabase target, string file, bool providerWritersOnly, bool async, LogCapture? log = null)
    {
        var builder = new DbContextOptionsBuilder<CopyOutContext>(target.Options<CopyOutContext>());
        await using var db = new CopyOutContext((log is null ? builder : builder.UseLoggerFactory(log.Factory)).Options);
        await db.Database.EnsureCreatedAsync();

        // SQLite keeps no DateTime kind: the timestamptz column's values are UTC.
        var options = new LoadOptions { UnspecifiedDateTimeKind = DateTimeKind.Utc, ProviderWritersOnly = providerWritersOnly };
        if (async)
        {
            await using var stream = File.OpenRead(file);
            await CopyOutContextSnapshot.LoadAsync(db, stream, options);
        }
        else
        {
            CopyOutContextSnapshot.Load(db, file, options);
        }
    }

    /// <summary>Every row as PostgreSQL prints it, in key order.</summary>
    private static List<string> Rows(TestDatabase database, string table = "Measurements")
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT m::text FROM \"{table}\" m ORDER BY \"Id\"", connection);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static string FirstDifference(List<string> expected, List<string> actual)
    {
        var index = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(i => expected[i] != actual[i], -1);
        return index < 0 ? $"{expected.Count} rows against {actual.Count}" : $"row {index}:\n importer: {expected[index]}\n DbPickle: {actual[index]}";
    }

    /// <summary>Timestamps with ticks below a microsecond, which both writers must cut the same way, before 2000 too.</summary>
    private static Measurement WithTicksBelowAMicrosecond(Measurement row, Random random)
    {
        row.At = row.At.Ticks < DateTime.MaxValue.Ticks - 10 ? row.At.AddTicks(random.Next(10)) : row.At;
        row.Clock = row.Clock.AddTicks(random.Next(10));
        return row;
    }

    private static IEnumerable<Measurement> EdgeRows()
    {
        var id = 10_000;
        Measurement Row(Action<Measurement> set)
        {
            var row = new Measurement { Id = ++id, Name = "edge", Code = "e", At = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), Clock = new DateTime(2024, 1, 2), Day = new DateOnly(2024, 1, 2) };
            set(row);
            return row;
        }

        // DateTime's and DateOnly's extremes, which Npgsql writes as infinity.
        yield return Row(m => (m.At, m.Clock, m.Day, m.MaybeDay, m.MaybeAt) = (DateTime.MaxValue, DateTime.MinValue, DateOnly.MaxValue, DateOnly.MinValue, DateTime.MinValue));

        // Just before and after PostgreSQL's epoch, and long before it, with ticks below a microsecond.
        yield return Row(m => (m.At, m.Clock) = (new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999), new DateTime(2000, 1, 1).AddTicks(-1)));
        yield return Row(m => (m.At, m.Clock) = (new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(15), new DateTime(1969, 7, 20, 20, 17, 40).AddTicks(-15)));
        yield return Row(m => (m.At, m.Clock, m.Day) = (new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(7), new DateTime(9999, 12, 31, 23, 59, 59).AddTicks(9_999_998), new DateOnly(1999, 12, 31)));

        // Numerics: the extremes, every scale, exact groups of four digits, zeros with a scale.
        foreach (var loose in new[] { 79228162514264337593543950335m, -79228162514264337593543950335m, 0.0000000000000000000000000001m, -0.0001m, 1.50m, 10000m, 1.0000m, 0.00m, 0m, 12345.6789m, 123456789012345678.123456789m, 1500.000000m, -5.5m })
        {
            yield return Row(m => (m.Loose, m.Amount) = (loose, Math.Round(loose % 1_000_000_000m, 2)));
        }

        yield return Row(m => m.Amount = 9999999999.99m);
        yield return Row(m => m.Amount = -0.01m);

        // Text and binary: empty, long, non-ASCII, right-to-left, padded character(n).
        yield return Row(m => (m.Name, m.Note, m.Code, m.Blob) = (string.Empty, new string('x', 5000) + "😀", "abcdef", []));
        yield return Row(m => (m.Name, m.Note, m.Code, m.Blob) = ("emoji 😀, עברית, ñ", "tab\tline\nbackslash\\", "a", [0, 255, 10, 92]));

        // Integer and floating-point extremes, the empty GUID, enums stored as numbers and as names.
        yield return Row(m => (m.Small, m.Count, m.MaybeCount, m.Big, m.Key) = (short.MinValue, int.MaxValue, int.MinValue, long.MinValue, Guid.Empty));
        yield return Row(m => (m.Single, m.Ratio, m.MaybeRatio) = (float.Epsilon, double.MaxValue, double.NegativeInfinity));
        yield return Row(m => (m.Single, m.Ratio, m.MaybeRatio, m.MaybeFlag) = (float.PositiveInfinity, -0.0, double.Epsilon, false));
        yield return Row(m => (m.Rank, m.Status, m.MaybeStatus) = (Phase.Done, Phase.Idle, Phase.Running));
    }

    private sealed class SyncProgress(Action<SnapshotProgress> report) : IProgress<SnapshotProgress>
    {
        public void Report(SnapshotProgress value) => report(value);
    }
}
