using System.Data.Common;
using System.Globalization;
using DbPickle.Execution;
using DbPickle.Model;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace DbPickle.Engines;

/// <summary>
/// SQLite: one reused prepared INSERT per table inside the load's transaction, a large page cache while loading, and
/// <c>sqlite_sequence</c> reset for AUTOINCREMENT tables. Foreign keys are deferred to COMMIT, which checks them all
/// (the loader names the rows if it refuses). When a Replace would let a table outside the load cascade, they are
/// switched off instead (SQLite accepts that only outside a transaction) and <c>PRAGMA foreign_key_check</c> proves
/// them before COMMIT. Inside the caller's transaction the setting cannot change and the COMMIT is not the load's, so
/// keys are deferred and the loader's query proves them.
/// </summary>
internal sealed class SqliteDialect : EngineDialect
{
    /// <summary>Page cache for bulk work, in KiB (negative means KiB to SQLite): 256 MiB, measured about 1.6× faster than the default.</summary>
    private const int BulkCacheKiB = 256 * 1024;

    /// <summary>Rows <c>PRAGMA foreign_key_check</c> names in an error; the loader's own query names them by key.</summary>
    private const int MaxReportedViolations = 10;

    private readonly Infrastructure.SqliteStatements? _statements;

    /// <param name="sql">The provider's SQL helper.</param>
    /// <param name="logger">The load's logger.</param>
    /// <param name="statements">
    /// The generated C-API insert path (present when the application references SQLitePCLRaw, as every
    /// Microsoft.Data.Sqlite application does), or null for Microsoft.Data.Sqlite's parameters.
    /// </param>
    public SqliteDialect(ISqlGenerationHelper sql, ILogger logger, Infrastructure.SqliteStatements? statements)
        : base(sql, logger) => _statements = statements;

    public override string Name => "sqlite";

    /// <summary>The generated C-API path (statements on EF Core's connection), or null without SQLitePCLRaw.</summary>
    public Infrastructure.SqliteStatements? Statements => _statements;

    /// <summary>
    /// One prepared INSERT per table through SQLite's C API (see <see cref="SqliteStatementInserter"/>); a table with a
    /// column that path does not bind, or an application without SQLitePCLRaw, goes through the provider's parameters.
    /// </summary>
    protected override TableInserter ChooseInserter(DbSession session, TableMapping table, LoadOptions options)
        => (TableInserter?)(_statements is null ? null : SqliteStatementInserter.TryCreate(session, this, table, _statements))
            ?? new RowInserter(session, this, table);

    /// <summary>
    /// Microsoft.Data.Sqlite starts a ReadUncommitted transaction with a plain (deferred) <c>BEGIN</c>: the first
    /// read takes a snapshot and other connections keep writing (WAL) and a read-only file can be dumped, where
    /// Serializable's <c>BEGIN IMMEDIATE</c> would take the write lock. Dirty reads exist only with a shared cache.
    /// </summary>
    public override System.Data.IsolationLevel DumpIsolation => System.Data.IsolationLevel.ReadUncommitted;

    /// <summary>
    /// Switches foreign keys off (for the load's own transaction only) when a Replace would otherwise let an
    /// <c>ON DELETE</c> action of a table outside the load delete or change that table's rows. Otherwise they stay on,
    /// deferred to COMMIT, which checks them all at no extra cost.
    /// </summary>
    public override async ValueTask<string?> BeforeOwnLoadTransactionAsync(
        DbConnection connection, IReadOnlyList<TableMapping> tables, LoadMode mode, bool async, CancellationToken cancellationToken)
    {
        if (mode != LoadMode.Replace || tables.Count == 0)
        {
            return null;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys";
        if (Convert.ToInt64(await ScalarAsync(command, async, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        var loaded = string.Join(", ", tables.Select(t => Literal(t.Table)));
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f "
            + $"WHERE m.type = 'table' AND m.name COLLATE NOCASE NOT IN ({loaded}) AND f.\"table\" COLLATE NOCASE IN ({loaded}) "
            + "AND f.on_delete IN ('CASCADE', 'SET NULL', 'SET DEFAULT'))";
        if (Convert.ToInt64(await ScalarAsync(command, async, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        command.CommandText = "PRAGMA foreign_keys = OFF";
        _ = async ? await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteNonQuery();
        return "PRAGMA foreign_keys = ON";
    }

    public override async ValueTask<LoadPreparation> PrepareLoadAsync(
        DbSession session, IReadOnlyList<TableMapping> tables, IReadOnlyList<long> rows, LoadOptions options, bool async, CancellationToken cancellationToken)
    {
        var previousCache = await session.ScalarAsync("PRAGMA cache_size", async, cancellationToken).ConfigureAwait(false);
        await session.ExecuteAsync($"PRAGMA cache_size = -{BulkCacheKiB}", async, cancellationToken).ConfigureAwait(false);
        var restoreCache = $"PRAGMA cache_size = {previousCache}";
        if (await session.ScalarAsync("PRAGMA foreign_keys", async, cancellationToken).ConfigureAwait(false) == 0)
        {
            return new CheckForeignKeysBeforeCommit(session, tables, restoreCache);
        }

        // defer_foreign_keys lasts until the transaction ends: rows may arrive in any order, and the COMMIT refuses
        // any violation left. Inside the caller's transaction that COMMIT is not ours, so the loader's query checks.
        await session.ExecuteAsync("PRAGMA defer_foreign_keys = ON", async, cancellationToken).ConfigureAwait(false);
        return new DeferForeignKeys(session, restoreCache, checkedAtCommit: session.OwnsTransaction);
    }

    public override async ValueTask ResetSequenceAsync(DbSession session, TableMapping table, bool async, CancellationToken cancellationToken)
    {
        if (!HasIntegerKey(table))
        {
            return;
        }

        var hasSequences = await session.ScalarAsync(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'", async, cancellationToken).ConfigureAwait(false);
        if (hasSequences == 0)
        {
            return;
        }

        // Only AUTOINCREMENT tables have a row here; inserting explicit keys already raised it, but after a Replace
        // it still holds the deleted rows' high-water mark.
        var key = Column(table.Columns[table.KeyColumns[0]]);
        await session.ExecuteAsync(
            $"UPDATE sqlite_sequence SET seq = (SELECT COALESCE(MAX({key}), 0) FROM {Table(table)}) WHERE name = {Literal(table.Table)}",
            async,
            cancellationToken).ConfigureAwait(false);
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async ValueTask<object?> ScalarAsync(DbCommand command, bool async, CancellationToken cancellationToken)
        => async ? await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteScalar();

    /// <summary>Foreign keys deferred to the end of the transaction; the page cache restored after it.</summary>
    private sealed class DeferForeignKeys(DbSession session, string restoreCache, bool checkedAtCommit) : LoadPreparation
    {
        public override bool RevalidatesForeignKeys => checkedAtCommit;

        public override bool ChecksForeignKeysAtCommit => checkedAtCommit;

        public override async ValueTask AfterEndAsync(bool async)
            => await session.ExecuteAsync(restoreCache, async, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// With foreign keys off, proves before COMMIT that every foreign key of the loaded tables, and of every table
    /// referencing them (inside the EF model or not), still holds: <c>PRAGMA foreign_key_check</c> reads each such
    /// table once, in SQLite's own code.
    /// </summary>
    private sealed class CheckForeignKeysBeforeCommit(DbSession session, IReadOnlyList<TableMapping> tables, string restoreCache) : LoadPreparation
    {
        public override bool RevalidatesForeignKeys => true;

        public override bool SuspendsDeleteActions => true;

        public override async ValueTask BeforeCommitAsync(bool async, CancellationToken cancellationToken)
        {
            var checkedTables = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var table in tables)
            {
                checkedTables.Add(table.Table);
            }

            var loaded = string.Join(", ", tables.Select(t => Literal(t.Table)));
            await using (var command = session.CreateCommand(
                "SELECT DISTINCT m.name FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f "
                + $"WHERE m.type = 'table' AND f.\"table\" COLLATE NOCASE IN ({loaded})"))
            await using (var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader())
            {
                while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
                {
                    checkedTables.Add(reader.GetString(0));
                }
            }

            var problems = new List<string>();
            long total = 0;
            foreach (var table in checkedTables)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await using var command = session.CreateCommand($"PRAGMA foreign_key_check(\"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\")");
                await using var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
                while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
                {
                    // Columns: table, rowid (null for WITHOUT ROWID tables), parent table, foreign key id.
                    total++;
                    if (problems.Count < MaxReportedViolations)
                    {
                        var rowid = reader.IsDBNull(1) ? "a row" : $"row with rowid {reader.GetInt64(1)}";
                        problems.Add($"{rowid} of '{reader.GetString(0)}' references a missing row of '{reader.GetString(2)}'");
                    }
                }
            }

            if (total > 0)
            {
                throw new SnapshotException(
                    $"Foreign keys do not hold after loading ({total} row(s)): {string.Join("; ", problems)}. Nothing was changed.");
            }
        }

        public override async ValueTask AfterEndAsync(bool async)
            => await session.ExecuteAsync(restoreCache, async, CancellationToken.None).ConfigureAwait(false);
    }
}
