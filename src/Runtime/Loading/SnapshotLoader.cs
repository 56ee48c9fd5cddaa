using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using DbPickle.Engines;
using DbPickle.Execution;
using DbPickle.Format;
using DbPickle.Infrastructure;
using DbPickle.Model;
using MemoryPack;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;

namespace DbPickle.Loading;

/// <summary>
/// Loads a snapshot in two passes. Pass 1 reads the file, runs OnPreWalk, validates every row against the target
/// model and spools the rows to a temporary file; nothing touches the database until every row passed. Pass 2, in one
/// transaction, clears or checks the target tables, inserts tables in foreign-key order (self-referencing rows parents
/// first), runs OnPreSave per row, verifies row counts and foreign keys, resets identity counters and commits. Any
/// failure rolls everything back.
/// </summary>
internal static class SnapshotLoader
{
    private const int ProgressEvery = 10_000;
    private const int MaxReportedOrphans = 20;

    public static async ValueTask<SnapshotSummary> LoadAsync(
        DbContext context, SnapshotDefinition definition, Stream source, LoadOptions? options, bool async, CancellationToken cancellationToken)
    {
        options ??= new LoadOptions();
        var total = Stopwatch.StartNew();
        var logger = SnapshotLog.Create(context.GetService<ILoggerFactory>());
        var model = SnapshotModel.Bind(context, definition, logger);
        var dialect = EngineDialect.For(context, definition, logger);
        dialect.TempDirectory = options.TempDirectory;
        foreach (var table in model.Tables)
        {
            table.BindTimestamps(dialect.TimeKindOf, options.UnspecifiedDateTimeKind);
        }

        // A seekable source (a file) is read again in pass 2, so rows that pass unchanged need no copy in the spool.
        var origin = source.CanSeek ? source.Position : -1;
        using var file = await SnapshotFileReader.OpenAsync(source, async, cancellationToken).ConfigureAwait(false);
        var plans = LoadPlanner.Plan(file.Header, model, options, logger);
        using var spool = new RowSpool(options.TempDirectory) { Source = origin >= 0 ? new SourceChunks(source, origin) : null };
        var validator = new RowValidator(options.MaxReportedViolations, dialect, options.UnspecifiedDateTimeKind);
        ReferenceChecker references;
        using (var keyRuns = new KeyRunFile(options.TempDirectory))
        {
            references = new ReferenceChecker(plans, options.Mode, keyRuns);
            await new ValidationPass(file, plans, spool, validator, references, options, dialect).RunAsync(async, cancellationToken).ConfigureAwait(false);
            spool.Flush();
            references.Finish(spool, validator, cancellationToken);
            foreach (var plan in plans)
            {
                // Pass 2 needs no keys: let their buffers go before the inserts start.
                plan.Keys = null;
            }
        }

        validator.ThrowIfAny();

        var summaries = await WriteAsync(context, model, dialect, plans, spool, validator, references, options, logger, async, cancellationToken).ConfigureAwait(false);
        var summary = new SnapshotSummary(summaries, file.Offset, total.Elapsed);
        SnapshotLog.Finished(logger, "Load", summary.TotalRows, summary.Bytes, summary.Elapsed);
        return summary;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int DecodeRow(
        byte[] payload, int offset, int length, TableLoadPlan plan, TableMapping table, object entity, RowValidator validator, MemoryPackReaderOptionalState readerState)
    {
        var reader = new MemoryPackReader(payload.AsSpan(offset, length - offset), readerState);
        var codec = table.Codec;
        var actions = plan.Actions;
        for (var c = 0; c < actions.Length; c++)
        {
            var action = actions[c];
            switch (action.Kind)
            {
                case ColumnActionKind.Direct:
                    codec.ReadValue(ref reader, entity, table.Columns[action.ModelColumn].PropertyIndex);
                    break;
                case ColumnActionKind.Convert:
                    var fileColumn = plan.File.Columns[c];
                    var value = ValueCodec.ReadBoxed(ref reader, fileColumn.Kind, fileColumn.Nullable);
                    var column = table.Columns[action.ModelColumn];
                    if (value is not null)
                    {
                        codec.SetValue(entity, column.PropertyIndex, SnapshotValueConverter.ConvertTo(value, column.Property.ClrType, table.DisplayName, column.PropertyName));
                    }
                    else if (column.Spec.Nullable)
                    {
                        codec.SetValue(entity, column.PropertyIndex, null);
                    }
                    else
                    {
                        validator.Add(table, entity, column, "the snapshot holds null but the property cannot be null. Set it in an OnPreWalk hook.");
                    }

                    break;
                default:
                    var skipped = plan.File.Columns[c];
                    ValueCodec.Skip(ref reader, skipped.Kind, skipped.Nullable);
                    break;
            }
        }

        return offset + reader.Consumed;
    }

    private static async ValueTask<List<SnapshotTableSummary>> WriteAsync(
        DbContext context,
        SnapshotModel model,
        EngineDialect dialect,
        TableLoadPlan[] plans,
        RowSpool spool,
        RowValidator validator,
        ReferenceChecker references,
        LoadOptions options,
        ILogger logger,
        bool async,
        CancellationToken cancellationToken)
    {
        var loaded = plans.Where(p => p.Target is not null).ToDictionary(p => p.Target!);
        var order = model.Tables.Where(loaded.ContainsKey).ToList();
        var session = await DbSession.OpenAsync(
            context,
            IsolationLevel.Unspecified,
            savepointInUserTransaction: true,
            async,
            cancellationToken,
            (connection, isAsync, token) => dialect.BeforeOwnLoadTransactionAsync(connection, order, options.Mode, isAsync, token)).ConfigureAwait(false);
        var preparation = LoadPreparation.None;
        try
        {
            await references.VerifyInTargetAsync(session, dialect, validator, async, cancellationToken).ConfigureAwait(false);
            validator.ThrowIfAny();
            preparation = await dialect.PrepareLoadAsync(session, order, order.Select(t => loaded[t].KeptRows).ToArray(), options, async, cancellationToken).ConfigureAwait(false);
            if (options.Mode == LoadMode.Replace && !preparation.SuspendsDeleteActions)
            {
                await RefuseCascadingDeletesAsync(session, dialect, model, order, async, cancellationToken).ConfigureAwait(false);
            }

            await PrepareTargetAsync(session, dialect, order, options, async, cancellationToken).ConfigureAwait(false);

            var summaries = new List<SnapshotTableSummary>(order.Count);
            var countedExactly = await dialect.TablesCountedExactlyAsync(session, order, async, cancellationToken).ConfigureAwait(false);
            for (var t = 0; t < order.Count; t++)
            {
                var table = order[t];
                var plan = loaded[table];
                var counts = !countedExactly.Contains(t);
                if (!counts)
                {
                    SnapshotLog.RowCountTrusted(logger, table.DisplayName);
                }

                var before = counts && options.Mode == LoadMode.Append
                    ? await session.ScalarAsync($"SELECT COUNT(*) FROM {dialect.Table(table)}", async, cancellationToken).ConfigureAwait(false)
                    : 0;
                var summary = await InsertTableAsync(session, dialect, table, plan, spool, options, logger, async, cancellationToken).ConfigureAwait(false);

                // The engine's count of the rows it took must be the rows handed to it (those OnPreSave did not skip).
                var handed = plan.KeptRows - (summary.SkippedRows - plan.SkippedRows);
                if (summary.Rows != handed)
                {
                    throw new SnapshotException(
                        $"Table '{table.DisplayName}': the database reports {summary.Rows} rows inserted of the {handed} sent; it dropped or added rows. Nothing was changed.");
                }

                if (counts)
                {
                    var after = await session.ScalarAsync($"SELECT COUNT(*) FROM {dialect.Table(table)}", async, cancellationToken).ConfigureAwait(false);
                    if (after != before + summary.Rows)
                    {
                        throw new SnapshotException(
                            $"Table '{table.DisplayName}' holds {after} rows after inserting {summary.Rows} into {before}; a trigger or concurrent writer interfered. Nothing was changed.");
                    }
                }

                summaries.Add(summary);
            }

            if (!preparation.RevalidatesForeignKeys)
            {
                await VerifyForeignKeysAsync(session, dialect, model, loaded, options, async, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await preparation.BeforeCommitAsync(async, cancellationToken).ConfigureAwait(false);
            }
            catch (SnapshotException) when (preparation.RevalidatesForeignKeys)
            {
                // The engine found an orphan without naming it: name the rows (this throws when it finds any).
                await VerifyForeignKeysAsync(session, dialect, model, loaded, options, async, cancellationToken).ConfigureAwait(false);
                throw;
            }

            // After the indexes a preparation set aside are back: finding each key's largest value then reads an index.
            if (options.ResetSequences)
            {
                foreach (var table in order)
                {
                    await dialect.ResetSequenceAsync(session, table, async, cancellationToken).ConfigureAwait(false);
                }
            }

            if (options.DryRun && preparation.ChecksForeignKeysAtCommit)
            {
                // No COMMIT will check the deferred keys: prove them the slow way, as a dry run must report what a load would.
                await VerifyForeignKeysAsync(session, dialect, model, loaded, options, async, cancellationToken).ConfigureAwait(false);
            }

            if (options.DryRun)
            {
                // Everything ran, verification included; undo it all, so the target is exactly as it was.
                await session.RollbackAsync(async).ConfigureAwait(false);
                SnapshotLog.DryRunRolledBack(logger, summaries.Sum(s => s.Rows));
            }
            else if (preparation.ChecksForeignKeysAtCommit)
            {
                try
                {
                    await session.CommitAsync(async, cancellationToken).ConfigureAwait(false);
                }
                catch (DbException exception)
                {
                    // The engine refused the COMMIT, most likely for a foreign key, and kept the transaction open:
                    // name the rows (this throws when it finds any), else report the engine's own reason.
                    await VerifyForeignKeysAsync(session, dialect, model, loaded, options, async, cancellationToken).ConfigureAwait(false);
                    throw new SnapshotException($"The database refused to commit the load: {exception.Message} Nothing was changed.", exception);
                }
            }
            else
            {
                await session.CommitAsync(async, cancellationToken).ConfigureAwait(false);
            }

            return summaries;
        }
        catch
        {
            await session.AbandonAsync(async, logger).ConfigureAwait(false);
            throw;
        }
        finally
        {
            try
            {
                await preparation.AfterEndAsync(async).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // The transaction has ended either way; a setting that could not be restored must not hide its outcome.
                SnapshotLog.CleanupFailed(logger, "restoring session settings", exception);
            }

            await session.CloseAsync(async, logger).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// When the engine's ON DELETE actions stay active (a caller's SQLite transaction, a PostgreSQL role that may not
    /// drop constraints), clearing a table for Replace would silently delete or null rows of tables outside the
    /// snapshot that reference it: refuse before the first DELETE instead, naming the tables.
    /// </summary>
    private static async ValueTask RefuseCascadingDeletesAsync(
        DbSession session, EngineDialect dialect, SnapshotModel model, List<TableMapping> order, bool async, CancellationToken cancellationToken)
    {
        var loadedTypes = order.Select(t => t.EntityType).ToHashSet();
        var affected = new List<string>();
        foreach (var foreignKey in model.ForeignKeyChecks)
        {
            if (!foreignKey.ChangesDependentsOnDelete || loadedTypes.Contains(foreignKey.Dependent) || !loadedTypes.Contains(foreignKey.Principal))
            {
                continue;
            }

            var referencing = string.Join(" OR ", foreignKey.ForeignKeyColumns.Select(c => $"{dialect.Sql.DelimitIdentifier(c)} IS NOT NULL"));
            var table = dialect.Sql.DelimitIdentifier(foreignKey.DependentTable, foreignKey.DependentSchema);
            if (await session.ScalarAsync($"SELECT CASE WHEN EXISTS (SELECT 1 FROM {table} WHERE {referencing}) THEN 1 ELSE 0 END", async, cancellationToken).ConfigureAwait(false) != 0)
            {
                affected.Add($"'{foreignKey.DependentDisplay}' ({string.Join(", ", foreignKey.ForeignKeyProperties)} → '{foreignKey.PrincipalDisplay}', ON DELETE {foreignKey.DeleteBehavior})");
            }
        }

        if (affected.Count > 0)
        {
            throw new SnapshotException(
                $"LoadMode.Replace would clear tables that rows outside the snapshot reference with a cascading delete, so the database would delete or change those rows: {string.Join("; ", affected)}. "
                + "The load could not switch these actions off (it runs inside your transaction, or lacks the rights to drop the constraints). "
                + "Run the load outside a transaction or as the tables' owner, add those entities to the snapshot, or clear them first. Nothing was changed.");
        }
    }

    private static async ValueTask PrepareTargetAsync(
        DbSession session, EngineDialect dialect, List<TableMapping> order, LoadOptions options, bool async, CancellationToken cancellationToken)
    {
        switch (options.Mode)
        {
            case LoadMode.RequireEmpty:
                var occupied = new List<string>();
                foreach (var table in order)
                {
                    if (await session.ScalarAsync(dialect.SelectExists(table), async, cancellationToken).ConfigureAwait(false) != 0)
                    {
                        occupied.Add(table.DisplayName);
                    }
                }

                if (occupied.Count > 0)
                {
                    throw new SnapshotException(
                        $"LoadMode.RequireEmpty: table(s) {string.Join(", ", occupied)} already hold rows, so nothing was loaded or changed. "
                        + "Use LoadMode.Replace to overwrite them or LoadMode.Append to add to them.");
                }

                break;
            case LoadMode.Replace:
                // Children before parents; engines that check foreign keys per statement need that order.
                for (var i = order.Count - 1; i >= 0; i--)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    options.Progress?.Report(new SnapshotProgress(order[i].Table, 0, null, "delete"));
                    try
                    {
                        await session.ExecuteAsync($"DELETE FROM {dialect.Table(order[i])}", async, cancellationToken).ConfigureAwait(false);
                    }
                    catch (DbException exception)
                    {
                        throw new SnapshotException(
                            $"Clearing table '{order[i].DisplayName}' for LoadMode.Replace failed: {exception.Message} "
                            + "A table outside the snapshot, or a constraint the load could not set aside, still references its rows. Nothing was changed.",
                            exception);
                    }
                }

                break;
        }
    }

    private static async ValueTask<SnapshotTableSummary> InsertTableAsync(
        DbSession session,
        EngineDialect dialect,
        TableMapping table,
        TableLoadPlan plan,
        RowSpool spool,
        LoadOptions options,
        ILogger logger,
        bool async,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        SnapshotLog.TableStarted(logger, table.DisplayName, plan.KeptRows);
        options.Progress?.Report(new SnapshotProgress(table.Table, 0, plan.KeptRows, "insert"));
        var codec = table.Codec;
        var row = codec.HasPreSaveHook ? new SnapshotRow(plan.File) : null;
        var skipped = plan.SkippedRows;
        var readerState = MemoryPackReaderOptionalStatePool.Rent(null);
        await using var inserter = dialect.CreateInserter(session, table, options);
        inserter.RowAt = n => SpooledRowAt(table, plan, spool, n, readerState);
        if (inserter.PreparesRows && row is null)
        {
            await new InsertPipeline(inserter, table, plan, spool, readerState).RunAsync(
                ProgressEvery,
                inserted => options.Progress?.Report(new SnapshotProgress(table.Table, inserted, plan.KeptRows, "insert")),
                async,
                cancellationToken).ConfigureAwait(false);
        }
        else
        {
            skipped += await InsertOneByOneAsync(inserter, table, plan, spool, row, readerState, options, async, cancellationToken).ConfigureAwait(false);
        }

        await inserter.CompleteAsync(async, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        options.Progress?.Report(new SnapshotProgress(table.Table, inserter.Inserted, plan.KeptRows, "insert"));
        SnapshotLog.TableLoaded(logger, table.DisplayName, inserter.Inserted, skipped, elapsed);
        return new SnapshotTableSummary(table.Table, table.EntityName, inserter.Inserted, skipped, elapsed);
    }

    /// <summary>Pass 2 of one table on the caller's thread, running OnPreSave where implemented; returns the rows it skipped.</summary>
    private static async ValueTask<long> InsertOneByOneAsync(
        TableInserter inserter,
        TableMapping table,
        TableLoadPlan plan,
        RowSpool spool,
        SnapshotRow? row,
        MemoryPackReaderOptionalState readerState,
        LoadOptions options,
        bool async,
        CancellationToken cancellationToken)
    {
        long skipped = 0;
        using var rows = new InsertOrderCursor(plan, spool, readerState);
        for (long i = 0; rows.Next() is { } entity; i++)
        {
            if (row is not null)
            {
                row.Reset(rows.Record, rows.Start + rows.ModelLength, rows.OriginalLength);
                RunHook(table, entity, row, "OnPreSave", static (c, e, r) => c.PreSave(e, r));
                if (row.IsSkipped)
                {
                    skipped++;
                    continue;
                }
            }

            await inserter.InsertAsync(entity, async, cancellationToken).ConfigureAwait(false);
            if ((i + 1) % ProgressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                options.Progress?.Report(new SnapshotProgress(table.Table, i + 1, plan.KeptRows, "insert"));
            }
        }

        return skipped;
    }

    /// <summary>
    /// The n-th row (1-based) pass 2 hands to the inserter, read again from the spool in the same order; null when
    /// OnPreSave may have skipped rows (the order would not match) or n is out of range. Only for naming a failed row.
    /// </summary>
    private static object? SpooledRowAt(TableMapping table, TableLoadPlan plan, RowSpool spool, long n, MemoryPackReaderOptionalState readerState)
    {
        if (table.Codec.HasPreSaveHook || n < 1 || n > plan.KeptRows)
        {
            return null;
        }

        using var rows = new InsertOrderCursor(plan, spool, readerState);
        for (long i = 1; rows.Next() is { } entity; i++)
        {
            if (i == n)
            {
                return entity;
            }
        }

        return null;
    }

    /// <summary>
    /// Proves before COMMIT that no loaded row references a missing parent, naming the rows, instead of leaving a
    /// deferred constraint to fail the COMMIT with a message that names none.
    /// </summary>
    private static async ValueTask VerifyForeignKeysAsync(
        DbSession session, EngineDialect dialect, SnapshotModel model, Dictionary<TableMapping, TableLoadPlan> loaded, LoadOptions options, bool async, CancellationToken cancellationToken)
    {
        var violations = new List<SnapshotViolation>();
        long total = 0;
        var loadedTypes = loaded.Keys.Select(t => t.EntityType).ToHashSet();
        foreach (var foreignKey in model.ForeignKeyChecks)
        {
            if (!loadedTypes.Contains(foreignKey.Dependent) && !loadedTypes.Contains(foreignKey.Principal))
            {
                continue;
            }

            await using var command = session.CreateCommand(dialect.SelectOrphans(foreignKey, MaxReportedOrphans));
            await using var reader = async
                ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false)
                : command.ExecuteReader();
            var columns = string.Join(", ", foreignKey.ForeignKeyProperties);
            var problem = loadedTypes.Contains(foreignKey.Dependent)
                ? $"references a row of '{foreignKey.PrincipalDisplay}' that is neither in the snapshot nor in the target."
                : $"is not in the snapshot, and references a row of '{foreignKey.PrincipalDisplay}' the load replaced or removed.";
            while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
            {
                total++;
                if (violations.Count < options.MaxReportedViolations)
                {
                    var key = string.Join(
                        ", ",
                        foreignKey.DependentKeyProperties.Select((p, i) => $"{p}={Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)}"));
                    violations.Add(new SnapshotViolation(foreignKey.DependentDisplay, key, columns, problem));
                }
            }
        }

        if (total > 0)
        {
            throw new SnapshotValidationException(violations, total);
        }
    }

    internal static void RunHook(TableMapping table, object entity, SnapshotRow row, string hook, Action<EntityCodec, object, SnapshotRow> call)
    {
        try
        {
            call(table.Codec, entity, row);
        }
        catch (Exception exception) when (exception is not SnapshotException and not OperationCanceledException)
        {
            throw new SnapshotException(
                $"{hook} for table '{table.DisplayName}' row [{table.DescribeKey(entity)}] threw {exception.GetType().Name}: {exception.Message} Nothing was changed.",
                exception);
        }
    }
}
