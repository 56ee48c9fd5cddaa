namespace DbPickle.Loading;

/// <summary>
/// Orders the rows of a self-referencing table (Employee.ReportsTo) so every parent is inserted before its children.
/// Keeps only each row's spool offset and two keys in memory, not the rows.
/// </summary>
internal sealed class ParentFirstOrder
{
    private readonly List<long> _offsets = [];
    private readonly List<RowKey> _keys = [];
    private readonly List<RowKey?> _parents = [];

    public void Add(long spoolOffset, RowKey key, RowKey? parent)
    {
        _offsets.Add(spoolOffset);
        _keys.Add(key);
        _parents.Add(parent);
    }

    /// <summary>Spool offsets, parents before children; rows in a cycle keep their file order at the end.</summary>
    public IEnumerable<long> Offsets()
    {
        var indexByKey = new Dictionary<RowKey, int>(_keys.Count);
        for (var i = 0; i < _keys.Count; i++)
        {
            indexByKey.TryAdd(_keys[i], i);
        }

        var children = new List<int>?[_keys.Count];
        var queue = new Queue<int>();
        for (var i = 0; i < _keys.Count; i++)
        {
            // A parent outside the file (already in the target, or missing: verification reports it) makes the row a root.
            if (_parents[i] is { } parent && indexByKey.TryGetValue(parent, out var parentIndex) && parentIndex != i)
            {
                (children[parentIndex] ??= []).Add(i);
            }
            else
            {
                queue.Enqueue(i);
            }
        }

        var emitted = new bool[_keys.Count];
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            emitted[next] = true;
            yield return _offsets[next];
            if (children[next] is { } list)
            {
                foreach (var child in list)
                {
                    queue.Enqueue(child);
                }
            }
        }

        for (var i = 0; i < emitted.Length; i++)
        {
            if (!emitted[i])
            {
                yield return _offsets[i];
            }
        }
    }
}
