using System.Data;
using System.Data.Common;
using DbPickle.Execution;
using DbPickle.Model;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace DbPickle.Engines;

/// <summary>
/// MariaDB and MySQL: dumps read one REPEATABLE READ snapshot (InnoDB's consistent read); loads insert in multi-row
/// batches with foreign key checks off for the session (InnoDB checks row by row and has no deferred constraints, so
/// cycles and self-references in one DELETE would fail) and <c>NO_AUTO_VALUE_ON_ZERO</c> (so an explicit key 0
/// stays 0). Rows written with checks off are never re-checked by the server: the loader's verification query proves
/// before COMMIT that no row is orphaned. AUTO_INCREMENT needs no reset: explicit keys move it forward, and a DELETE
/// never moves it back (changing it would be DDL, which commits the transaction).
/// </summary>
internal sealed class MySqlDialect : EngineDialect
{
    public MySqlDialect(ISqlGenerationHelper sql, ILogger logger)
        : base(sql, logger)
    {
    }

    public override string Name => "mariadb";

    public override IsolationLevel DumpIsolation => IsolationLevel.RepeatableRead;

    /// <summary>
    /// Prepared, so MySql.Data uses the binary protocol: its text protocol gives FLOAT columns six significant digits
    /// (0.33333334 reads as 0.333333), which a dump would then store as the value.
    /// </summary>
    public override async ValueTask<DbDataReader> ExecuteDumpReaderAsync(DbCommand command, bool async, CancellationToken cancellationToken)
    {
        if (async)
        {
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            command.Prepare();
        }

        return new MySqlDumpReader(await base.ExecuteDumpReaderAsync(command, async, cancellationToken).ConfigureAwait(false));
    }

    protected override TableInserter ChooseInserter(DbSession session, TableMapping table) => new BatchInserter(session, this, table);

    public override async ValueTask<LoadPreparation> PrepareLoadAsync(DbSession session, IReadOnlyList<TableMapping> tables, bool async, CancellationToken cancellationToken)
    {
        // Read and restore with literals: MySql.Data takes '@name' for a parameter unless the connection string allows
        // user variables, which is the user's choice, not ours.
        var checks = await session.ScalarAsync("SELECT @@SESSION.foreign_key_checks", async, cancellationToken).ConfigureAwait(false);
        var mode = await session.TextAsync("SELECT @@SESSION.sql_mode", async, cancellationToken).ConfigureAwait(false) ?? string.Empty;
        var loadMode = string.Join(',', mode.Split(',', StringSplitOptions.RemoveEmptyEntries).Append("NO_AUTO_VALUE_ON_ZERO").Distinct());
        await session.ExecuteAsync($"SET SESSION foreign_key_checks = 0, SESSION sql_mode = {Literal(loadMode)}", async, cancellationToken).ConfigureAwait(false);

        // InnoDB runs no ON DELETE action while foreign_key_checks is 0, so a Replace cannot cascade out of the snapshot.
        return new RestoreAfterEnd(session, $"SET SESSION foreign_key_checks = {checks}, SESSION sql_mode = {Literal(mode)}", suspendsDeleteActions: true);
    }

    private static string Literal(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
