using DbPickle.Execution;
using DbPickle.Infrastructure;
using DbPickle.Model;

namespace DbPickle.Engines;

/// <summary>Drives a generated <see cref="BulkInserter"/> (PostgreSQL binary COPY) for one table, turning its errors into ones that name the row and column.</summary>
internal sealed class BulkTableInserter : TableInserter
{
    private readonly BulkInserterFactory _factory;
    private readonly BulkInsertTarget _target;
    private BulkInserter? _inserter;
    private long _written;

    public BulkTableInserter(DbSession session, EngineDialect dialect, TableMapping table, BulkInserterFactory factory)
        : base(table)
    {
        _factory = factory;
        _target = Target(session, dialect, table);
    }

    /// <summary>The table as a generated bulk path sees it.</summary>
    private static BulkInsertTarget Target(DbSession session, EngineDialect dialect, TableMapping table)
    {
        var columns = table.Columns.Select(c => new BulkColumn(dialect.Column(c), c.TypeMapping.StoreTypeNameBase)).ToArray();
        return new BulkInsertTarget(session.Connection, session.Transaction, dialect.Table(table), columns, table);
    }

    public override string PathName => _factory.PathName;

    public override async ValueTask InsertAsync(object entity, bool async, CancellationToken cancellationToken)
    {
        _inserter ??= await _factory.CreateAsync(_target, async, cancellationToken).ConfigureAwait(false);
        try
        {
            await _inserter.WriteRowAsync(entity, async, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not SnapshotException)
        {
            throw ColumnFailed(entity, Math.Clamp(_target.CurrentColumn, 0, Table.Columns.Length - 1), exception);
        }

        _written++;
    }

    public override async ValueTask CompleteAsync(bool async, CancellationToken cancellationToken)
    {
        if (_inserter is null)
        {
            return;
        }

        try
        {
            Inserted = await _inserter.CompleteAsync(async, cancellationToken).ConfigureAwait(false);
        }
        catch (BulkInsertRowException exception) when (RowAt?.Invoke(exception.RowNumber) is { } entity)
        {
            throw new SnapshotException(
                $"Inserting row [{Table.DescribeKey(entity)}] (row {exception.RowNumber} of {_written}) into table '{Table.DisplayName}' failed: {exception.Message} Nothing was changed.",
                exception.InnerException);
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or BulkInsertRowException)
        {
            throw new SnapshotException(
                $"Bulk-inserting {_written} rows into table '{Table.DisplayName}' failed: {exception.Message} Nothing was changed.", exception);
        }
    }

    public override ValueTask DisposeAsync() => _inserter?.DisposeAsync() ?? ValueTask.CompletedTask;
}
