using Chinook;
using DbPickle.Tests.Infrastructure;

namespace DbPickle.Tests;

/// <summary>
/// Damaged snapshot files are refused with <see cref="SnapshotFormatException"/> before the target is touched. The
/// target is a full Chinook database, so "unchanged" means its rows survived, not just that an empty file stayed empty.
/// </summary>
public sealed class CorruptFileTests : IDisposable
{
    /// <summary>Small chunks, so the file has many and a reported offset can be checked closely.</summary>
    private const int ChunkSize = 32 * 1024;

    /// <summary>A row chunk holds about <see cref="ChunkSize"/> bytes, plus its header, one row and the checksum.</summary>
    private const int MaxChunkSpan = ChunkSize + (8 * 1024);

    private readonly TempDirectory _directory = new();
    private readonly string _snapshot;
    private readonly string _target;
    private readonly string _targetHash;

    public CorruptFileTests()
    {
        try
        {
            var source = ChinookFiles.CopySource(_directory);
            _snapshot = ChinookFiles.Dump(source, _directory.File("chinook.dbpickle"), new DumpOptions { ChunkSize = ChunkSize });
            _target = ChinookFiles.CopySource(_directory, "target.sqlite");
            Sqlite.Execute(_target, "UPDATE Artist SET Name = 'Changed since the dump' WHERE ArtistId = 1");
            _targetHash = Sqlite.Hash(_target);
            Assert.True(new FileInfo(_snapshot).Length > 8 * MaxChunkSpan, "the snapshot should span many chunks");
        }
        catch
        {
            // xunit does not dispose a test class whose constructor failed.
            _directory.Dispose();
            throw;
        }
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void One_flipped_byte_in_the_middle_is_caught_by_the_checksum_of_its_chunk_and_names_the_table()
    {
        var bytes = File.ReadAllBytes(_snapshot);
        var position = bytes.Length / 2;
        bytes[position] ^= 0x5A;
        File.WriteAllBytes(_snapshot, bytes);

        var exception = LoadExpectingFormatError();

        Assert.InRange(exception.ByteOffset, 16, position);
        Assert.True(position - exception.ByteOffset < MaxChunkSpan, $"reported offset {exception.ByteOffset} is not the chunk holding byte {position}");
        Assert.NotNull(exception.Table);
        Assert.Contains(exception.Table, ChinookFiles.Tables);
        Assert.Contains($"'{exception.Table}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(exception.ByteOffset.ToString(System.Globalization.CultureInfo.InvariantCulture), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_cut_at_half_its_length_is_reported_as_truncated_near_the_cut()
    {
        var length = new FileInfo(_snapshot).Length;
        using (var stream = new FileStream(_snapshot, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(length / 2);
        }

        var exception = LoadExpectingFormatError();

        Assert.InRange(exception.ByteOffset, (length / 2) - MaxChunkSpan, length / 2);
        Assert.Contains("truncated", exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Wrong_magic_bytes_are_reported_at_offset_zero()
    {
        var bytes = File.ReadAllBytes(_snapshot);
        "NOTAPKL!"u8.CopyTo(bytes);
        File.WriteAllBytes(_snapshot, bytes);

        var exception = LoadExpectingFormatError();

        Assert.Equal(0, exception.ByteOffset);
        Assert.Null(exception.Table);
        Assert.Equal(0, Assert.Throws<SnapshotFormatException>(() => SnapshotFile.ReadHeader(_snapshot)).ByteOffset);
    }

    [Fact]
    public async Task A_flipped_byte_fails_LoadAsync_the_same_way()
    {
        var bytes = File.ReadAllBytes(_snapshot);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(_snapshot, bytes);

        SnapshotFormatException exception;
        using (var db = ChinookDatabase.Open(_target))
        await using (var stream = File.OpenRead(_snapshot))
        {
            exception = await Assert.ThrowsAsync<SnapshotFormatException>(
                () => ChinookContextSnapshot.LoadAsync(db, stream, new LoadOptions { TempDirectory = _directory.Path }, TestContext.Token));
        }

        Assert.NotNull(exception.Table);
        Sqlite.AssertUnchanged(_target, _targetHash);
    }

    private SnapshotFormatException LoadExpectingFormatError()
    {
        SnapshotFormatException exception;
        using (var db = ChinookDatabase.Open(_target))
        {
            exception = Assert.Throws<SnapshotFormatException>(
                () => ChinookContextSnapshot.Load(db, _snapshot, new LoadOptions { TempDirectory = _directory.Path }));
        }

        Sqlite.AssertUnchanged(_target, _targetHash);
        Assert.Equal(["chinook.dbpickle", "source.sqlite", "target.sqlite"], _directory.FileNames());
        return exception;
    }
}
