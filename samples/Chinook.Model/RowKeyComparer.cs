namespace Chinook;

/// <summary>Structural equality of key tuples read by <see cref="ColumnReader"/>.</summary>
internal sealed class RowKeyComparer : IEqualityComparer<object?[]>
{
    /// <summary>The shared instance; the comparer has no state.</summary>
    public static RowKeyComparer Instance { get; } = new();

    /// <inheritdoc />
    public bool Equals(object?[]? x, object?[]? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!ValuesEqual(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public int GetHashCode(object?[] obj)
    {
        var hash = new HashCode();
        foreach (var value in obj)
        {
            // Arrays hash by reference, so blobs are hashed by length only and told apart by Equals.
            hash.Add(value is byte[] bytes ? bytes.Length : value);
        }

        return hash.ToHashCode();
    }

    /// <summary>Value equality that also compares byte arrays by content.</summary>
    public static bool ValuesEqual(object? x, object? y)
        => x is byte[] a && y is byte[] b ? a.AsSpan().SequenceEqual(b) : Equals(x, y);
}
