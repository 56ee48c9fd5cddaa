namespace DbPickle;

/// <summary>What a dump or load did.</summary>
public sealed class SnapshotSummary
{
    internal SnapshotSummary(IReadOnlyList<SnapshotTableSummary> tables, long bytes, TimeSpan elapsed)
    {
        Tables = tables;
        Bytes = bytes;
        Elapsed = elapsed;
        long total = 0;
        foreach (var table in tables)
        {
            total += table.Rows;
        }

        TotalRows = total;
    }

    /// <summary>One entry per table, in the order the tables were processed.</summary>
    public IReadOnlyList<SnapshotTableSummary> Tables { get; }

    /// <summary>Rows written (dump) or inserted (load), all tables together.</summary>
    public long TotalRows { get; }

    /// <summary>Size of the snapshot file in bytes.</summary>
    public long Bytes { get; }

    /// <summary>Wall-clock time of the whole operation.</summary>
    public TimeSpan Elapsed { get; }

    /// <inheritdoc />
    public override string ToString() => $"{TotalRows} rows in {Tables.Count} tables, {Bytes} bytes, {Elapsed.TotalMilliseconds:F0} ms";
}

/// <summary>What a dump or load did with one table.</summary>
/// <param name="Table">The physical table name.</param>
/// <param name="EntityType">The EF Core entity type name mapped to the table.</param>
/// <param name="Rows">Rows written (dump) or inserted (load).</param>
/// <param name="SkippedRows">Rows a hook dropped with <see cref="SnapshotRow.Skip"/> (load only).</param>
/// <param name="Elapsed">Time spent on this table.</param>
public sealed record SnapshotTableSummary(string Table, string EntityType, long Rows, long SkippedRows, TimeSpan Elapsed);
