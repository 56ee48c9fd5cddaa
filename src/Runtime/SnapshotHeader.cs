namespace DbPickle;

/// <summary>The header of a snapshot file: where it came from and what it holds. Read with <see cref="SnapshotFile.ReadHeader(Stream)"/>.</summary>
public sealed class SnapshotHeader
{
    internal SnapshotHeader(
        int formatVersion,
        string producer,
        string sourceEngine,
        string contextType,
        DateTime createdUtc,
        ulong schemaFingerprint,
        IReadOnlyList<SnapshotTableInfo> tables)
    {
        FormatVersion = formatVersion;
        Producer = producer;
        SourceEngine = sourceEngine;
        ContextType = contextType;
        CreatedUtc = createdUtc;
        SchemaFingerprint = schemaFingerprint;
        Tables = tables;
    }

    /// <summary>The file format version (see docs/FORMAT.md).</summary>
    public int FormatVersion { get; }

    /// <summary>The library and version that wrote the file.</summary>
    public string Producer { get; }

    /// <summary>The EF Core provider of the source database, e.g. <c>Microsoft.EntityFrameworkCore.Sqlite</c>.</summary>
    public string SourceEngine { get; }

    /// <summary>The CLR full name of the DbContext that was dumped.</summary>
    public string ContextType { get; }

    /// <summary>When the dump started, in UTC.</summary>
    public DateTime CreatedUtc { get; }

    /// <summary>A hash of the tables and columns (names, value kinds, nullability): equal fingerprints mean equal row layouts.</summary>
    public ulong SchemaFingerprint { get; }

    /// <summary>The tables, in the order their rows appear in the file (parents before children).</summary>
    public IReadOnlyList<SnapshotTableInfo> Tables { get; }

    /// <summary>Rows in the file, all tables together.</summary>
    public long TotalRows
    {
        get
        {
            long total = 0;
            foreach (var table in Tables)
            {
                total += table.RowCount;
            }

            return total;
        }
    }
}

/// <summary>One table of a snapshot file.</summary>
public sealed class SnapshotTableInfo
{
    private readonly Dictionary<string, int> _columnIndex;

    internal SnapshotTableInfo(string entityType, string table, string? schema, long rowCount, IReadOnlyList<SnapshotColumnInfo> columns)
    {
        EntityType = entityType;
        Table = table;
        Schema = schema;
        RowCount = rowCount;
        Columns = columns;
        _columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        // Property names win over column names: hooks address columns by property name.
        for (var i = columns.Count - 1; i >= 0; i--)
        {
            _columnIndex[columns[i].Column] = i;
        }

        for (var i = columns.Count - 1; i >= 0; i--)
        {
            _columnIndex[columns[i].Property] = i;
        }
    }

    /// <summary>The EF Core entity type name (the CLR full name) the rows belong to.</summary>
    public string EntityType { get; }

    /// <summary>The physical table name in the source database.</summary>
    public string Table { get; }

    /// <summary>The table's schema in the source database, if any.</summary>
    public string? Schema { get; }

    /// <summary>Rows of this table in the file.</summary>
    public long RowCount { get; }

    /// <summary>The columns, in the order values appear in each row.</summary>
    public IReadOnlyList<SnapshotColumnInfo> Columns { get; }

    /// <summary>Finds a column by property name, then by physical column name; -1 when absent.</summary>
    internal int IndexOf(string name) => _columnIndex.TryGetValue(name, out var index) ? index : -1;
}

/// <summary>One column of a table in a snapshot file.</summary>
/// <param name="Property">The EF Core property name.</param>
/// <param name="Column">The physical column name in the source database.</param>
/// <param name="Kind">How the values are encoded.</param>
/// <param name="Nullable">Whether values may be null (each value then carries a presence byte).</param>
/// <param name="StoreType">The column's store type in the source database, e.g. <c>varchar(200)</c>, for information.</param>
/// <param name="IsKey">Whether the column is part of the primary key.</param>
public sealed record SnapshotColumnInfo(string Property, string Column, SnapshotValueKind Kind, bool Nullable, string StoreType, bool IsKey);
