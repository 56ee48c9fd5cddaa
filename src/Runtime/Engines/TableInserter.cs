using DbPickle.Model;

namespace DbPickle.Engines;

/// <summary>Inserts one table's rows, as the engine does it fastest. Rows may be buffered until <see cref="CompleteAsync"/>.</summary>
internal abstract class TableInserter : IAsyncDisposable
{
    protected TableInserter(TableMapping table) => Table = table;

    protected TableMapping Table { get; }

    /// <summary>
    /// Finds the n-th row (1-based) this inserter was given, so an error the database reports for a row number after
    /// the rows were sent (PostgreSQL at the end of a COPY) can name that row's key; null when it cannot be found.
    /// </summary>
    public Func<long, object?>? RowAt { get; set; }

    /// <summary>How the rows are sent, for the log.</summary>
    public abstract string PathName { get; }

    /// <summary>Rows the database reported as inserted so far.</summary>
    public long Inserted { get; protected set; }

    public abstract ValueTask InsertAsync(object entity, bool async, CancellationToken cancellationToken);

    /// <summary>
    /// Whether rows can be prepared (<see cref="Prepare"/>, any thread) apart from being inserted
    /// (<see cref="InsertPreparedAsync"/>, the connection's thread), so the load can do the two on two cores.
    /// </summary>
    public virtual bool PreparesRows => false;

    /// <summary>Appends <paramref name="entity"/>'s values to <paramref name="rows"/> as the database will store them.</summary>
    public virtual void Prepare(object entity, PreparedRows rows) => throw new NotSupportedException();

    /// <summary>
    /// Inserts row <paramref name="row"/> of <paramref name="rows"/>; a row the database refuses raises
    /// <see cref="Infrastructure.BulkInsertRowException"/> with its number, for the caller to name.
    /// </summary>
    public virtual ValueTask InsertPreparedAsync(PreparedRows rows, int row, bool async, CancellationToken cancellationToken)
        => throw new NotSupportedException();

    /// <summary>Inserts every row of <paramref name="rows"/>, in order (by default one <see cref="InsertPreparedAsync"/> each).</summary>
    public virtual async ValueTask InsertBatchAsync(PreparedRows rows, bool async, CancellationToken cancellationToken)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            await InsertPreparedAsync(rows, i, async, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes any buffered rows.</summary>
    public virtual ValueTask CompleteAsync(bool async, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    /// <summary>The error for a value of <paramref name="entity"/> that could not be turned into what the database takes.</summary>
    protected SnapshotException ColumnFailed(object entity, int column, Exception exception)
        => new(
            $"Writing column '{Table.Columns[column].PropertyName}' of row [{Table.DescribeKey(entity)}] into table '{Table.DisplayName}' failed: {exception.Message} Nothing was changed.",
            exception);

    /// <summary>The value the database stores for <paramref name="column"/>: the property value after its converter, DBNull for null.</summary>
    protected object ProviderValue(ColumnMapping column, object entity) => Table.ProviderValue(column, entity) ?? DBNull.Value;
}
