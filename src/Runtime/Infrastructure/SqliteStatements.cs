using System.ComponentModel;
using System.Data.Common;

namespace DbPickle.Infrastructure;

/// <summary>
/// SQLite's C API as the load and the dump need it: prepared statements on EF Core's own connection. Generated into assemblies
/// that reference Microsoft.Data.Sqlite and SQLitePCLRaw (every SQLite application), so the DbPickle package references
/// neither; everything else of the path (what each value is stored as, the rows' hand-over between threads, errors)
/// is the runtime's. Used by generated code; not a stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class SqliteStatements : ProviderPath
{
    /// <inheritdoc />
    public sealed override string ProviderName => "Microsoft.EntityFrameworkCore.Sqlite";

    /// <inheritdoc />
    public override string PathName => "one prepared INSERT bound through SQLite's C API";

    /// <summary>The storage class a parameter EF Core's type mapping configured declares (<c>SqliteParameter.SqliteType</c>).</summary>
    /// <param name="parameter">A parameter from <c>RelationalTypeMapping.CreateParameter</c>.</param>
    /// <returns>The declared storage class; <see cref="SqliteStorageClass.Text"/> when nothing set one.</returns>
    public abstract SqliteStorageClass StorageClass(DbParameter parameter);

    /// <summary>Prepares <paramref name="sql"/> on <paramref name="connection"/> (open, inside the load's transaction).</summary>
    /// <param name="connection">EF Core's connection.</param>
    /// <param name="sql">One statement with positional <c>?</c> parameters.</param>
    /// <returns>The prepared statement.</returns>
    public abstract SqliteStatement Prepare(DbConnection connection, string sql);
}

/// <summary>
/// A prepared SQLite statement: bound by 1-based parameter index, its result columns read by 0-based index. Implemented
/// by generated code; not a stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class SqliteStatement : IDisposable
{
    /// <summary>SQLite's result code for a statement that produced a row.</summary>
    public const int Row = 100;

    /// <summary>SQLite's result code for a statement that ran to completion.</summary>
    public const int Done = 101;

    /// <summary>SQLite's result code for a database another connection has locked.</summary>
    public const int Busy = 5;

    /// <summary>SQLite's result code for a table locked in a shared cache.</summary>
    public const int Locked = 6;

    /// <summary>Seconds to keep retrying while another connection holds the lock (the connection's default command timeout).</summary>
    public abstract int BusyTimeoutSeconds { get; }

    /// <summary>Binds an INTEGER.</summary>
    /// <param name="index">1-based parameter index.</param>
    /// <param name="value">The value.</param>
    public abstract void BindInt64(int index, long value);

    /// <summary>Binds a REAL.</summary>
    /// <param name="index">1-based parameter index.</param>
    /// <param name="value">The value.</param>
    public abstract void BindDouble(int index, double value);

    /// <summary>Binds TEXT (SQLite copies the bytes; an empty span is the empty string, not NULL).</summary>
    /// <param name="index">1-based parameter index.</param>
    /// <param name="utf8">The text as UTF-8.</param>
    public abstract void BindText(int index, ReadOnlySpan<byte> utf8);

    /// <summary>Binds a BLOB (SQLite copies the bytes; an empty span is an empty BLOB, not NULL).</summary>
    /// <param name="index">1-based parameter index.</param>
    /// <param name="value">The bytes.</param>
    public abstract void BindBlob(int index, ReadOnlySpan<byte> value);

    /// <summary>Binds NULL.</summary>
    /// <param name="index">1-based parameter index.</param>
    public abstract void BindNull(int index);

    /// <summary>Runs the statement once.</summary>
    /// <returns>SQLite's (extended) result code: <see cref="Done"/> when it succeeded.</returns>
    public abstract int Step();

    /// <summary>Makes the statement ready to run again; bindings stay.</summary>
    public abstract void Reset();

    /// <summary>The storage class of a column's value in the current row.</summary>
    /// <param name="column">0-based result column.</param>
    /// <returns>How SQLite holds the value.</returns>
    public abstract SqliteStorageClass ColumnType(int column);

    /// <summary>A column's value as a 64-bit integer (SQLite converts other storage classes).</summary>
    /// <param name="column">0-based result column.</param>
    /// <returns>The value.</returns>
    public abstract long ColumnInt64(int column);

    /// <summary>A column's value as a double (SQLite converts other storage classes).</summary>
    /// <param name="column">0-based result column.</param>
    /// <returns>The value.</returns>
    public abstract double ColumnDouble(int column);

    /// <summary>
    /// A column's value as UTF-8 text (SQLite converts other storage classes), valid until the next call on the statement.
    /// </summary>
    /// <param name="column">0-based result column.</param>
    /// <returns>The text's bytes, without the terminating zero.</returns>
    public abstract ReadOnlySpan<byte> ColumnText(int column);

    /// <summary>A column's value as bytes, valid until the next call on the statement.</summary>
    /// <param name="column">0-based result column.</param>
    /// <returns>The bytes.</returns>
    public abstract ReadOnlySpan<byte> ColumnBlob(int column);

    /// <summary>The provider's exception for a failed <see cref="Step"/>, with SQLite's message; call before <see cref="Reset"/>.</summary>
    /// <param name="resultCode">What <see cref="Step"/> returned.</param>
    /// <returns>The exception to report.</returns>
    public abstract Exception Error(int resultCode);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Finalizes the statement.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected abstract void Dispose(bool disposing);
}
