using System.Collections.Concurrent;
using System.Threading.Channels;
using DbPickle.Engines;
using DbPickle.Infrastructure;
using DbPickle.Model;
using MemoryPack;
using System.Runtime.CompilerServices;

namespace DbPickle.Loading;

/// <summary>
/// Pass 2 of one table on two threads, for inserters that prepare rows apart from inserting them (SQLite's C-API
/// path, PostgreSQL's binary COPY): a thread of its own reads the spool, decodes each row and formats its values as the
/// database takes them; the caller's thread, which owns the connection, only binds and steps (SQLite) or sends the
/// bytes (PostgreSQL). The database works on one core, so the other one would otherwise idle or do everything. Batches of rows go through a small bounded queue, so memory stays flat.
/// </summary>
internal sealed class InsertPipeline
{
    /// <summary>Rows per batch, unless the batch reaches <see cref="BatchBytes"/> first.</summary>
    private const int BatchRows = 1024;

    private const int BatchBytes = 1024 * 1024;

    /// <summary>Prepared batches the preparing thread may run ahead by.</summary>
    private const int QueuedBatches = 4;

    private readonly TableInserter _inserter;
    private readonly TableMapping _table;
    private readonly TableLoadPlan _plan;
    private readonly RowSpool _spool;
    private readonly MemoryPackReaderOptionalState _readerState;
    private readonly ConcurrentBag<PreparedRows> _free = [];

    public InsertPipeline(TableInserter inserter, TableMapping table, TableLoadPlan plan, RowSpool spool, MemoryPackReaderOptionalState readerState)
    {
        _inserter = inserter;
        _table = table;
        _plan = plan;
        _spool = spool;
        _readerState = readerState;
    }

    /// <summary>Inserts every spooled row of the table; <paramref name="progress"/> gets the rows inserted so far, now and then.</summary>
    public async ValueTask RunAsync(int progressEvery, Action<long> progress, bool async, CancellationToken cancellationToken)
    {
        var batches = HandOff.CreateChannel<PreparedRows>(QueuedBatches, async);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var preparer = HandOff.StartThread(() => Prepare(batches.Writer, stop.Token), stop.Token);
        long inserted = 0;
        try
        {
            while (await HandOff.NextAsync(batches.Reader, async, cancellationToken).ConfigureAwait(false) is { } batch)
            {
                await _inserter.InsertBatchAsync(batch, async, cancellationToken).ConfigureAwait(false);
                var before = inserted;
                inserted += batch.Count;
                if (inserted / progressEvery != before / progressEvery)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress(inserted);
                }

                batch.Clear();
                _free.Add(batch);
            }
        }
        catch (BulkInsertRowException exception)
        {
            // The preparing thread reads the spool too: it must stop before the row is read again to be named.
            stop.Cancel();
            await HandOff.ObserveAsync(preparer, async).ConfigureAwait(false);
            var key = _inserter.RowAt?.Invoke(exception.RowNumber) is { } entity ? $"row [{_table.DescribeKey(entity)}] (row {exception.RowNumber} of {_plan.KeptRows})" : $"row {exception.RowNumber} of {_plan.KeptRows}";
            throw new SnapshotException($"Inserting {key} into table '{_table.DisplayName}' failed: {exception.Message} Nothing was changed.", exception.InnerException);
        }
        catch
        {
            stop.Cancel();
            await HandOff.ObserveAsync(preparer, async).ConfigureAwait(false);
            throw;
        }

        await HandOff.WaitAsync(preparer, async).ConfigureAwait(false);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Prepare(ChannelWriter<PreparedRows> batches, CancellationToken cancellationToken)
    {
        try
        {
            using var rows = new InsertOrderCursor(_plan, _spool, _readerState);
            var batch = Take();
            while (rows.Next() is { } entity)
            {
                _inserter.Prepare(entity, batch);
                if (batch.Count == BatchRows || batch.Length >= BatchBytes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    HandOff.Write(batches, batch, cancellationToken);
                    batch = Take();
                }
            }

            if (batch.Count > 0)
            {
                HandOff.Write(batches, batch, cancellationToken);
            }

            batches.Complete();
        }
        catch (Exception exception)
        {
            batches.Complete(exception);
            throw;
        }
    }

    private PreparedRows Take() => _free.TryTake(out var batch) ? batch : new PreparedRows();
}
