using System.Buffers.Binary;
using System.IO.Hashing;
using DbPickle.Format;

namespace DbPickle.Loading;

/// <summary>
/// Reads chunks that pass 1 left in place in a seekable snapshot file back for pass 2, checking each against its
/// checksum and against what pass 1 saw: the rows inserted are the bytes validated, even if the file was changed in
/// between (the load then fails before COMMIT). Pass 2 reads one table at a time on one thread.
/// </summary>
internal sealed class SourceChunks
{
    private readonly Stream _stream;
    private readonly XxHash64 _hash = new();
    private readonly byte[] _header = new byte[FileFormat.ChunkHeaderSize + FileFormat.ChecksumSize];

    /// <param name="stream">The snapshot file, seekable.</param>
    /// <param name="origin">The stream position at which the snapshot starts (its offsets are relative to it).</param>
    public SourceChunks(Stream stream, long origin)
    {
        _stream = stream;
        Origin = origin;
    }

    public long Origin { get; }

    /// <summary>Reads the chunk of <paramref name="segment"/> into <paramref name="payload"/> (grown as needed), checked.</summary>
    public void ReadChunk(in RowSegment segment, int tableIndex, string table, ref byte[] payload)
    {
        var length = segment.PayloadLength;
        if (payload.Length < length)
        {
            payload = new byte[Math.Max(length, payload.Length * 2)];
        }

        _stream.Position = Origin + segment.Start;
        _stream.ReadExactly(_header.AsSpan(0, FileFormat.ChunkHeaderSize));
        _stream.ReadExactly(payload.AsSpan(0, length));
        _stream.ReadExactly(_header.AsSpan(FileFormat.ChunkHeaderSize, FileFormat.ChecksumSize));
        _hash.Reset();
        _hash.Append(_header.AsSpan(0, FileFormat.ChunkHeaderSize));
        _hash.Append(payload.AsSpan(0, length));
        var same = _header[0] == (byte)ChunkKind.Rows
            && BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(1)) == (uint)tableIndex
            && BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(5)) == (ulong)segment.Rows
            && BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(9)) == (uint)length
            && BinaryPrimitives.ReadUInt64LittleEndian(_header.AsSpan(FileFormat.ChunkHeaderSize)) == _hash.GetCurrentHashAsUInt64();
        if (!same)
        {
            throw new SnapshotFormatException(
                "The snapshot file changed while it was being loaded: a chunk validated in the first pass reads differently now. "
                + "Nothing was committed; load again from a file no one writes to.",
                segment.Start,
                table);
        }
    }

    /// <summary>Reads one row's bytes (located by <see cref="RowLocator"/>) into <paramref name="buffer"/>, unchecked: only to name it in a report.</summary>
    public int ReadRow(long locator, ref byte[] buffer)
    {
        var (offset, length) = RowLocator.SourceRow(locator);
        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }

        _stream.Position = Origin + offset;
        _stream.ReadExactly(buffer.AsSpan(0, length));
        return length;
    }
}
