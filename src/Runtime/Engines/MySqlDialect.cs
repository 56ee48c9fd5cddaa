using System.Data;
using System.Data.Common;
using DbPickle.Execution;
using DbPickle.Model;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace DbPickle.Engines;

/// <summary>
/// MariaDB and MySQL: dumps read one REPEATABLE READ snapshot (InnoDB's consistent read); loads insert through
/// <c>LOAD DATA LOCAL INFILE</c> when the connection and the server allow it (<see cref="MySqlLoadDataInserter"/>),
/// multi-row batches otherwise, with foreign key checks off for the session (InnoDB checks row by row and has no
/// deferred constraints, so cycles and self-references in one DELETE would fail), <c>NO_AUTO_VALUE_ON_ZERO</c> (so an
/// explicit key 0 stays 0) and <c>STRICT_ALL_TABLES</c> (a value the column cannot hold fails instead of being
/// truncated with a warning, whatever the session's own mode). Rows written with checks off are never re-checked by the
/// server: the loader's verification query proves before COMMIT that no row is orphaned. AUTO_INCREMENT needs no reset: explicit keys move it forward, and a DELETE
/// never moves it back (changing it would be DDL, which commits the transaction).
/// </summary>
internal sealed class MySqlDialect : EngineDialect
{
    /// <summary>The connection-string option that lets MySql.Data (and MySqlConnector) upload any file LOAD DATA LOCAL asks for.</summary>
    internal const string AllowLoadLocalInfile = "AllowLoadLocalInfile";

    /// <summary>MySql.Data's option that lets it upload files under one directory only.</summary>
    internal const string AllowLoadLocalInfileInPath = "AllowLoadLocalInfileInPath";

    /// <summary>Where this load's LOAD DATA files go, or null when the load uses batches (set by <see cref="PrepareLoadAsync"/>).</summary>
    private string? _loadDataDirectory;

    /// <summary>Whether the load's sql_mode takes backslashes in string literals literally.</summary>
    private bool _noBackslashEscapes;

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

    protected override TableInserter ChooseInserter(DbSession session, TableMapping table, LoadOptions options)
        => (_loadDataDirectory is { } directory ? MySqlLoadDataInserter.TryCreate(session, this, table, directory, _noBackslashEscapes, options.LoadDataSliceBytes) : null)
            ?? (TableInserter)new BatchInserter(session, this, table);

    public override async ValueTask<LoadPreparation> PrepareLoadAsync(
        DbSession session, IReadOnlyList<TableMapping> tables, IReadOnlyList<long> rows, LoadOptions options, bool async, CancellationToken cancellationToken)
    {
        // Read and restore with literals: MySql.Data takes '@name' for a parameter unless the connection string allows
        // user variables, which is the user's choice, not ours.
        var checks = await session.ScalarAsync("SELECT @@SESSION.foreign_key_checks", async, cancellationToken).ConfigureAwait(false);
        var mode = await session.TextAsync("SELECT @@SESSION.sql_mode", async, cancellationToken).ConfigureAwait(false) ?? string.Empty;
        var modes = mode.Split(',', StringSplitOptions.RemoveEmptyEntries);
        _noBackslashEscapes = modes.Contains("NO_BACKSLASH_ESCAPES", StringComparer.OrdinalIgnoreCase);
        _loadDataDirectory = await LoadDataDirectoryAsync(session, async, cancellationToken).ConfigureAwait(false);
        var loadMode = string.Join(',', modes.Append("NO_AUTO_VALUE_ON_ZERO").Append("STRICT_ALL_TABLES").Distinct());
        await session.ExecuteAsync($"SET SESSION foreign_key_checks = 0, SESSION sql_mode = {Literal(loadMode)}", async, cancellationToken).ConfigureAwait(false);

        // InnoDB runs no ON DELETE action while foreign_key_checks is 0, so a Replace cannot cascade out of the snapshot.
        return new RestoreAfterEnd(session, $"SET SESSION foreign_key_checks = {checks}, SESSION sql_mode = {Literal(mode)}", suspendsDeleteActions: true);
    }

    /// <summary>
    /// The directory for LOAD DATA files when both sides allow <c>LOAD DATA LOCAL INFILE</c>, else null, saying once
    /// why. Decided before the first statement: a file the client refuses to upload breaks MySql.Data's connection,
    /// and the load could not even roll back. The client side is read from the connection string (MySql.Data keeps
    /// these options in it, password or not, and spells the keys in lower case once open); the server side from
    /// <c>@@GLOBAL.local_infile</c>.
    /// </summary>
    private async ValueTask<string?> LoadDataDirectoryAsync(DbSession session, bool async, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(TempDirectory ?? Path.GetTempPath());
        var (allowsAny, allowedPath) = LocalInfileOptions(session.Connection.ConnectionString);
        string? reason = null;
        if (!allowsAny && allowedPath is null)
        {
            reason = $"the connection string does not allow it; add {AllowLoadLocalInfile}=true to it";
        }
        else if (!allowsAny && !IsWithin(directory, allowedPath!))
        {
            reason = $"the connection string's {AllowLoadLocalInfileInPath} ('{allowedPath}') does not hold the temporary directory '{directory}'; "
                + $"add {AllowLoadLocalInfile}=true, or set LoadOptions.TempDirectory to a directory under that path";
        }
        else if (await session.ScalarAsync("SELECT @@GLOBAL.local_infile", async, cancellationToken).ConfigureAwait(false) == 0)
        {
            reason = "the server does not allow it (local_infile is OFF); start it with --local-infile=1 or run SET GLOBAL local_infile = 1";
        }

        if (reason is not null)
        {
            SnapshotLog.FastPathUnavailable(Logger, "LOAD DATA LOCAL INFILE (faster)", "multi-row INSERT batches", reason);
            return null;
        }

        return directory;
    }

    /// <summary>Whether the connection string allows every file, and the directory it allows otherwise.</summary>
    internal static (bool AllowsAny, string? AllowedPath) LocalInfileOptions(string connectionString)
    {
        var allowsAny = false;
        string? allowedPath = null;
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in builder.Keys)
        {
            // MySql.Data accepts the keys with or without spaces, in any case.
            var name = key.Replace(" ", string.Empty, StringComparison.Ordinal);
            var value = Convert.ToString(builder[key], System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? string.Empty;
            if (name.Equals(AllowLoadLocalInfile, StringComparison.OrdinalIgnoreCase))
            {
                allowsAny = value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value == "1";
            }
            else if (name.Equals(AllowLoadLocalInfileInPath, StringComparison.OrdinalIgnoreCase) && value.Length > 0)
            {
                allowedPath = value;
            }
        }

        return (allowsAny, allowedPath);
    }

    /// <summary>Whether <paramref name="directory"/> is <paramref name="allowed"/> or below it, comparing whole path segments.</summary>
    internal static bool IsWithin(string directory, string allowed)
    {
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(allowed)) + Path.DirectorySeparatorChar;
        return (Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + Path.DirectorySeparatorChar).StartsWith(root, comparison);
    }

    private static string Literal(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
