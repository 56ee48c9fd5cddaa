using System.Runtime.CompilerServices;

namespace DbPickle.Loading;

/// <summary>
/// Reads one table's spooled rows in the order pass 2 inserts them: spool order, or parents first for a
/// self-referencing table. The insert loop and the lookup that names a row the database refused both walk it, so
/// they cannot disagree on which row is the n-th.
/// </summary>
internal sealed class InsertOrderCursor : IDisposable
{
    private readonly TableLoadPlan _plan;
    private readonly RowSpool _spool;
    private readonly IEnumerator<long>? _parentsFirst;
    private long _next;
    private long _read;

    public InsertOrderCursor(TableLoadPlan plan, RowSpool spool)
    {
        _plan = plan;
        _spool = spool;
        _parentsFirst = plan.SelfReferenceOrder?.Offsets().GetEnumerator();
        _next = plan.SpoolStart;
    }

    /// <summary>
    /// Reads the next row: model columns in <paramref name="record"/> [0, <paramref name="modelLength"/>), the original
    /// row after them. Valid until the next read; false after the last row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read(out byte[] record, out int modelLength, out int originalLength)
    {
        if (_read == _plan.SpooledRows)
        {
            (record, modelLength, originalLength) = ([], 0, 0);
            return false;
        }

        if (_parentsFirst is not null)
        {
            _parentsFirst.MoveNext();
            _next = _parentsFirst.Current;
        }

        _next += _spool.Read(_next, out record, out modelLength, out originalLength);
        _read++;
        return true;
    }

    public void Dispose() => _parentsFirst?.Dispose();
}
