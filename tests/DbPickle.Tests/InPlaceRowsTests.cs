using Chinook;
using DbPickle.Tests.Infrastructure;

namespace DbPickle.Tests;

/// <summary>
/// A load from a seekable snapshot file leaves the chunks whose rows all pass unchanged in the file and reads them
/// again in pass 2, instead of copying them to the spool: the same rows end up in the target, the temporary
/// directory needs room only for rows that changed, and a file changed between the passes fails the load.
/// </summary>
public sealed class InPlaceRowsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_seekable_file_loads_the_same_rows_as_a_stream_while_its_spool_holds_only_the_self_referencing_table()
    {
        var source = ChinookFiles.CopySource(_directory);
        var file = ChinookFiles.Dump(source, _directory.File("chinook.dbpickle"));

        var fromFile = ChinookFiles.CreateEmpty(_directory, "from-file.sqlite");
        var fileSpool = LoadMeasuringSpool(fromFile, "file-temp", (db, options) => ChinookContextSnapshot.Load(db, file, options));
        var fromStream = ChinookFiles.CreateEmpty(_directory, "from-stream.sqlite");
        var streamSpool = LoadMeasuringSpool(
            fromStream,
            "stream-temp",
            (db, options) =>
            {
                using var stream = new ReadOnlyForwardStream(File.OpenRead(file));
                return ChinookContextSnapshot.Load(db, stream, options);
            });

        ChinookFiles.AssertSameData(source, fromFile);
        ChinookFiles.AssertSameData(source, fromStream);

        // A stream that cannot seek is read once, so every row goes through the spool (more bytes than the file's rows).
        Assert.True(streamSpool > new FileInfo(file).Length / 2, $"stream spool {streamSpool} bytes");

        // From the file, only Employee (8 rows, ordered parents first by ReportsTo) is spooled.
        Assert.InRange(fileSpool, 1, 4096);
    }

    [Fact]
    public void A_duplicate_key_in_a_chunk_left_in_the_file_is_named_by_its_row()
    {
        var source = ChinookFiles.CopySource(_directory);

        // Genre without its primary key in the source, so the dump holds GenreId 5 twice.
        Sqlite.Execute(
            source,
            "PRAGMA foreign_keys = OFF",
            "CREATE TABLE GenreCopy AS SELECT * FROM Genre",
            "DROP TABLE Genre",
            "ALTER TABLE GenreCopy RENAME TO Genre",
            "INSERT INTO Genre (GenreId, Name) VALUES (5, 'Second Rock And Roll')");
        var file = ChinookFiles.Dump(source, _directory.File("duplicate.dbpickle"));
        var target = ChinookFiles.CreateEmpty(_directory, "target.sqlite");
        var before = Sqlite.Hash(target);

        using var db = ChinookDatabase.Open(target);
        var error = Assert.Throws<SnapshotValidationException>(() => ChinookContextSnapshot.Load(db, file));

        var violation = Assert.Single(error.Violations);
        Assert.Equal(("Genre", "GenreId=5", "GenreId"), (violation.Table, violation.Key, violation.Column));
        Assert.Contains("same primary key", violation.Problem, StringComparison.Ordinal);
        db.Dispose();
        Sqlite.AssertUnchanged(target, before);
    }

    [Fact]
    public void A_file_that_changes_between_the_passes_fails_the_load_and_leaves_the_target_unchanged()
    {
        var source = ChinookFiles.CopySource(_directory);
        var file = ChinookFiles.Dump(source, _directory.File("chinook.dbpickle"));
        var target = ChinookFiles.CreateEmpty(_directory, "target.sqlite");
        var before = Sqlite.Hash(target);

        using (var db = ChinookDatabase.Open(target))
        {
            using var stream = new ChangedAfterFirstReadStream(File.ReadAllBytes(file));
            var error = Assert.Throws<SnapshotFormatException>(() => ChinookContextSnapshot.Load(db, stream));
            Assert.Contains("changed while it was being loaded", error.Message, StringComparison.Ordinal);
            Assert.True(stream.ChangedReads > 0);
        }

        Sqlite.AssertUnchanged(target, before);
    }

    /// <summary>Loads into <paramref name="target"/>, watching the spool in a new <paramref name="temporary"/> directory; returns its largest size seen.</summary>
    private long LoadMeasuringSpool(string target, string temporary, Func<ChinookContext, LoadOptions, SnapshotSummary> load)
    {
        var directory = Directory.CreateDirectory(_directory.File(temporary)).FullName;
        long largest = -1;
        var progress = new SyncProgress<SnapshotProgress>(_ =>
        {
            foreach (var path in Directory.GetFiles(directory, "*.spool"))
            {
                largest = Math.Max(largest, new FileInfo(path).Length);
            }
        });

        using var db = ChinookDatabase.Open(target);
        var summary = load(db, new LoadOptions { TempDirectory = directory, Progress = progress });

        Assert.True(summary.TotalRows > 15_000);
        Assert.True(largest >= 0, "no spool file was seen during the load");
        return largest;
    }

    /// <summary>Reads through to another stream but cannot seek, like a pipe.</summary>
    private sealed class ReadOnlyForwardStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A file someone rewrites once it has been read to its end: every later read returns altered bytes.</summary>
    private sealed class ChangedAfterFirstReadStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        private bool _readToEnd;

        public int ChangedReads { get; private set; }

        // MemoryStream sends a derived type's span and async reads here.
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            if (_readToEnd && read > 0)
            {
                buffer[offset] ^= 0x5A;
                ChangedReads++;
            }

            _readToEnd |= Position == Length;
            return read;
        }
    }
}
