namespace DbPickle.Loading;

/// <summary>A primary or foreign key value (one or more columns) with value equality, for ordering rows.</summary>
internal readonly struct RowKey : IEquatable<RowKey>
{
    private readonly object?[] _values;

    public RowKey(object?[] values) => _values = values;

    /// <summary>Whether any part is null: a null foreign key references nothing.</summary>
    public bool HasNull => Array.IndexOf(_values, null) >= 0;

    /// <summary>The number of columns.</summary>
    public int Count => _values.Length;

    /// <summary>The value of column <paramref name="index"/>.</summary>
    public object? this[int index] => _values[index];

    /// <summary>Whether the key has one column.</summary>
    public bool IsSingle => _values.Length == 1;

    /// <summary>The value of a one-column key.</summary>
    public object? Single => _values[0];

    public override string ToString()
        => string.Join(", ", _values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));

    public bool Equals(RowKey other)
    {
        if (_values.Length != other._values.Length)
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            if (!Equals(_values[i], other._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in _values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }
}
