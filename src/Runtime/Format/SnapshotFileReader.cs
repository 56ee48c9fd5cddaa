using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace DbPickle.Format;

/// <summary>
/// Reads a snapshot file chunk by chunk, verifying magic, version, checksums, table order and the trailer. Holds one
/// chunk in memory at a time. Every problem is a <see cref="SnapshotFormatException"/> with the byte offset.
/// </summary>
internal sealed class SnapshotFileReader : IDisposable
{
    private readonly Stream _stream;
    private readonly XxHash64 _hash = new();
    private readonly byte[] _scratch = new byte[FileFormat.PreambleSize];
    private byte[] _payload = [];
    private int _lastTable = -1;
    private bool _finished;

    private SnapshotFileReader(Stream stream) => _stream = stream;

    public SnapshotHeader Header { get; private set; } = null!;

    /// <summary>Bytes consumed so far: the offset of the next unread byte.</summary>
    public long Offset { get; private set; }

    /// <summary>Offset of the chunk last read, for error messages about its rows.</summary>
    public long ChunkOffset { get; private set; }

    public int TableIndex { get; private set; }

    public int RowCount { get; private set; }

    /// <summary>The payload of the chunk last read; valid until the next read.</summary>
    public byte[] Payload => _payload;

    public int PayloadLength { get; private set; }

    public IReadOnlyList<long> TrailerRowCounts { get; private set; } = [];

    public static async ValueTask<SnapshotFileReader> OpenAsync(Stream stream, bool async, CancellationToken cancellationToken)
    {
        var reader = new SnapshotFileReader(stream);
        await reader.ReadPreambleAsync(async, cancellationToken).ConfigureAwait(false);
        return reader;
    }

    /// <summary>Reads the next chunk of rows; false once the trailer and end magic were read and verified.</summary>
    public async ValueTask<bool> ReadChunkAsync(bool async, CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return false;
        }

        ChunkOffset = Offset;
        await ReadExactlyAsync(_scratch.AsMemory(0, FileFormat.ChunkHeaderSize), async, cancellationToken).ConfigureAwait(false);
        var kind = (ChunkKind)_scratch[0];
        var table = BinaryPrimitives.ReadUInt32LittleEndian(_scratch.AsSpan(1));
        var rowCount = BinaryPrimitives.ReadUInt32LittleEndian(_scratch.AsSpan(5));
        var length = BinaryPrimitives.ReadUInt32LittleEndian(_scratch.AsSpan(9));
        if (kind is not (ChunkKind.Rows or ChunkKind.Trailer) || length > FileFormat.MaxPayloadSize)
        {
            throw Corrupt("Invalid chunk header", ChunkOffset);
        }

        _hash.Reset();
        _hash.Append(_scratch.AsSpan(0, FileFormat.ChunkHeaderSize));
        if (_payload.Length < length)
        {
            ReturnPayload(_payload);
            _payload = ArrayPool<byte>.Shared.Rent((int)length);
        }

        await ReadExactlyAsync(_payload.AsMemory(0, (int)length), async, cancellationToken).ConfigureAwait(false);
        _hash.Append(_payload.AsSpan(0, (int)length));
        await ReadExactlyAsync(_scratch.AsMemory(0, FileFormat.ChecksumSize), async, cancellationToken).ConfigureAwait(false);
        if (BinaryPrimitives.ReadUInt64LittleEndian(_scratch) != _hash.GetCurrentHashAsUInt64())
        {
            throw Corrupt("Checksum mismatch in chunk", ChunkOffset, kind == ChunkKind.Rows && table < Header.Tables.Count ? (int)table : -1);
        }

        PayloadLength = (int)length;
        if (kind == ChunkKind.Trailer)
        {
            ReadTrailer();
            await ReadExactlyAsync(_scratch.AsMemory(0, FileFormat.EndMagic.Length), async, cancellationToken).ConfigureAwait(false);
            if (!_scratch.AsSpan(0, FileFormat.EndMagic.Length).SequenceEqual(FileFormat.EndMagic))
            {
                throw Corrupt("Missing end marker after the trailer", Offset - FileFormat.EndMagic.Length);
            }

            _finished = true;
            return false;
        }

        if (table >= Header.Tables.Count || (int)table < _lastTable || rowCount == 0)
        {
            throw Corrupt("Chunk out of order or for an unknown table", ChunkOffset);
        }

        _lastTable = (int)table;
        TableIndex = (int)table;
        RowCount = (int)rowCount;
        return true;
    }

    /// <summary>
    /// Hands the current chunk's payload buffer to the caller (who returns it with <see cref="ReturnPayload"/> when
    /// done), so the next chunk is read into another buffer while this one is still being processed.
    /// </summary>
    public byte[] TakePayload()
    {
        var payload = _payload;
        _payload = [];
        return payload;
    }

    /// <summary>Gives back a buffer from <see cref="TakePayload"/>.</summary>
    public static void ReturnPayload(byte[] payload)
    {
        if (payload.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    public SnapshotFormatException Corrupt(string message, long offset, int table = -1, Exception? inner = null)
        => new(message, offset, table >= 0 ? Header.Tables[table].Table : null, inner);

    public void Dispose()
    {
        ReturnPayload(_payload);
        _payload = [];
    }

    private async ValueTask ReadPreambleAsync(bool async, CancellationToken cancellationToken)
    {
        await ReadExactlyAsync(_scratch.AsMemory(0, FileFormat.PreambleSize), async, cancellationToken).ConfigureAwait(false);
        if (!_scratch.AsSpan(0, 8).SequenceEqual(FileFormat.Magic))
        {
            throw new SnapshotFormatException("Not a DbPickle snapshot: wrong magic bytes", 0);
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(_scratch.AsSpan(8));
        if (version != FileFormat.Version)
        {
            throw new SnapshotFormatException(
                $"Unsupported snapshot format version {version}; this DbPickle reads version {FileFormat.Version}", 8);
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(_scratch.AsSpan(12));
        if (length > FileFormat.MaxPayloadSize)
        {
            throw new SnapshotFormatException("Invalid header length", 12);
        }

        var header = new byte[length];
        await ReadExactlyAsync(header, async, cancellationToken).ConfigureAwait(false);
        await ReadExactlyAsync(_scratch.AsMemory(0, FileFormat.ChecksumSize), async, cancellationToken).ConfigureAwait(false);
        if (BinaryPrimitives.ReadUInt64LittleEndian(_scratch) != XxHash64.HashToUInt64(header))
        {
            throw new SnapshotFormatException("Checksum mismatch in the header", FileFormat.PreambleSize);
        }

        try
        {
            Header = HeaderCodec.Decode(header, version);
        }
        catch (Exception exception) when (exception is InvalidDataException or MemoryPack.MemoryPackSerializationException or ArgumentException)
        {
            throw new SnapshotFormatException("Invalid header: " + exception.Message, FileFormat.PreambleSize, null, exception);
        }
    }

    private void ReadTrailer()
    {
        var span = _payload.AsSpan(0, PayloadLength);
        if (span.Length < 4 || BinaryPrimitives.ReadInt32LittleEndian(span) != Header.Tables.Count
            || span.Length != 4 + (8 * Header.Tables.Count))
        {
            throw Corrupt("Invalid trailer", ChunkOffset);
        }

        var counts = new long[Header.Tables.Count];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = BinaryPrimitives.ReadInt64LittleEndian(span[(4 + (8 * i))..]);
        }

        TrailerRowCounts = counts;
    }

    private async ValueTask ReadExactlyAsync(Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = async
                ? await _stream.ReadAsync(buffer[read..], cancellationToken).ConfigureAwait(false)
                : _stream.Read(buffer.Span[read..]);
            if (n == 0)
            {
                throw new SnapshotFormatException(
                    "The file ends early: it was truncated (an interrupted copy or dump?)",
                    Offset + read,
                    _lastTable >= 0 && Header is not null ? Header.Tables[_lastTable].Table : null);
            }

            read += n;
        }

        Offset += buffer.Length;
    }
}
