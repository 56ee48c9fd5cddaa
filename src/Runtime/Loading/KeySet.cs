namespace DbPickle.Loading;

/// <summary>
/// The primary keys of one table's rows, kept while a load validates: for duplicate keys and for references from
/// other tables. One-column integer keys, by far the most common, are stored as 64-bit values (about 20 bytes a row
/// instead of about 100 for a boxed composite key); other keys as <see cref="RowKey"/>.
/// </summary>
internal sealed class KeySet
{
    private readonly HashSet<long> _integers = [];
    private readonly HashSet<RowKey> _others = [];

    public int Count => _integers.Count + _others.Count;

    public bool Add(RowKey key) => AsInteger(key) is { } integer ? _integers.Add(integer) : _others.Add(key);

    public bool Contains(RowKey key) => AsInteger(key) is { } integer ? _integers.Contains(integer) : _others.Contains(key);

    /// <summary>
    /// The key as a long when it is one integer. An int 5 and a long 5 are the same key this way: a foreign key may be
    /// declared with another integer type than the key it references.
    /// </summary>
    private static long? AsInteger(RowKey key) => key.IsSingle
        ? key.Single switch
        {
            int i => i,
            long l => l,
            short s => s,
            byte b => b,
            sbyte sb => sb,
            ushort us => us,
            uint ui => ui,
            _ => null,
        }
        : null;
}
