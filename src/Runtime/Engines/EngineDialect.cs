using System.Data;
using System.Data.Common;
using DbPickle.Execution;
using DbPickle.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace DbPickle.Engines;

/// <summary>
/// What differs between database engines: how a load prepares the session, inserts rows in bulk and resets identity
/// counters. The base class is plain SQL that works on any relational provider, one prepared INSERT per row.
/// </summary>
internal class EngineDialect
{
    protected EngineDialect(ISqlGenerationHelper sql, ILogger logger)
    {
        Sql = sql;
        Logger = logger;
    }

    public ISqlGenerationHelper Sql { get; }

    internal ILogger Logger { get; }

    /// <summary>Where a load may write temporary files (<see cref="LoadOptions.TempDirectory"/>); the system's when null.</summary>
    public string? TempDirectory { get; set; }

    /// <summary>A short name for logs and docs.</summary>
    public virtual string Name => "generic";

    /// <summary>Isolation of the dump's transaction: enough for every table to be read at one point in time.</summary>
    public virtual IsolationLevel DumpIsolation => IsolationLevel.Serializable;

    public static EngineDialect For(DbContext context, Infrastructure.SnapshotDefinition definition, ILogger logger)
    {
        var sql = context.GetService<ISqlGenerationHelper>();
        var provider = context.Database.ProviderName;
        var path = definition.ProviderPaths.FirstOrDefault(b => b.ProviderName == provider);
        return provider switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => new SqliteDialect(sql, logger, path as Infrastructure.SqliteStatements),
            "Npgsql.EntityFrameworkCore.PostgreSQL" => new PostgreSqlDialect(sql, logger, path as Infrastructure.BulkInserterFactory),
            "MySql.EntityFrameworkCore" or "Pomelo.EntityFrameworkCore.MySql" => new MySqlDialect(sql, logger),
            _ => new EngineDialect(sql, logger),
        };
    }

    /// <summary>Whether the table's key is one integer column: the only kind an identity counter serves.</summary>
    protected static bool HasIntegerKey(TableMapping table)
        => table.KeyColumns.Length == 1
            && table.Columns[table.KeyColumns[0]].Spec.Kind is SnapshotValueKind.Byte or SnapshotValueKind.Int16 or SnapshotValueKind.UInt16
                or SnapshotValueKind.Int32 or SnapshotValueKind.UInt32 or SnapshotValueKind.Int64;

    public string Table(TableMapping table) => Sql.DelimitIdentifier(table.Table, table.Schema);

    public string Column(ColumnMapping column) => Sql.DelimitIdentifier(column.ColumnName);

    /// <summary>Whether <see cref="CheckText"/> has anything to check on this engine.</summary>
    public virtual bool ChecksText => false;

    /// <summary>Why the engine cannot store <paramref name="text"/>, or null when it can: checked before a load writes anything.</summary>
    public virtual string? CheckText(string text) => null;

    /// <summary>
    /// Whether <see cref="CheckText"/> might refuse the text these UTF-8 bytes encode: lets the validation pass clear
    /// most rows without decoding their strings. Conservative by default: anything an engine checks needs the string.
    /// </summary>
    public virtual bool MayRefuseText(ReadOnlySpan<byte> utf8) => ChecksText;

    /// <summary>Whether <see cref="CheckText"/> might refuse the one-character text <paramref name="value"/>.</summary>
    public virtual bool MayRefuseChar(char value) => ChecksText;

    /// <summary>
    /// Which of <paramref name="tables"/> (by index) will hold, after the inserts, exactly the rows they held before plus
    /// the rows the engine reports inserting: no other session can write them until the load ends and nothing (a
    /// trigger, a rule) inserts beside it. For those the load takes the engine's own count of each statement instead
    /// of counting the table (a full scan) before and after. Asked after the target is prepared. Default: none.
    /// </summary>
    public virtual ValueTask<IReadOnlySet<int>> TablesCountedExactlyAsync(DbSession session, IReadOnlyList<TableMapping> tables, bool async, CancellationToken cancellationToken)
        => ValueTask.FromResult<IReadOnlySet<int>>(new HashSet<int>());

    /// <summary>Which DateTime kinds or DateTimeOffset offsets <paramref name="column"/> takes; checked before a load writes anything.</summary>
    public virtual StoredTimeKind TimeKindOf(ColumnMapping column) => StoredTimeKind.Any;

    /// <summary>Runs a dump's SELECT of one table; columns are read in order, once each.</summary>
    public virtual async ValueTask<DbDataReader> ExecuteDumpReaderAsync(DbCommand command, bool async, CancellationToken cancellationToken)
        => async
            ? await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false)
            : command.ExecuteReader(CommandBehavior.SequentialAccess);

    /// <summary>
    /// Changes a connection setting the engine ignores inside a transaction, before a load begins its own; returns the
    /// SQL that restores it (run when the load's session closes), or null when nothing changed.
    /// </summary>
    public virtual ValueTask<string?> BeforeOwnLoadTransactionAsync(
        DbConnection connection, IReadOnlyList<TableMapping> tables, LoadMode mode, bool async, CancellationToken cancellationToken)
        => ValueTask.FromResult<string?>(null);

    /// <summary>
    /// Session settings and schema changes that speed up a load, made inside its transaction.
    /// <paramref name="rows"/> holds the rows each table will receive, <paramref name="options"/> the load's mode.
    /// </summary>
    public virtual ValueTask<LoadPreparation> PrepareLoadAsync(
        DbSession session, IReadOnlyList<TableMapping> tables, IReadOnlyList<long> rows, LoadOptions options, bool async, CancellationToken cancellationToken)
        => ValueTask.FromResult(LoadPreparation.None);

    /// <summary>The table's inserter, as <see cref="ChooseInserter"/> picks it; the log says which path it is.</summary>
    public TableInserter CreateInserter(DbSession session, TableMapping table, LoadOptions options)
    {
        var inserter = ChooseInserter(session, table, options);
        SnapshotLog.InsertPath(Logger, table.DisplayName, inserter.PathName);
        return inserter;
    }

    /// <summary>The engine's fastest way to insert <paramref name="table"/>'s rows.</summary>
    protected virtual TableInserter ChooseInserter(DbSession session, TableMapping table, LoadOptions options) => new RowInserter(session, this, table);

    /// <summary>An INSERT of <paramref name="rows"/> rows with parameters named <c>p0, p1, ...</c> row by row.</summary>
    public virtual string InsertSql(TableMapping table, int rows)
    {
        var columns = table.Columns;
        var sql = new System.Text.StringBuilder("INSERT INTO ").Append(Table(table)).Append(" (");
        sql.AppendJoin(", ", columns.Select(Column)).Append(')').Append(InsertModifier).Append(" VALUES ");
        var parameter = 0;
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                sql.Append(c == 0 ? string.Empty : ", ").Append(Sql.GenerateParameterNamePlaceholder("p" + parameter++));
            }

            sql.Append(')');
        }

        return sql.ToString();
    }

    /// <summary>Text between the column list and VALUES, e.g. PostgreSQL's <c>OVERRIDING SYSTEM VALUE</c>.</summary>
    protected virtual string InsertModifier => string.Empty;

    /// <summary>Adds the parameters of <see cref="InsertSql"/>, each configured by the column's EF Core type mapping.</summary>
    public DbParameter[] AddParameters(System.Data.Common.DbCommand command, TableMapping table, int rows)
    {
        var columns = table.Columns;
        var parameters = new DbParameter[rows * columns.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var column = columns[i % columns.Length];
            var parameter = column.TypeMapping.CreateParameter(command, Sql.GenerateParameterName("p" + i), null, column.IsNullable);
            command.Parameters.Add(parameter);
            parameters[i] = parameter;
        }

        return parameters;
    }

    /// <summary>Moves the table's identity counter past its largest key.</summary>
    public virtual ValueTask ResetSequenceAsync(DbSession session, TableMapping table, bool async, CancellationToken cancellationToken)
        => ValueTask.CompletedTask;

    public virtual string SelectExists(TableMapping table) => $"SELECT CASE WHEN EXISTS (SELECT 1 FROM {Table(table)}) THEN 1 ELSE 0 END";

    /// <summary>Rows of the dependent table whose foreign key matches no principal row: at most <paramref name="limit"/> of their keys.</summary>
    public virtual string SelectOrphans(ForeignKeyCheck foreignKey, int limit)
    {
        var keys = string.Join(", ", foreignKey.DependentKeyColumns.Select(c => "d." + Sql.DelimitIdentifier(c)));
        var notNull = string.Join(" AND ", foreignKey.ForeignKeyColumns.Select(c => $"d.{Sql.DelimitIdentifier(c)} IS NOT NULL"));
        var join = string.Join(
            " AND ",
            foreignKey.ForeignKeyColumns.Select((c, k) => $"p.{Sql.DelimitIdentifier(foreignKey.PrincipalColumns[k])} = d.{Sql.DelimitIdentifier(c)}"));
        return $"SELECT {keys} FROM {Sql.DelimitIdentifier(foreignKey.DependentTable, foreignKey.DependentSchema)} d WHERE {notNull} "
            + $"AND NOT EXISTS (SELECT 1 FROM {Sql.DelimitIdentifier(foreignKey.PrincipalTable, foreignKey.PrincipalSchema)} p WHERE {join}) LIMIT {limit}";
    }
}
