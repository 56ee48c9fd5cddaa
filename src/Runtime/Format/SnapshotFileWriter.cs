using System.Buffers.Binary;
using System.IO.Hashing;

namespace DbPickle.Format;

/// <summary>Writes the framing of a snapshot file (preamble, header, checksummed chunks, trailer) to a stream.</summary>
internal sealed class SnapshotFileWriter
{
    private readonly Stream _stream;
    private readonly XxHash64 _hash = new();
    private readonly byte[] _scratch = new byte[FileFormat.PreambleSize];

    private long _headerStart = -1;
    private int _headerLength;

    public SnapshotFileWriter(Stream stream) => _stream = stream;

    public long BytesWritten { get; private set; }

    /// <summary>Whether <see cref="PatchHeaderAsync"/> can rewrite the header once the rows are written (a seekable stream).</summary>
    public bool CanPatchHeader => _stream.CanSeek;

    public async ValueTask WriteHeaderAsync(SnapshotHeader header, bool async, CancellationToken cancellationToken)
    {
        var headerBytes = HeaderCodec.Encode(header);
        if (_stream.CanSeek)
        {
            _headerStart = _stream.Position + FileFormat.PreambleSize;
            _headerLength = headerBytes.Length;
        }

        FileFormat.Magic.CopyTo(_scratch);
        BinaryPrimitives.WriteUInt16LittleEndian(_scratch.AsSpan(8), FileFormat.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(_scratch.AsSpan(10), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(_scratch.AsSpan(12), (uint)headerBytes.Length);
        await WriteAsync(_scratch.AsMemory(0, FileFormat.PreambleSize), async, cancellationToken).ConfigureAwait(false);
        await WriteAsync(headerBytes, async, cancellationToken).ConfigureAwait(false);
        await WriteChecksumAsync(XxHash64.HashToUInt64(headerBytes), async, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rewrites the header in place, with its checksum, then returns to the end: for row counts known only once the
    /// rows are written. Counts are fixed-size in the header, so its length cannot change.
    /// </summary>
    public async ValueTask PatchHeaderAsync(SnapshotHeader header, bool async, CancellationToken cancellationToken)
    {
        var headerBytes = HeaderCodec.Encode(header);
        if (_headerStart < 0 || headerBytes.Length != _headerLength)
        {
            throw new InvalidOperationException("The snapshot header cannot be patched: not written to a seekable stream, or its length changed.");
        }

        var end = _stream.Position;
        _stream.Position = _headerStart;
        var written = BytesWritten;
        await WriteAsync(headerBytes, async, cancellationToken).ConfigureAwait(false);
        await WriteChecksumAsync(XxHash64.HashToUInt64(headerBytes), async, cancellationToken).ConfigureAwait(false);
        BytesWritten = written;
        _stream.Position = end;
    }

    public ValueTask WriteRowsAsync(int tableIndex, int rowCount, ReadOnlyMemory<byte> payload, bool async, CancellationToken cancellationToken)
        => WriteChunkAsync(ChunkKind.Rows, (uint)tableIndex, (uint)rowCount, payload, async, cancellationToken);

    public async ValueTask WriteTrailerAsync(IReadOnlyList<long> rowCounts, bool async, CancellationToken cancellationToken)
    {
        var payload = new byte[4 + (8 * rowCounts.Count)];
        BinaryPrimitives.WriteInt32LittleEndian(payload, rowCounts.Count);
        for (var i = 0; i < rowCounts.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(4 + (8 * i)), rowCounts[i]);
        }

        await WriteChunkAsync(ChunkKind.Trailer, FileFormat.NoTable, 0, payload, async, cancellationToken).ConfigureAwait(false);
        await WriteAsync(FileFormat.EndMagic.ToArray(), async, cancellationToken).ConfigureAwait(false);
        if (async)
        {
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _stream.Flush();
        }
    }

    private async ValueTask WriteChunkAsync(ChunkKind kind, uint table, uint rowCount, ReadOnlyMemory<byte> payload, bool async, CancellationToken cancellationToken)
    {
        _scratch[0] = (byte)kind;
        BinaryPrimitives.WriteUInt32LittleEndian(_scratch.AsSpan(1), table);
        BinaryPrimitives.WriteUInt32LittleEndian(_scratch.AsSpan(5), rowCount);
        BinaryPrimitives.WriteUInt32LittleEndian(_scratch.AsSpan(9), (uint)payload.Length);
        _hash.Reset();
        _hash.Append(_scratch.AsSpan(0, FileFormat.ChunkHeaderSize));
        _hash.Append(payload.Span);
        var checksum = _hash.GetCurrentHashAsUInt64();
        await WriteAsync(_scratch.AsMemory(0, FileFormat.ChunkHeaderSize), async, cancellationToken).ConfigureAwait(false);
        await WriteAsync(payload, async, cancellationToken).ConfigureAwait(false);
        await WriteChecksumAsync(checksum, async, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask WriteChecksumAsync(ulong checksum, bool async, CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_scratch, checksum);
        return WriteAsync(_scratch.AsMemory(0, FileFormat.ChecksumSize), async, cancellationToken);
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, bool async, CancellationToken cancellationToken)
    {
        if (async)
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _stream.Write(bytes.Span);
        }

        BytesWritten += bytes.Length;
    }
}
