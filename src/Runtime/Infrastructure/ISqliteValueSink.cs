namespace DbPickle.Infrastructure;

/// <summary>
/// Receives one value in the form SQLite stores it (INTEGER, REAL, TEXT as UTF-8, BLOB or NULL): a row buffer that is
/// later bound to a prepared statement, or a statement directly.
/// </summary>
internal interface ISqliteValueSink
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
