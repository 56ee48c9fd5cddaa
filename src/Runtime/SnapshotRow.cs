using System.Globalization;
using DbPickle.Infrastructure;
using MemoryPack;

namespace DbPickle;

/// <summary>
/// The file's view of the row a hook is looking at: every column the file holds for it, including columns the model no
/// longer has. Valid only during the hook call; the instance is reused for the next row.
/// </summary>
public sealed class SnapshotRow
{
    private readonly SnapshotTableInfo _table;
    private readonly object?[] _values;
    private byte[] _buffer = [];
    private int _offset;
    private int _length;
    private bool _decoded;

    internal SnapshotRow(SnapshotTableInfo table)
    {
        _table = table;
        _values = new object?[table.Columns.Count];
    }

    /// <summary>The physical table name the row was dumped from.</summary>
    public string Table => _table.Table;

    /// <summary>The EF Core entity type name the row was dumped from.</summary>
    public string EntityType => _table.EntityType;

    /// <summary>Whether a hook called <see cref="Skip"/> for this row.</summary>
    public bool IsSkipped { get; private set; }

    /// <summary>Whether the file holds <paramref name="column"/> (a property name, or a physical column name) for this table.</summary>
    public bool Has(string column) => _table.IndexOf(column) >= 0;

    /// <summary>
    /// The value the file holds for <paramref name="column"/> (a property name, or a physical column name), converted to
    /// <typeparamref name="T"/> where the conversion loses nothing (e.g. int to long, an integer to an enum).
    /// </summary>
    /// <exception cref="SnapshotException">The column is not in the file, or its value does not convert to <typeparamref name="T"/>.</exception>
    public T Get<T>(string column)
    {
        var index = _table.IndexOf(column);
        if (index < 0)
        {
            throw new SnapshotException(
                $"Table '{Table}' in the snapshot has no column '{column}'. Columns in the file: {string.Join(", ", ColumnNames())}.");
        }

        if (!_decoded)
        {
            Decode();
        }

        return SnapshotValueConverter.Convert<T>(_values[index], Table, _table.Columns[index].Property);
    }

    /// <summary>Drops this row from the load: it is neither validated nor inserted.</summary>
    public void Skip() => IsSkipped = true;

    internal void Reset(byte[] buffer, int offset, int length)
    {
        _buffer = buffer;
        _offset = offset;
        _length = length;
        _decoded = false;
        IsSkipped = false;
    }

    private void Decode()
    {
        var reader = new MemoryPackReader(_buffer.AsSpan(_offset, _length), MemoryPackReaderOptionalStatePool.Rent(null));
        try
        {
            for (var i = 0; i < _values.Length; i++)
            {
                var column = _table.Columns[i];
                _values[i] = ValueCodec.ReadBoxed(ref reader, column.Kind, column.Nullable);
            }
        }
        finally
        {
            reader.Dispose();
        }

        _decoded = true;
    }

    private IEnumerable<string> ColumnNames()
    {
        foreach (var column in _table.Columns)
        {
            yield return column.Property;
        }
    }
}
