using System.Buffers;
using System.Buffers.Binary;
using DbPickle.Model;
using MemoryPack;
using System.Runtime.CompilerServices;

namespace DbPickle.Loading;

/// <summary>
/// A temporary file holding the rows that passed validation, as OnPreWalk left them, between the validation pass
/// and the insert pass. It keeps memory bounded (rows never pile up in memory), lets hooks run once per row, and lets
/// tables be inserted in the target's foreign-key order whatever their order in the file. When the snapshot file can
/// seek, chunks whose rows all passed unchanged stay there (<see cref="Source"/>) and only the rest is copied here.
/// Deleted when closed.
/// </summary>
internal sealed class RowSpool : IDisposable
{
    private const int RecordHeaderSize = 8;

    private readonly FileStream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly MemoryPackWriterOptionalState _writerState = MemoryPackWriterOptionalStatePool.Rent(MemoryPackSerializerOptions.Utf8);
    private readonly MemoryPackReaderOptionalState _readerState = MemoryPackReaderOptionalStatePool.Rent(null);
    private byte[] _record = new byte[64 * 1024];
    private long _readPosition = -1;

    public RowSpool(string? directory)
    {
        var path = Path.Combine(directory ?? Path.GetTempPath(), $"dbpickle-{Guid.NewGuid():N}.spool");
        _stream = Infrastructure.PrivateFile.Create(path, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.DeleteOnClose);
    }

    public long Length => _stream.Length;

    /// <summary>The snapshot file, when it is seekable: chunks whose rows all passed unchanged stay there instead of being copied here.</summary>
    public SourceChunks? Source { get; init; }

    /// <summary>Appends one row: the entity's model columns, then (for OnPreSave hooks) the row's original bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Append(TableMapping table, object entity, ReadOnlySpan<byte> original)
    {
        var offset = _stream.Position;
        _buffer.ResetWrittenCount();
        _buffer.Advance(RecordHeaderSize);
        var buffer = _buffer;
        var writer = new MemoryPackWriter<ArrayBufferWriter<byte>>(ref buffer, _writerState);
        foreach (var column in table.Columns)
        {
            table.Codec.WriteValue(ref writer, entity, column.PropertyIndex);
        }

        writer.Flush();
        var modelLength = _buffer.WrittenCount - RecordHeaderSize;
        original.CopyTo(_buffer.GetSpan(original.Length));
        _buffer.Advance(original.Length);

        // The header slot was reserved above; the buffer's memory is ours until the next reset.
        var record = System.Runtime.InteropServices.MemoryMarshal.AsMemory(_buffer.WrittenMemory).Span;
        BinaryPrimitives.WriteInt32LittleEndian(record, modelLength);
        BinaryPrimitives.WriteInt32LittleEndian(record[4..], original.Length);
        _stream.Write(record);
        return offset;
    }

    /// <summary>
    /// Appends one row whose model columns are already encoded exactly as <see cref="Append"/> would encode them (the
    /// file's bytes of a row whose columns match the model one for one and that no hook changed): a copy, no encoding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long AppendEncoded(ReadOnlySpan<byte> model, ReadOnlySpan<byte> original)
    {
        var offset = _stream.Position;
        Span<byte> header = stackalloc byte[RecordHeaderSize];
        BinaryPrimitives.WriteInt32LittleEndian(header, model.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], original.Length);
        _stream.Write(header);
        _stream.Write(model);
        _stream.Write(original);
        return offset;
    }

    /// <summary>
    /// Reads the record at <paramref name="offset"/> into <paramref name="record"/>: model columns at
    /// [0, <paramref name="modelLength"/>), the original row after them. Valid until the next read; returns the
    /// record's size in the spool.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Read(long offset, out byte[] record, out int modelLength, out int originalLength)
    {
        if (_readPosition != offset)
        {
            _stream.Position = offset;
        }

        Span<byte> header = stackalloc byte[RecordHeaderSize];
        _stream.ReadExactly(header);
        modelLength = BinaryPrimitives.ReadInt32LittleEndian(header);
        originalLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var length = modelLength + originalLength;
        if (_record.Length < length)
        {
            _record = new byte[Math.Max(length, _record.Length * 2)];
        }

        _stream.ReadExactly(_record, 0, length);
        _readPosition = offset + RecordHeaderSize + length;
        record = _record;
        return RecordHeaderSize + length;
    }

    /// <summary>Decodes the row at <paramref name="locator"/> (see <see cref="RowLocator"/>) into a new entity, to name it in a report.</summary>
    public object ReadEntity(TableMapping table, long locator)
    {
        if (RowLocator.IsSource(locator))
        {
            var length = Source!.ReadRow(locator, ref _record);
            return Decode(table, _record, length, _readerState);
        }

        Read(locator, out var record, out var modelLength, out _);
        return Decode(table, record, modelLength, _readerState);
    }

    /// <summary>A new entity holding a record's model columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object Decode(TableMapping table, byte[] record, int modelLength, MemoryPackReaderOptionalState readerState)
    {
        var reader = new MemoryPackReader(record.AsSpan(0, modelLength), readerState);
        return DecodeColumns(table, ref reader);
    }

    /// <summary>A new entity holding the model columns <paramref name="reader"/> is at; the reader ends after them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static object DecodeColumns(TableMapping table, ref MemoryPackReader reader)
    {
        var entity = table.Codec.CreateEntity();
        foreach (var column in table.Columns)
        {
            table.Codec.ReadValue(ref reader, entity, column.PropertyIndex);
        }

        return entity;
    }

    /// <summary>Switches from writing to reading.</summary>
    public void Flush()
    {
        _stream.Flush();
        _readPosition = -1;
    }

    public void Dispose()
    {
        ((IDisposable)_writerState).Dispose();
        ((IDisposable)_readerState).Dispose();
        _stream.Dispose();
    }
}
