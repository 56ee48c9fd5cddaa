using System.Data.Common;
using System.Runtime.CompilerServices;
using DbPickle.Execution;
using DbPickle.Infrastructure;
using DbPickle.Model;

namespace DbPickle.Engines;

/// <summary>
/// PostgreSQL's binary COPY with the rows encoded here (<see cref="PostgresCopyValues"/>) rather than value by value
/// through Npgsql's importer: rows are prepared on the pipeline's second thread and the connection's thread only sends
/// whole batches of bytes. Measured on the shop workload, Npgsql's per-value writes kept the connection's thread busy
/// for longer than the server took to store the rows once the indexes were set aside. Tables with a column type this
/// path does not write take the importer (<see cref="BulkTableInserter"/>).
/// </summary>
internal sealed class PostgresCopyInserter : TableInserter
{
    private readonly DbConnection _connection;
    private readonly BulkInserterFactory _factory;
    private readonly PostgresBinaryType[] _kinds;
    private readonly string _sql;
    private readonly PreparedRows _single = new();
    private Stream? _copy;
    private long _sent;
    private bool _async;

    private PostgresCopyInserter(DbSession session, EngineDialect dialect, TableMapping table, BulkInserterFactory factory, PostgresBinaryType[] kinds)
        : base(table)
    {
        _connection = session.Connection;
        _factory = factory;
        _kinds = kinds;
        _sql = $"COPY {dialect.Table(table)} ({string.Join(", ", table.Columns.Select(dialect.Column))}) FROM STDIN (FORMAT BINARY)";
    }

    public override string PathName => $"{_factory.PathName}, rows encoded by DbPickle";

    public override bool PreparesRows => true;

    /// <summary>The inserter for <paramref name="table"/>, or null when a column's type is not one this path writes.</summary>
    public static PostgresCopyInserter? TryCreate(DbSession session, EngineDialect dialect, TableMapping table, BulkInserterFactory factory)
    {
        if (PostgresCopyValues.NpgsqlSwitchedBehaviour || table.Columns.Length > short.MaxValue)
        {
            return null;
        }

        var kinds = new PostgresBinaryType[table.Columns.Length];
        for (var i = 0; i < kinds.Length; i++)
        {
            if (PostgresCopyValues.KindOf(table.Columns[i]) is not { } kind)
            {
                return null;
            }

            kinds[i] = kind;
        }

        return new PostgresCopyInserter(session, dialect, table, factory, kinds);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Prepare(object entity, PreparedRows rows)
    {
        rows.BeginRow();
        var columns = Table.Columns;
        System.Buffers.Binary.BinaryPrimitives.WriteInt16BigEndian(rows.Reserve(2), (short)columns.Length);
        var column = 0;
        try
        {
            for (; column < columns.Length; column++)
            {
                // Completes synchronously: the visitor only formats into the buffer.
                Table.AcceptProviderValue(new Visitor(rows, _kinds[column]), entity, columns[column]).GetAwaiter().GetResult();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not SnapshotException)
        {
            rows.AbandonRow();
            throw ColumnFailed(entity, column, exception);
        }

        rows.EndRow();
    }

    public override async ValueTask InsertBatchAsync(PreparedRows rows, bool async, CancellationToken cancellationToken)
    {
        _async = async;

        // Checked between batches, not inside a socket write, which Npgsql answers by breaking the connection.
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (_copy is null)
            {
                _copy = await _factory.OpenRawCopyAsync(_connection, _sql, async, cancellationToken).ConfigureAwait(false);
                await WriteAsync(PostgresCopyValues.Header.ToArray(), async).ConfigureAwait(false);
            }

            await WriteAsync(rows.Bytes, async).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is DbException or IOException)
        {
            throw new SnapshotException($"Sending rows to table '{Table.DisplayName}' failed: {exception.Message} Nothing was changed.", exception);
        }

        _sent += rows.Count;
    }

    public override async ValueTask InsertAsync(object entity, bool async, CancellationToken cancellationToken)
    {
        _single.Clear();
        Prepare(entity, _single);
        await InsertBatchAsync(_single, async, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask CompleteAsync(bool async, CancellationToken cancellationToken)
    {
        if (_copy is not { } copy)
        {
            return;
        }

        try
        {
            await WriteAsync(PostgresCopyValues.Trailer.ToArray(), async).ConfigureAwait(false);
            _copy = null;
            await _factory.EndRawCopyInAsync(copy, complete: true, async).ConfigureAwait(false);
        }
        catch (BulkInsertRowException exception) when (RowAt?.Invoke(exception.RowNumber) is { } entity)
        {
            throw new SnapshotException(
                $"Inserting row [{Table.DescribeKey(entity)}] (row {exception.RowNumber} of {_sent}) into table '{Table.DisplayName}' failed: {exception.Message} Nothing was changed.",
                exception.InnerException);
        }
        catch (Exception exception) when (exception is DbException or BulkInsertRowException or IOException)
        {
            throw new SnapshotException($"Bulk-inserting {_sent} rows into table '{Table.DisplayName}' failed: {exception.Message} Nothing was changed.", exception);
        }

        // A COPY is all or nothing: once the server accepted its end, it took every row sent.
        Inserted = _sent;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_copy is { } copy)
        {
            _copy = null;
            try
            {
                await _factory.EndRawCopyInAsync(copy, complete: false, _async).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is DbException or IOException or InvalidOperationException)
            {
                // The load is failing already, for the reason being thrown; its transaction is rolled back or the
                // connection discarded next, which discards the rows too.
            }
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, bool async)
    {
        if (async)
        {
            await _copy!.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            _copy!.Write(bytes.Span);
        }
    }

    /// <summary>Formats one value into the batch with its static type.</summary>
    private readonly struct Visitor(PreparedRows rows, PostgresBinaryType kind) : IValueVisitor
    {
        public ValueTask Visit<T>(T value)
        {
            PostgresCopyValues.Write(value, kind, rows);
            return ValueTask.CompletedTask;
        }

        public ValueTask VisitNull()
        {
            PostgresCopyValues.WriteNull(rows);
            return ValueTask.CompletedTask;
        }
    }
}
