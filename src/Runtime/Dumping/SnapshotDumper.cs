using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Diagnostics;
using DbPickle.Engines;
using DbPickle.Execution;
using DbPickle.Format;
using DbPickle.Infrastructure;
using DbPickle.Model;
using MemoryPack;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using System.Runtime.CompilerServices;

namespace DbPickle.Dumping;

/// <summary>
/// Reads every row of every snapshot table inside one transaction (one point in time) and streams it to the file in
/// checksummed chunks. Memory stays at about one chunk whatever the database size.
/// </summary>
internal static class SnapshotDumper
{
    public static async ValueTask<SnapshotSummary> DumpAsync(
        DbContext context, SnapshotDefinition definition, Stream destination, DumpOptions? options, bool async, CancellationToken cancellationToken)
    {
        options ??= new DumpOptions();
        var chunkSize = Math.Clamp(options.ChunkSize, 1024, FileFormat.MaxPayloadSize / 2);
        var total = Stopwatch.StartNew();
        var logger = SnapshotLog.Create(context.GetService<ILoggerFactory>());
        var model = SnapshotModel.Bind(context, definition, logger);
        var dialect = EngineDialect.For(context, definition, logger);
        var session = await DbSession.OpenAsync(context, dialect.DumpIsolation, savepointInUserTransaction: false, async, cancellationToken).ConfigureAwait(false);
        try
        {
            var tables = model.Tables;
            var counts = new long[tables.Count];
            var file = new SnapshotFileWriter(destination);

            // The header holds each table's row count. A seekable destination (a file) gets them patched in once the rows
            // are written; only a stream that cannot seek pays a COUNT(*) per table first (a full scan on PostgreSQL).
            var countFirst = !file.CanPatchHeader;
            if (countFirst)
            {
                for (var i = 0; i < tables.Count; i++)
                {
                    counts[i] = await session.ScalarAsync($"SELECT COUNT(*) FROM {dialect.Table(tables[i])}", async, cancellationToken).ConfigureAwait(false);
                }
            }

            var createdAt = DateTime.UtcNow;
            await file.WriteHeaderAsync(CreateHeader(context, definition, tables, counts, createdAt), async, cancellationToken).ConfigureAwait(false);

            var buffer = new ArrayBufferWriter<byte>(chunkSize + (chunkSize / 4));
            using var writerState = MemoryPackWriterOptionalStatePool.Rent(MemoryPackSerializerOptions.Utf8);
            var summaries = new List<SnapshotTableSummary>(tables.Count);
            for (var t = 0; t < tables.Count; t++)
            {
                var table = tables[t];
                var started = Stopwatch.GetTimestamp();
                long? expected = countFirst ? counts[t] : null;
                SnapshotLog.TableStarted(logger, table.DisplayName, expected);
                options.Progress?.Report(new SnapshotProgress(table.Table, 0, expected, "dump"));
                var sql = SelectAll(dialect, table);
                using var direct = dialect is SqliteDialect { Statements: { } statements } && !options.ProviderReaderOnly
                    ? SqliteTableReader.TryCreate(session, statements, table, sql)
                    : null;
                await using var copy = dialect is PostgreSqlDialect { Copy: { } copyPath } && !options.ProviderReaderOnly
                    ? await PostgresCopyReader.TryCreateAsync(session, copyPath, dialect, table, async, cancellationToken).ConfigureAwait(false)
                    : null;
                await using var command = direct is null && copy is null ? session.CreateCommand(sql) : null;
                await using var reader = command is null ? null : await dialect.ExecuteDumpReaderAsync(command, async, cancellationToken).ConfigureAwait(false);

                // One entity instance serves as the typed buffer for every row: a dump runs no hooks, so nothing keeps it.
                var entity = table.Codec.CreateEntity();
                long rows = 0;
                var chunkRows = 0;
                while (true)
                {
                    if (direct is not null)
                    {
                        if (!direct.ReadRow(buffer, writerState))
                        {
                            break;
                        }
                    }
                    else if (copy is not null)
                    {
                        if (!await copy.ReadRowAsync(buffer, writerState, async, cancellationToken).ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    else
                    {
                        if (!(async ? await reader!.ReadAsync(cancellationToken).ConfigureAwait(false) : reader!.Read()))
                        {
                            break;
                        }

                        ReadRow(reader, table, entity);
                        EncodeRow(buffer, writerState, table, entity);
                    }

                    rows++;
                    chunkRows++;
                    if (buffer.WrittenCount >= chunkSize)
                    {
                        await file.WriteRowsAsync(t, chunkRows, buffer.WrittenMemory, async, cancellationToken).ConfigureAwait(false);
                        buffer.ResetWrittenCount();
                        chunkRows = 0;
                        options.Progress?.Report(new SnapshotProgress(table.Table, rows, expected, "dump"));
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }

                if (chunkRows > 0)
                {
                    await file.WriteRowsAsync(t, chunkRows, buffer.WrittenMemory, async, cancellationToken).ConfigureAwait(false);
                    buffer.ResetWrittenCount();
                }

                if (!countFirst)
                {
                    counts[t] = rows;
                }
                else if (rows != counts[t])
                {
                    throw new SnapshotException(
                        $"Table '{table.DisplayName}' returned {rows} rows but counted {counts[t]} in the same transaction; another writer changed it. Dump again.");
                }

                var elapsed = Stopwatch.GetElapsedTime(started);
                options.Progress?.Report(new SnapshotProgress(table.Table, rows, rows, "dump"));
                SnapshotLog.TableDumped(logger, table.DisplayName, rows, elapsed, direct is not null ? "SQLite's C API" : copy is not null ? "binary COPY" : "the provider's DbDataReader");
                summaries.Add(new SnapshotTableSummary(table.Table, table.EntityName, rows, 0, elapsed));
            }

            if (!countFirst)
            {
                await file.PatchHeaderAsync(CreateHeader(context, definition, tables, counts, createdAt), async, cancellationToken).ConfigureAwait(false);
            }

            await file.WriteTrailerAsync(counts, async, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(async, cancellationToken).ConfigureAwait(false);
            var summary = new SnapshotSummary(summaries, file.BytesWritten, total.Elapsed);
            SnapshotLog.Finished(logger, "Dump", summary.TotalRows, summary.Bytes, summary.Elapsed);
            return summary;
        }
        catch
        {
            await session.AbandonAsync(async, logger).ConfigureAwait(false);
            throw;
        }
        finally
        {
            await session.CloseAsync(async, logger).ConfigureAwait(false);
        }
    }

    private static SnapshotHeader CreateHeader(DbContext context, SnapshotDefinition definition, IReadOnlyList<TableMapping> tables, long[] counts, DateTime createdAt)
    {
        var infos = new SnapshotTableInfo[tables.Count];
        for (var t = 0; t < tables.Count; t++)
        {
            var table = tables[t];
            var columns = new SnapshotColumnInfo[table.Columns.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                var column = table.Columns[c];
                columns[c] = new SnapshotColumnInfo(column.PropertyName, column.ColumnName, column.Spec.Kind, column.Spec.Nullable, column.StoreType, column.IsKey);
            }

            infos[t] = new SnapshotTableInfo(table.EntityName, table.Table, table.Schema, counts[t], columns);
        }

        return new SnapshotHeader(
            FileFormat.Version,
            "DbPickle " + typeof(SnapshotDumper).Assembly.GetName().Version?.ToString(3),
            context.Database.ProviderName ?? "unknown",
            definition.ContextName,
            createdAt,
            HeaderCodec.Fingerprint(infos),
            infos);
    }

    private static string SelectAll(EngineDialect dialect, TableMapping table)
        => $"SELECT {string.Join(", ", table.Columns.Select(dialect.Column))} FROM {dialect.Table(table)}";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadRow(DbDataReader reader, TableMapping table, object entity)
    {
        var columns = table.Columns;
        var ordinal = 0;
        try
        {
            for (; ordinal < columns.Length; ordinal++)
            {
                table.Codec.ReadFromDb(reader, ordinal, entity, columns[ordinal].PropertyIndex, columns[ordinal].Conversion);
            }
        }
        catch (Exception exception) when (IsUnreadableValue(exception))
        {
            throw ReadFailed(table, columns[ordinal], ordinal > table.KeyColumns.Max() ? table.DescribeKey(entity) : "key not read yet", exception);
        }
    }

    /// <summary>What reading a stored value into a property throws when the value does not fit it (NULL in a non-nullable property included).</summary>
    internal static bool IsUnreadableValue(Exception exception)
        => exception is InvalidCastException or FormatException or OverflowException or NullReferenceException or ArgumentException or InvalidOperationException;

    /// <summary>The error for a stored value that does not fit its property, naming the table, the row's key and the column.</summary>
    internal static SnapshotException ReadFailed(TableMapping table, ColumnMapping column, string key, Exception exception)
        => new(
            $"Reading column '{column.ColumnName}' of table '{table.DisplayName}' [{key}] failed: {exception.Message} "
            + "The stored value does not fit the property's type; fix the value or the model mapping.",
            exception);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EncodeRow(ArrayBufferWriter<byte> buffer, MemoryPackWriterOptionalState state, TableMapping table, object entity)
    {
        var writer = new MemoryPackWriter<ArrayBufferWriter<byte>>(ref buffer, state);
        foreach (var column in table.Columns)
        {
            table.Codec.WriteValue(ref writer, entity, column.PropertyIndex);
        }

        writer.Flush();
    }
}
