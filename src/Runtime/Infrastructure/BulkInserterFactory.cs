using System.ComponentModel;

namespace DbPickle.Infrastructure;

/// <summary>
/// A provider's bulk path (PostgreSQL's binary COPY): inserts that take whole entities, and raw binary COPY streams
/// in both directions, which the runtime reads (dumps) and writes (loads) itself. Used by generated code; not a stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class BulkInserterFactory : ProviderPath
{
    /// <summary>Starts a bulk insert into one table; rows follow through <see cref="BulkInserter.WriteRowAsync"/>.</summary>
    public abstract ValueTask<BulkInserter> CreateAsync(BulkInsertTarget target, bool async, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="copySql"/> (a binary <c>COPY … TO STDOUT</c> or <c>COPY … FROM STDIN</c>) on
    /// <paramref name="connection"/> and returns the stream of its data in the binary COPY format: to be read to its end,
    /// or written and then ended by <see cref="EndRawCopyInAsync"/>.
    /// </summary>
    public abstract ValueTask<Stream> OpenRawCopyAsync(System.Data.Common.DbConnection connection, string copySql, bool async, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a <c>COPY … FROM STDIN</c> opened by <see cref="OpenRawCopyAsync"/>: completes it (a row the server refuses
    /// raises <see cref="BulkInsertRowException"/> with its number), or, when <paramref name="complete"/> is false, abandons
    /// it so the server discards every row sent.
    /// </summary>
    public abstract ValueTask EndRawCopyInAsync(Stream copy, bool complete, bool async);
}

/// <summary>One table's bulk insert in progress. Used by generated code; not a stable API.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class BulkInserter : IAsyncDisposable
{
    /// <summary>Writes one row: every column of <see cref="BulkInsertTarget.Columns"/>, in order.</summary>
    public abstract ValueTask WriteRowAsync(object entity, bool async, CancellationToken cancellationToken);

    /// <summary>Ends the insert and returns the rows the server reports as written.</summary>
    public abstract ValueTask<long> CompleteAsync(bool async, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}
