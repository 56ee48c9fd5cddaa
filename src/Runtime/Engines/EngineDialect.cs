using System.Data;
using DbPickle.Execution;
using DbPickle.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DbPickle.Engines;

/// <summary>
/// What differs between database engines: how a load prepares the session, inserts rows in bulk and resets identity
/// counters. The base class is plain SQL that works on any relational provider, one prepared INSERT per row.
/// </summary>
internal class EngineDialect
{
    protected EngineDialect(ISqlGenerationHelper sql) => Sql = sql;

    public ISqlGenerationHelper Sql { get; }

    /// <summary>A short name for logs and docs.</summary>
    public virtual string Name => "generic";

    /// <summary>Isolation of the dump's transaction: enough for every table to be read at one point in time.</summary>
    public virtual IsolationLevel DumpIsolation => IsolationLevel.Serializable;

    public static EngineDialect For(DbContext context)
    {
        var sql = context.GetService<ISqlGenerationHelper>();
        return context.Database.ProviderName switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => new SqliteDialect(sql),
            _ => new EngineDialect(sql),
        };
    }

    public string Table(TableMapping table) => Sql.DelimitIdentifier(table.Table, table.Schema);

    public string Column(ColumnMapping column) => Sql.DelimitIdentifier(column.ColumnName);

    /// <summary>Session settings for a load, inside its transaction; returns what to run afterwards to restore them.</summary>
    public virtual ValueTask<Func<bool, ValueTask>?> PrepareLoadAsync(DbSession session, bool async, CancellationToken cancellationToken)
        => ValueTask.FromResult<Func<bool, ValueTask>?>(null);

    public virtual RowInserter CreateInserter(DbSession session, TableMapping table) => new(session, this, table);

    /// <summary>Moves the table's identity counter past its largest key.</summary>
    public virtual ValueTask ResetSequenceAsync(DbSession session, TableMapping table, bool async, CancellationToken cancellationToken)
        => ValueTask.CompletedTask;

    public virtual string SelectExists(TableMapping table) => $"SELECT CASE WHEN EXISTS (SELECT 1 FROM {Table(table)}) THEN 1 ELSE 0 END";

    /// <summary>Rows of the dependent table whose foreign key matches no principal row: at most <paramref name="limit"/> of their keys.</summary>
    public virtual string SelectOrphans(ForeignKeyMapping foreignKey, int limit)
    {
        var dependent = foreignKey.Dependent;
        var principal = foreignKey.Principal;
        var keys = string.Join(", ", dependent.KeyColumns.Select(i => "d." + Column(dependent.Columns[i])));
        var notNull = string.Join(" AND ", foreignKey.DependentColumns.Select(i => $"d.{Column(dependent.Columns[i])} IS NOT NULL"));
        var join = string.Join(
            " AND ",
            foreignKey.DependentColumns.Select((d, k) => $"p.{Column(principal.Columns[foreignKey.PrincipalColumns[k]])} = d.{Column(dependent.Columns[d])}"));
        return $"SELECT {keys} FROM {Table(dependent)} d WHERE {notNull} AND NOT EXISTS (SELECT 1 FROM {Table(principal)} p WHERE {join}) LIMIT {limit}";
    }
}
