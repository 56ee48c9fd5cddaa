using System.ComponentModel;

namespace DbPickle.Infrastructure;

/// <summary>
/// A provider's bulk path (PostgreSQL's binary COPY): inserts that take whole entities, and the raw output of a
/// binary COPY to the client for dumps. Used by generated code; not a stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class BulkInserterFactory : ProviderPath
{
    /// <summary>Starts a bulk insert into one table; rows follow through <see cref="BulkInserter.WriteRowAsync"/>.</summary>
    public abstract ValueTask<BulkInserter> CreateAsync(BulkInsertTarget target, bool async, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="copySql"/> (a <c>COPY … TO STDOUT (FORMAT BINARY)</c>) on <paramref name="connection"/> and
    /// returns its output as it arrives: the binary COPY format, to be read to its end.
    /// </summary>
    public abstract ValueTask<Stream> OpenCopyOutAsync(System.Data.Common.DbConnection connection, string copySql, bool async, CancellationToken cancellationToken);
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
