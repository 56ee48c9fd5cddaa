using Microsoft.Extensions.Logging;

namespace DbPickle;

/// <summary>Log messages, written through the DbContext's own <see cref="ILoggerFactory"/> under the category <c>DbPickle</c>.</summary>
internal static class SnapshotLog
{
    public const string Category = "DbPickle";

    private static readonly Action<ILogger, string, long, double, string, Exception?> s_tableDumped = LoggerMessage.Define<string, long, double, string>(
        LogLevel.Information, new EventId(1, "TableDumped"), "Dumped table {Table}: {Rows} rows in {Milliseconds:F1} ms, read through {Reader}");

    private static readonly Action<ILogger, string, long, long, double, Exception?> s_tableLoaded = LoggerMessage.Define<string, long, long, double>(
        LogLevel.Information, new EventId(2, "TableLoaded"), "Loaded table {Table}: {Rows} rows inserted, {Skipped} skipped by hooks, in {Milliseconds:F1} ms");

    private static readonly Action<ILogger, string, long?, Exception?> s_tableStarted = LoggerMessage.Define<string, long?>(
        LogLevel.Debug, new EventId(3, "TableStarted"), "Started table {Table} ({Rows} rows)");

    private static readonly Action<ILogger, string, string, Exception?> s_planDisagrees = LoggerMessage.Define<string, string>(
        LogLevel.Warning, new EventId(4, "PlanDisagrees"),
        "The insert order computed at build time ({BuildTime}) disagrees with the runtime model's foreign keys; using the runtime order ({Runtime}). Rebuild to refresh the generated plan.");

    private static readonly Action<ILogger, string, Exception?> s_unknownTableSkipped = LoggerMessage.Define<string>(
        LogLevel.Warning, new EventId(5, "UnknownTableSkipped"), "Skipped table {Table} from the snapshot: the model has no entity type for it (LoadOptions.SkipUnknownTables)");

    private static readonly Action<ILogger, string, string, Exception?> s_columnsDefaulted = LoggerMessage.Define<string, string>(
        LogLevel.Information, new EventId(6, "ColumnsDefaulted"), "Table {Table}: the snapshot has no values for {Columns}; they get the CLR default unless a hook sets them");

    private static readonly Action<ILogger, string, string, Exception?> s_columnsDropped = LoggerMessage.Define<string, string>(
        LogLevel.Information, new EventId(7, "ColumnsDropped"), "Table {Table}: the model has no property for snapshot columns {Columns}; hooks can read them with row.Get<T>()");

    private static readonly Action<ILogger, string, long, long, double, Exception?> s_operationFinished = LoggerMessage.Define<string, long, long, double>(
        LogLevel.Information, new EventId(8, "Finished"), "{Operation} finished: {Rows} rows, {Bytes} bytes, {Milliseconds:F0} ms");

    private static readonly Action<ILogger, long, Exception?> s_dryRun = LoggerMessage.Define<long>(
        LogLevel.Information, new EventId(9, "DryRun"), "Dry run: {Rows} rows loaded and verified, then rolled back; the target is unchanged");

    public static void DryRunRolledBack(ILogger logger, long rows) => s_dryRun(logger, rows, null);

    private static readonly Action<ILogger, string, Exception?> s_constraintsKept = LoggerMessage.Define<string>(
        LogLevel.Warning, new EventId(10, "ConstraintsKept"),
        "Could not drop the foreign keys of the loaded tables for the duration of the load ({Reason}); they stay in place and are checked per statement, which is slower and cannot load cycles between tables. Grant the loading user ownership of the tables for the fast path.");

    public static void ConstraintsKept(ILogger logger, string reason) => s_constraintsKept(logger, reason, null);

    private static readonly Action<ILogger, string, int, Exception?> s_indexesSetAside = LoggerMessage.Define<string, int>(
        LogLevel.Debug, new EventId(15, "IndexesSetAside"), "Table {Table}: {Count} indexes dropped for the load, built again before COMMIT");

    /// <summary>PostgreSQL: a table filled from empty gets its indexes built once after the rows instead of updated per row.</summary>
    public static void IndexesSetAside(ILogger logger, string table, int count) => s_indexesSetAside(logger, table, count, null);

    private static readonly Action<ILogger, string, string, Exception?> s_indexesKept = LoggerMessage.Define<string, string>(
        LogLevel.Information, new EventId(16, "IndexesKept"),
        "Table {Table}: its indexes stay in place during the load, updated row by row, because one could not be dropped ({Reason})");

    public static void IndexesKept(ILogger logger, string table, string reason) => s_indexesKept(logger, table, reason, null);

    private static readonly Action<ILogger, string, Exception?> s_cleanupFailed = LoggerMessage.Define<string>(
        LogLevel.Warning, new EventId(11, "CleanupFailed"), "After a failed operation, the {Step} failed too; the original error is the one thrown");

    public static void CleanupFailed(ILogger logger, string step, Exception exception) => s_cleanupFailed(logger, step, exception);

    private static readonly Action<ILogger, string, string, Exception?> s_insertPath = LoggerMessage.Define<string, string>(
        LogLevel.Debug, new EventId(12, "InsertPath"), "Table {Table} is inserted through {Path}");

    public static void InsertPath(ILogger logger, string table, string path) => s_insertPath(logger, table, path, null);

    private static readonly Action<ILogger, string, Exception?> s_rowCountTrusted = LoggerMessage.Define<string>(
        LogLevel.Debug, new EventId(14, "RowCountTrusted"), "Table {Table} has no trigger and no other session can write it during the load: its row count is the rows the database took, not counted again");

    public static void RowCountTrusted(ILogger logger, string table) => s_rowCountTrusted(logger, table, null);

    private static readonly Action<ILogger, string, string, string, Exception?> s_fastPathUnavailable = LoggerMessage.Define<string, string, string>(
        LogLevel.Information, new EventId(13, "FastPathUnavailable"), "This load cannot use {Path}, so it uses {Fallback}: {Reason}");

    /// <summary>Once per load, when the engine's fastest insert path is not allowed and another takes its place.</summary>
    public static void FastPathUnavailable(ILogger logger, string path, string fallback, string reason) => s_fastPathUnavailable(logger, path, fallback, reason, null);

    public static ILogger Create(ILoggerFactory? factory)
        => factory?.CreateLogger(Category) ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public static void TableDumped(ILogger logger, string table, long rows, TimeSpan elapsed, string reader) => s_tableDumped(logger, table, rows, elapsed.TotalMilliseconds, reader, null);

    public static void TableLoaded(ILogger logger, string table, long rows, long skipped, TimeSpan elapsed) => s_tableLoaded(logger, table, rows, skipped, elapsed.TotalMilliseconds, null);

    public static void TableStarted(ILogger logger, string table, long? rows) => s_tableStarted(logger, table, rows, null);

    public static void PlanDisagrees(ILogger logger, string buildTime, string runtime) => s_planDisagrees(logger, buildTime, runtime, null);

    public static void UnknownTableSkipped(ILogger logger, string table) => s_unknownTableSkipped(logger, table, null);

    public static void ColumnsDefaulted(ILogger logger, string table, string columns) => s_columnsDefaulted(logger, table, columns, null);

    public static void ColumnsDropped(ILogger logger, string table, string columns) => s_columnsDropped(logger, table, columns, null);

    public static void Finished(ILogger logger, string operation, long rows, long bytes, TimeSpan elapsed) => s_operationFinished(logger, operation, rows, bytes, elapsed.TotalMilliseconds, null);
}
