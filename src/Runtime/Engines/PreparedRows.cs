using System.Buffers.Binary;
using DbPickle.Infrastructure;
using System.Runtime.CompilerServices;

namespace DbPickle.Engines;

/// <summary>
/// A batch of rows already in the form the database takes, so the thread that owns the connection does nothing else:
/// decoding, converting and formatting happen on another core. For SQLite, what it stores (tagged INTEGER, REAL, TEXT,
/// BLOB or NULL values, back to back, bound by <see cref="Bind"/>); for PostgreSQL, binary COPY rows
/// (<see cref="PostgresCopyValues"/>), sent as they are. Reused from batch to batch.
/// </summary>
internal sealed class PreparedRows
{
    private const byte NullTag = 0;
    private const byte IntegerTag = 1;
    private const byte RealTag = 2;
    private const byte TextTag = 3;
    private const byte BlobTag = 4;

    private byte[] _data = new byte[64 * 1024];
    private int _length;
    private int[] _starts = new int[1024];

    /// <summary>Rows in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes the batch holds, to cut batches of wide rows early.</summary>
    public int Length => _length;

    public void Clear()
    {
        _length = 0;
        Count = 0;
    }

    public void BeginRow()
    {
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
        }

        _starts[Count] = _length;
    }

    public void EndRow() => Count++;

    /// <summary>Drops a row begun but not ended (its values failed to convert).</summary>
    public void AbandonRow() => _length = _starts[Count];

    /// <summary>Binds row <paramref name="row"/>'s values to parameters 1, 2, … of <paramref name="statement"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Bind(int row, int columns, SqliteStatement statement)
    {
        var data = _data.AsSpan(_starts[row], (row + 1 < Count ? _starts[row + 1] : _length) - _starts[row]);
        for (var index = 1; index <= columns; index++)
        {
            var tag = data[0];
            data = data[1..];
            switch (tag)
            {
                case NullTag:
                    statement.BindNull(index);
                    break;
                case IntegerTag:
                    statement.BindInt64(index, BinaryPrimitives.ReadInt64LittleEndian(data));
                    data = data[8..];
                    break;
                case RealTag:
                    statement.BindDouble(index, BinaryPrimitives.ReadDoubleLittleEndian(data));
                    data = data[8..];
                    break;
                default:
                    var length = BinaryPrimitives.ReadInt32LittleEndian(data);
                    var bytes = data.Slice(4, length);
                    if (tag == TextTag)
                    {
                        statement.BindText(index, bytes);
                    }
                    else
                    {
                        statement.BindBlob(index, bytes);
                    }

                    data = data[(4 + length)..];
                    break;
            }
        }
    }

    /// <summary>The batch's bytes, every row back to back.</summary>
    public ReadOnlyMemory<byte> Bytes => _data.AsMemory(0, _length);

    /// <summary>Appends <paramref name="bytes"/> bytes to the row being built and returns them to be written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Span<byte> Reserve(int bytes)
    {
        if (_length + bytes > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + bytes));
        }

        var span = _data.AsSpan(_length, bytes);
        _length += bytes;
        return span;
    }

    /// <summary>Gives back the last <paramref name="bytes"/> bytes of a <see cref="Reserve"/> that were not needed.</summary>
    public void Unreserve(int bytes) => _length -= bytes;

    /// <summary>Appends values to the row being built.</summary>
    public readonly struct Writer(PreparedRows rows) : ISqliteValueSink
    {
        public void BindInt64(long value)
        {
            var span = rows.Reserve(9);
            span[0] = IntegerTag;
            BinaryPrimitives.WriteInt64LittleEndian(span[1..], value);
        }

        public void BindDouble(double value)
        {
            var span = rows.Reserve(9);
            span[0] = RealTag;
            BinaryPrimitives.WriteDoubleLittleEndian(span[1..], value);
        }

        public void BindText(ReadOnlySpan<byte> utf8) => Bytes(TextTag, utf8);

        public void BindBlob(ReadOnlySpan<byte> value) => Bytes(BlobTag, value);

        public void BindNull() => rows.Reserve(1)[0] = NullTag;

        private void Bytes(byte tag, ReadOnlySpan<byte> value)
        {
            var span = rows.Reserve(5 + value.Length);
            span[0] = tag;
            BinaryPrimitives.WriteInt32LittleEndian(span[1..], value.Length);
            value.CopyTo(span[5..]);
        }
    }
}
