using System.Buffers.Binary;
using System.Data.Common;
using Chinook;
using DbPickle.Tests.Infrastructure;

namespace DbPickle.Tests;

/// <summary>Every generated entry point: Dump/Load with a stream and with a path, DumpAsync/LoadAsync with a stream.</summary>
public sealed class ApiTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sync_and_async_dumps_write_the_same_rows_and_every_load_overload_restores_them()
    {
        var source = ChinookFiles.CopySource(_directory);
        var counts = ChinookFiles.RowCounts(source);

        // Dump(db, Stream) → Load(db, Stream)
        var syncStream = new MemoryStream();
        using (var db = ChinookDatabase.Open(source))
        {
            AssertCounts(counts, ChinookContextSnapshot.Dump(db, syncStream));
        }

        var viaSyncStream = ChinookFiles.CreateEmpty(_directory, "sync-stream.sqlite");
        syncStream.Position = 0;
        using (var db = ChinookDatabase.Open(viaSyncStream))
        {
            AssertCounts(counts, ChinookContextSnapshot.Load(db, syncStream));
        }

        // Dump(db, path) → LoadAsync(db, Stream)
        var pathFile = _directory.File("sync-path.dbpickle");
        using (var db = ChinookDatabase.Open(source))
        {
            AssertCounts(counts, ChinookContextSnapshot.Dump(db, pathFile));
        }

        var viaAsyncLoad = ChinookFiles.CreateEmpty(_directory, "async-load.sqlite");
        using (var db = ChinookDatabase.Open(viaAsyncLoad))
        await using (var stream = File.OpenRead(pathFile))
        {
            AssertCounts(counts, await ChinookContextSnapshot.LoadAsync(db, stream, cancellationToken: TestContext.Token));
        }

        // DumpAsync(db, Stream) → Load(db, path)
        var asyncFile = _directory.File("async.dbpickle");
        using (var db = ChinookDatabase.Open(source))
        await using (var stream = File.Create(asyncFile))
        {
            AssertCounts(counts, await ChinookContextSnapshot.DumpAsync(db, stream, cancellationToken: TestContext.Token));
        }

        var viaPathLoad = ChinookFiles.CreateEmpty(_directory, "path-load.sqlite");
        using (var db = ChinookDatabase.Open(viaPathLoad))
        {
            AssertCounts(counts, ChinookContextSnapshot.Load(db, asyncFile));
        }

        ChinookFiles.AssertSameData(source, viaSyncStream);
        ChinookFiles.AssertSameData(source, viaAsyncLoad);
        ChinookFiles.AssertSameData(source, viaPathLoad);

        // After the header (which holds the dump time) the three files are byte-for-byte the same.
        var body = Body(syncStream.ToArray());
        Assert.Equal(body, Body(File.ReadAllBytes(pathFile)));
        Assert.Equal(body, Body(File.ReadAllBytes(asyncFile)));
    }

    [Fact]
    public void Dump_of_a_database_without_the_tables_leaves_no_file_at_the_path()
    {
        var missing = _directory.File("missing.sqlite");
        var path = _directory.File("out.dbpickle");

        using (var db = ChinookDatabase.Open(missing))
        {
            Assert.ThrowsAny<DbException>(() => ChinookContextSnapshot.Dump(db, path));
        }

        Assert.False(File.Exists(path));
        Assert.DoesNotContain(_directory.FileNames(), name => name.StartsWith("out.dbpickle", StringComparison.Ordinal));
    }

    [Fact]
    public void Dump_failing_halfway_keeps_the_previous_file_at_the_path_and_leaves_no_temporary_file()
    {
        var source = ChinookFiles.CopySource(_directory);

        // Too large for Track.Milliseconds (int): the dump fails on Track, after the tables before it were written.
        Sqlite.Execute(source, "UPDATE Track SET Milliseconds = 99999999999 WHERE TrackId = 3000");
        var path = _directory.File("out.dbpickle");
        File.WriteAllText(path, "previous snapshot");
        var progress = new List<SnapshotProgress>();

        SnapshotException exception;
        using (var db = ChinookDatabase.Open(source))
        {
            exception = Assert.Throws<SnapshotException>(
                () => ChinookContextSnapshot.Dump(db, path, new DumpOptions { Progress = new SyncProgress<SnapshotProgress>(progress.Add) }));
        }

        Assert.Contains("'Track'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("TrackId=3000", exception.Message, StringComparison.Ordinal);
        Assert.Contains(progress, p => p.Table == "Artist" && p.RowsDone == p.RowsTotal && p.RowsDone > 0);
        Assert.Equal("previous snapshot", File.ReadAllText(path));
        Assert.Equal(["out.dbpickle", "source.sqlite"], _directory.FileNames());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_destination_that_fails_while_rows_are_still_being_read_fails_the_dump_with_its_own_error(bool async)
    {
        // A failing destination must surface its own error, not a wrapped or later one.
        var source = ChinookFiles.CopySource(_directory);
        using var db = ChinookDatabase.Open(source);
        using var destination = new FailingStream(failAfterBytes: 100_000);

        var exception = async
            ? await Assert.ThrowsAsync<IOException>(() => ChinookContextSnapshot.DumpAsync(db, destination))
            : Assert.Throws<IOException>(() => ChinookContextSnapshot.Dump(db, destination));

        Assert.Equal("disk full (test)", exception.Message);
        Assert.InRange(destination.Length, 1, 100_000);
    }

    [Fact]
    public void A_file_and_a_stream_that_cannot_seek_get_the_same_row_counts_in_their_headers()
    {
        // A seekable destination gets its header's counts patched in after the rows; any other is counted first.
        var source = ChinookFiles.CopySource(_directory);
        var path = _directory.File("seekable.dbpickle");
        var pipedPath = _directory.File("piped.dbpickle");
        using (var db = ChinookDatabase.Open(source))
        {
            ChinookContextSnapshot.Dump(db, path);
            using var piped = new ForwardOnlyStream(File.Create(pipedPath));
            ChinookContextSnapshot.Dump(db, piped);
        }

        var expected = ChinookFiles.RowCounts(source);
        foreach (var file in new[] { path, pipedPath })
        {
            var header = SnapshotFile.ReadHeader(file);
            Assert.Equal(expected, header.Tables.ToDictionary(t => t.Table, t => t.RowCount));
            var target = ChinookFiles.CreateEmpty(_directory, Path.GetFileNameWithoutExtension(file) + ".sqlite");
            using var db = ChinookDatabase.Open(target);
            Assert.Equal(expected.Values.Sum(), ChinookContextSnapshot.Load(db, file).TotalRows);
        }
    }

    /// <summary>Writes through to another stream but cannot seek, like a pipe or a network stream.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A memory stream that refuses to grow past a size, as a full disk does.</summary>
    private sealed class FailingStream(long failAfterBytes) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > failAfterBytes)
            {
                throw new IOException("disk full (test)");
            }

            base.Write(buffer, offset, count);
        }

        // MemoryStream sends a derived class's span writes to the array overload above.
        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public void Progress_reports_dump_then_validate_delete_and_insert_for_every_table()
    {
        var source = ChinookFiles.CopySource(_directory);
        var counts = ChinookFiles.RowCounts(source);
        var dumpReports = new List<SnapshotProgress>();
        ChinookFiles.Dump(source, _directory.File("chinook.dbpickle"), new DumpOptions { Progress = new SyncProgress<SnapshotProgress>(dumpReports.Add) });

        var loadReports = new List<SnapshotProgress>();
        var target = ChinookFiles.CreateEmpty(_directory, "target.sqlite");
        using (var db = ChinookDatabase.Open(target))
        {
            ChinookContextSnapshot.Load(db, _directory.File("chinook.dbpickle"), new LoadOptions { Progress = new SyncProgress<SnapshotProgress>(loadReports.Add) });
        }

        Assert.All(dumpReports, r => Assert.Equal("dump", r.Phase));
        foreach (var (table, rows) in counts)
        {
            Assert.Contains(dumpReports, r => r.Table == table && r.RowsDone == rows && r.RowsTotal == rows);
            Assert.Contains(loadReports, r => r.Table == table && r.Phase == "validate" && r.RowsDone == rows);
            Assert.Contains(loadReports, r => r.Table == table && r.Phase == "delete");
            Assert.Contains(loadReports, r => r.Table == table && r.Phase == "insert" && r.RowsDone == rows && r.RowsTotal == rows);
        }

        var phases = loadReports.Select(r => r.Phase).ToList();
        Assert.True(phases.LastIndexOf("validate") < phases.IndexOf("delete"), "validation finishes before anything is deleted");
        Assert.True(phases.LastIndexOf("delete") < phases.IndexOf("insert"), "deletes finish before inserts start");
    }

    private static void AssertCounts(Dictionary<string, long> expected, SnapshotSummary summary)
        => Assert.Equal(expected, summary.Tables.ToDictionary(t => t.Table, t => t.Rows));

    /// <summary>The file after its preamble, header and header checksum.</summary>
    private static byte[] Body(byte[] file)
    {
        var headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12));
        return file[(16 + headerLength + 8)..];
    }
}
