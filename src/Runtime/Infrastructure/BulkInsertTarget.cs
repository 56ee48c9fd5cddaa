using System.ComponentModel;
using System.Data.Common;
using DbPickle.Model;

namespace DbPickle.Infrastructure;

/// <summary>The table a <see cref="BulkInserter"/> writes to, resolved from the runtime model. Used by generated code; not a stable API.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class BulkInsertTarget
{
    private readonly TableMapping _table;

    internal BulkInsertTarget(DbConnection connection, DbTransaction transaction, string tableSql, BulkColumn[] columns, TableMapping table)
    {
        Connection = connection;
        Transaction = transaction;
        TableSql = tableSql;
        Columns = columns;
        _table = table;
    }

    /// <summary>The open connection, inside the load's transaction.</summary>
    public DbConnection Connection { get; }

    /// <summary>The load's transaction.</summary>
    public DbTransaction Transaction { get; }

    /// <summary>The delimited, schema-qualified table name.</summary>
    public string TableSql { get; }

    /// <summary>The columns every row holds, in order.</summary>
    public IReadOnlyList<BulkColumn> Columns { get; }

    /// <summary>The column being written, kept by the inserter so an error can name it.</summary>
    public int CurrentColumn { get; set; }

    /// <summary>The value the database stores for column <paramref name="column"/> of <paramref name="entity"/>: after the value converter; null for NULL.</summary>
    public object? ProviderValue(object entity, int column) => _table.ProviderValue(_table.Columns[column], entity);

    /// <summary>
    /// Hands the value the database stores for column <paramref name="column"/> of <paramref name="entity"/> to
    /// <paramref name="visitor"/>: with the property's static type when no value converter applies (no boxing), else
    /// boxed after the converter.
    /// </summary>
    /// <typeparam name="TVisitor">The visitor.</typeparam>
    public ValueTask VisitProviderValue<TVisitor>(TVisitor visitor, object entity, int column)
        where TVisitor : struct, IValueVisitor
        => _table.AcceptProviderValue(visitor, entity, _table.Columns[column]);
}

/// <summary>A column of a <see cref="BulkInsertTarget"/>. Used by generated code; not a stable API.</summary>
/// <param name="ColumnSql">The delimited column name.</param>
/// <param name="StoreTypeName">The store type without facets (e.g. <c>character varying</c>), as the provider names it.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record BulkColumn(string ColumnSql, string StoreTypeName);
