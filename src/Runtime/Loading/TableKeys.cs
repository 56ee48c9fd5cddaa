using DbPickle.Model;
using System.Runtime.CompilerServices;

namespace DbPickle.Loading;

/// <summary>
/// The primary keys of one table's spooled rows, for the duplicate-key check and for references from other tables.
/// Compact keys (integers, Guids: nearly all) go to a <see cref="SortedKeyStream"/> and are checked after the walk
/// by sorting, in bounded memory; other keys (strings, several columns) are kept in a hash set.
/// </summary>
internal sealed class TableKeys
{
    private readonly TableMapping _table;
    private readonly HashSet<RowKey>? _others;

    public TableKeys(TableMapping table, KeyRunFile runFile)
    {
        _table = table;
        if (CompactKey.Fits(table, table.KeyColumns))
        {
            Sorted = new SortedKeyStream(runFile);
        }
        else
        {
            _others = [];
        }
    }

    /// <summary>The keys in order, when they are compact; null otherwise.</summary>
    public SortedKeyStream? Sorted { get; }

    /// <summary>Records a spooled row's non-compact key; false when an earlier row had it (compact keys go to <see cref="Sorted"/>).</summary>
    public bool AddOther(object entity) => _others!.Add(RowKeys.Of(_table, entity, _table.KeyColumns));

    /// <summary>Whether a non-compact key is among the rows added so far.</summary>
    public bool Contains(RowKey key) => _others is not null && _others.Contains(key);

    /// <summary>
    /// After the walk: hands <paramref name="found"/> the locator of every row whose compact key an earlier row already
    /// had, in key order, until it returns false; false when it stopped early.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool FindDuplicates(Func<long, bool> found)
    {
        if (Sorted is null)
        {
            return true;
        }

        var cursor = Sorted.Open();
        var previous = default(KeyEntry);
        var first = true;
        while (cursor.MoveNext())
        {
            var entry = cursor.Current;
            if (!first && entry.SameKey(previous) && !found(entry.Locator))
            {
                return false;
            }

            previous = entry;
            first = false;
        }

        return true;
    }

    /// <summary>Reports the row at <paramref name="locator"/> as a duplicate (see <see cref="FindDuplicates"/>).</summary>
    public void ReportDuplicate(long locator, RowSpool spool, RowValidator validator)
    {
        var entity = spool.ReadEntity(_table, locator);
        validator.Add(_table, entity, _table.Columns[_table.KeyColumns[0]], "another row of the snapshot has the same primary key.");
    }
}
