using System.Buffers;
using System.Threading.Channels;
using DbPickle.Format;
using DbPickle.Model;
using MemoryPack;

namespace DbPickle.Dumping;

/// <summary>
/// The second thread of a dump: encodes the rows the reading thread hands over, cuts them into chunks and writes
/// them (checksum included), so reading the database and encoding the file overlap instead of taking turns. A small
/// bounded queue between the two keeps memory flat.
/// </summary>
internal sealed class ChunkEncoder : IDisposable
{
    /// <summary>Rows per batch handed over: large enough that queue traffic is noise, small enough to stay in cache.</summary>
    public const int BatchRows = 1024;

    private const int QueuedBatches = 8;

    private readonly Channel<RowBatch> _batches = Channel.CreateBounded<RowBatch>(new BoundedChannelOptions(QueuedBatches) { SingleReader = true, SingleWriter = true });
    private readonly SnapshotFileWriter _file;
    private readonly IReadOnlyList<TableMapping> _tables;
    private readonly int _chunkSize;
    private readonly bool _async;
    private readonly CancellationTokenSource _stop;
    private readonly Task _worker;

    public ChunkEncoder(SnapshotFileWriter file, IReadOnlyList<TableMapping> tables, int chunkSize, bool async, CancellationToken cancellationToken)
    {
        _file = file;
        _tables = tables;
        _chunkSize = chunkSize;
        _async = async;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // With synchronous I/O (Dump rather than DumpAsync) the encoder blocks a thread of its own, never a pool thread.
        _worker = async
            ? Task.Run(() => EncodeAsync(_stop.Token).AsTask(), _stop.Token)
            : Task.Factory.StartNew(() => EncodeAsync(_stop.Token).AsTask().GetAwaiter().GetResult(), _stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Hands over rows of table <paramref name="tableIndex"/>; <paramref name="endOfTable"/> flushes its last chunk.</summary>
    public async ValueTask SendAsync(int tableIndex, object[] rows, int count, bool endOfTable)
    {
        var batch = new RowBatch(tableIndex, rows, count, endOfTable);
        try
        {
            if (_batches.Writer.TryWrite(batch))
            {
                return;
            }

            if (_async)
            {
                await _batches.Writer.WriteAsync(batch, _stop.Token).ConfigureAwait(false);
            }
            else
            {
                _batches.Writer.WriteAsync(batch, _stop.Token).AsTask().GetAwaiter().GetResult();
            }
        }
        catch (ChannelClosedException)
        {
            // The encoder stopped on an error: that error explains the failure, not the closed queue.
            await WaitAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits until every row handed over is written; rethrows the encoder's failure.</summary>
    public async ValueTask CompleteAsync()
    {
        _batches.Writer.TryComplete();
        await WaitAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the encoder after a failure on the reading side and waits for it, keeping only that failure.</summary>
    public async ValueTask AbandonAsync()
    {
        _batches.Writer.TryComplete();
        _stop.Cancel();
        try
        {
            await WaitAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The reading side's exception is on its way up; the encoder's (usually its cancellation) adds nothing.
        }
    }

    public void Dispose() => _stop.Dispose();

    private async ValueTask WaitAsync()
    {
        // A synchronous dump must complete synchronously, so it blocks on the encoder instead of awaiting it.
        if (_async)
        {
            await _worker.ConfigureAwait(false);
        }
        else
        {
            _worker.GetAwaiter().GetResult();
        }
    }

    private async ValueTask EncodeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var buffer = new ArrayBufferWriter<byte>(_chunkSize + (_chunkSize / 4));
            using var writerState = MemoryPackWriterOptionalStatePool.Rent(MemoryPackSerializerOptions.Utf8);
            var chunkRows = 0;
            var reader = _batches.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var batch))
                {
                    var table = _tables[batch.TableIndex];
                    for (var i = 0; i < batch.Count; i++)
                    {
                        EncodeRow(buffer, writerState, table, batch.Rows[i]);
                        chunkRows++;
                        if (buffer.WrittenCount >= _chunkSize)
                        {
                            await _file.WriteRowsAsync(batch.TableIndex, chunkRows, buffer.WrittenMemory, _async, cancellationToken).ConfigureAwait(false);
                            buffer.ResetWrittenCount();
                            chunkRows = 0;
                        }
                    }

                    if (batch.EndOfTable && chunkRows > 0)
                    {
                        await _file.WriteRowsAsync(batch.TableIndex, chunkRows, buffer.WrittenMemory, _async, cancellationToken).ConfigureAwait(false);
                        buffer.ResetWrittenCount();
                        chunkRows = 0;
                    }
                }
            }
        }
        catch (Exception exception)
        {
            _batches.Writer.TryComplete(exception);
            throw;
        }
    }

    private static void EncodeRow(ArrayBufferWriter<byte> buffer, MemoryPackWriterOptionalState state, TableMapping table, object entity)
    {
        var writer = new MemoryPackWriter<ArrayBufferWriter<byte>>(ref buffer, state);
        foreach (var column in table.Columns)
        {
            table.Codec.WriteValue(ref writer, entity, column.PropertyIndex);
        }

        writer.Flush();
    }

    private sealed record RowBatch(int TableIndex, object[] Rows, int Count, bool EndOfTable);
}
