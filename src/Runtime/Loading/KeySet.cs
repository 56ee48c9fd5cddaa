namespace DbPickle.Loading;

/// <summary>
/// The primary keys of one table's rows, kept while a load validates: for duplicate keys and for references from
/// other tables. Keys of one or two integer columns, by far the most common, are stored as 64-bit values (about 20–30
/// bytes a row instead of about 100–120 for a boxed key); other keys as <see cref="RowKey"/>.
/// </summary>
internal sealed class KeySet
{
    private readonly HashSet<long> _integers = [];
    private readonly HashSet<(long, long)> _integerPairs = [];
    private readonly HashSet<RowKey> _others = [];

    public int Count => _integers.Count + _integerPairs.Count + _others.Count;

    public bool Add(RowKey key)
    {
        if (key.IsSingle)
        {
            if (AsInteger(key.Single) is { } integer)
            {
                return _integers.Add(integer);
            }
        }
        else if (AsIntegerPair(key) is { } pair)
        {
            return _integerPairs.Add(pair);
        }

        return _others.Add(key);
    }

    public bool Contains(RowKey key)
    {
        if (key.IsSingle)
        {
            if (AsInteger(key.Single) is { } integer)
            {
                return _integers.Contains(integer);
            }
        }
        else if (AsIntegerPair(key) is { } pair)
        {
            return _integerPairs.Contains(pair);
        }

        return _others.Contains(key);
    }

    /// <summary>Two integer columns (an order line's OrderId and LineNo, a join table's two keys) as one value pair.</summary>
    private static (long, long)? AsIntegerPair(RowKey key)
        => key.Count == 2 && AsInteger(key[0]) is { } first && AsInteger(key[1]) is { } second ? (first, second) : null;

    /// <summary>
    /// The key as a long when it is one integer. An int 5 and a long 5 are the same key this way: a foreign key may be
    /// declared with another integer type than the key it references.
    /// </summary>
    private static long? AsInteger(object? value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        sbyte sb => sb,
        ushort us => us,
        uint ui => ui,
        _ => null,
    };
}
