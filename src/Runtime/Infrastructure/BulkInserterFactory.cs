using System.ComponentModel;

namespace DbPickle.Infrastructure;

/// <summary>
/// A provider's bulk-insert path that takes whole entities (PostgreSQL's binary COPY). Used by generated code; not a
/// stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class BulkInserterFactory : ProviderPath
{
    /// <summary>Starts a bulk insert into one table; rows follow through <see cref="BulkInserter.WriteRowAsync"/>.</summary>
    public abstract ValueTask<BulkInserter> CreateAsync(BulkInsertTarget target, bool async, CancellationToken cancellationToken);
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
