namespace DbPickle.Model;

/// <summary>Which <see cref="DateTime.Kind"/> (or <see cref="DateTimeOffset.Offset"/>) a timestamp column accepts on the target engine.</summary>
internal enum StoredTimeKind
{
    /// <summary>Any value: the engine stores the clock time whatever its kind (SQLite, MariaDB, non-timestamp columns).</summary>
    Any,

    /// <summary>Instants only (PostgreSQL <c>timestamp with time zone</c>): DateTime of Kind Utc, DateTimeOffset at offset 0.</summary>
    Utc,

    /// <summary>Clock times only (PostgreSQL <c>timestamp without time zone</c>): DateTime of Kind Unspecified or Local.</summary>
    NotUtc,
}
