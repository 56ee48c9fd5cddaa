namespace DbPickle.Engines;

/// <summary>
/// The PostgreSQL binary forms DbPickle decodes (<see cref="Dumping.PostgresCopyReader"/>) and encodes
/// (<see cref="PostgresCopyValues"/>) itself; columns of other types go through Npgsql.
/// </summary>
internal enum PostgresBinaryType : byte
{
    Int2,
    Int4,
    Int8,
    Bool,
    Float4,
    Float8,
    Text,
    Bytea,
    Numeric,
    Uuid,
    Date,
    Timestamp,
    TimestampTz,
}

/// <summary>Which <see cref="PostgresBinaryType"/> a column's type has.</summary>
internal static class PostgresBinaryTypes
{
    /// <summary>
    /// The binary form of a column of <paramref name="storeType"/> (as Npgsql or EF Core names it, facets such as
    /// <c>(100)</c> or <c>(12, 2)</c> ignored), or null for types left to Npgsql.
    /// </summary>
    public static PostgresBinaryType? Of(string storeType) => (storeType.IndexOf('(', StringComparison.Ordinal) is var facets and >= 0 ? storeType[..facets] : storeType) switch
    {
        "smallint" => PostgresBinaryType.Int2,
        "integer" => PostgresBinaryType.Int4,
        "bigint" => PostgresBinaryType.Int8,
        "boolean" => PostgresBinaryType.Bool,
        "real" => PostgresBinaryType.Float4,
        "double precision" => PostgresBinaryType.Float8,
        "text" or "character varying" or "character" => PostgresBinaryType.Text,
        "bytea" => PostgresBinaryType.Bytea,
        "numeric" => PostgresBinaryType.Numeric,
        "uuid" => PostgresBinaryType.Uuid,
        "date" => PostgresBinaryType.Date,
        "timestamp without time zone" => PostgresBinaryType.Timestamp,
        "timestamp with time zone" => PostgresBinaryType.TimestampTz,
        _ => null,
    };
}
