using System.ComponentModel;

namespace DbPickle.Infrastructure;

/// <summary>
/// Receives one value in the form SQLite stores it, to bind it to a prepared statement's parameter through SQLite's
/// C API. Implemented by generated code as a struct over SQLitePCLRaw, so the DbPickle package references no SQLite
/// library; not a stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ISqliteValueSink
{
    /// <summary>An INTEGER value.</summary>
    /// <param name="value">The value.</param>
    void BindInt64(long value);

    /// <summary>A REAL value (never NaN).</summary>
    /// <param name="value">The value.</param>
    void BindDouble(double value);

    /// <summary>A TEXT value, as UTF-8 bytes; the bytes are only valid during the call (SQLite must copy them).</summary>
    /// <param name="utf8">The text.</param>
    void BindText(ReadOnlySpan<byte> utf8);

    /// <summary>A BLOB value; the bytes are only valid during the call (SQLite must copy them).</summary>
    /// <param name="value">The bytes.</param>
    void BindBlob(ReadOnlySpan<byte> value);

    /// <summary>NULL.</summary>
    void BindNull();
}
