using System.Data.Common;
using System.Globalization;
using DbPickle.Engines.Tests.Infrastructure;

namespace DbPickle.Engines.Tests.TypeFidelity;

/// <summary>
/// What each engine gives back, through EF Core and <see cref="FidelityContext"/>, for a value it was given: the
/// precision limits measured on SQLite 3 (Microsoft.Data.Sqlite 10), PostgreSQL 15 (Npgsql 10) and MariaDB 10.11
/// (MySql.Data / MySql.EntityFrameworkCore 10). A value that moved through a snapshot file must come back from the
/// target exactly as <c>Stored(target, Stored(source, original))</c>: anything else is DbPickle's doing.
/// </summary>
public static class EngineStorage
{
    /// <summary>What EF Core reads back from <paramref name="engine"/> for <paramref name="value"/>.</summary>
    public static Sample Stored(Engine engine, Sample value)
    {
        var s = Held(engine, value);
        if (engine == Engine.MariaDb)
        {
            // The table keeps more than EF Core reads back: MySql.Data's text protocol sends FLOAT with 6 significant
            // digits (%g), and GetFieldValue<DateTimeOffset> drops the fraction of a second. A dump reads neither way
            // (prepared statement, GetDateTime), so a snapshot carries what the table holds: see Held.
            s.SingleValue = SixDigits(s.SingleValue);
            s.NullableSingle = s.NullableSingle is { } f ? SixDigits(f) : null;
            s.OffsetStamp = WholeSeconds(s.OffsetStamp);
            s.NullableOffsetStamp = s.NullableOffsetStamp is { } o ? WholeSeconds(o) : null;
        }

        return s;
    }

    /// <summary>What <paramref name="engine"/>'s table holds for <paramref name="value"/>: what a dump reads and carries on.</summary>
    public static Sample Held(Engine engine, Sample value)
    {
        var s = Copy(value);
        switch (engine)
        {
            case Engine.Sqlite:
                // TEXT "yyyy-MM-dd HH:mm:ss.FFFFFFF": every tick kept, Kind dropped (the model restores Utc for the UTC columns).
                s.UtcStamp = Kind(s.UtcStamp, DateTimeKind.Utc);
                s.NullableUtcStamp = Kind(s.NullableUtcStamp, DateTimeKind.Utc);
                s.LocalStamp = Kind(s.LocalStamp, DateTimeKind.Unspecified);

                // REAL has no negative zero.
                s.DoubleValue = PositiveZero(s.DoubleValue);
                s.NullableDouble = PositiveZero(s.NullableDouble);
                s.SingleValue = PositiveZero(s.SingleValue);
                s.NullableSingle = PositiveZero(s.NullableSingle);
                break;

            case Engine.PostgreSql:
                // timestamp(tz), time and interval keep microseconds: Npgsql truncates the last tick digit toward zero
                // (for timestamps: toward 2000-01-01, PostgreSQL's epoch, so earlier timestamps round up).
                // DateTime.MinValue/MaxValue are written as -infinity/infinity and read back as MinValue/MaxValue with
                // every tick but Kind=Unspecified, even from timestamp with time zone.
                s.UtcStamp = Postgres(s.UtcStamp, DateTimeKind.Utc);
                s.NullableUtcStamp = s.NullableUtcStamp is { } u ? Postgres(u, DateTimeKind.Utc) : null;
                s.LocalStamp = Postgres(s.LocalStamp, DateTimeKind.Unspecified);
                s.UnspecifiedStamp = Postgres(s.UnspecifiedStamp, DateTimeKind.Unspecified);
                s.NullableUnspecifiedStamp = s.NullableUnspecifiedStamp is { } n ? Postgres(n, DateTimeKind.Unspecified) : null;

                // timestamp with time zone: the instant, at offset +00:00 (the model converts to UTC), microseconds;
                // DateTimeOffset.MinValue/MaxValue round-trip exactly through -infinity/infinity.
                s.OffsetStamp = PostgresOffset(s.OffsetStamp);
                s.NullableOffsetStamp = s.NullableOffsetStamp is { } o ? PostgresOffset(o) : null;
                s.Time = TimeOnly.FromTimeSpan(Micro(s.Time.ToTimeSpan()));
                s.NullableTime = s.NullableTime is { } t ? TimeOnly.FromTimeSpan(Micro(t.ToTimeSpan())) : null;
                s.Duration = Micro(s.Duration);
                s.NullableDuration = s.NullableDuration is { } d ? Micro(d) : null;
                break;

            case Engine.MariaDb:
                // datetime(6), time(6): microseconds, truncated; no Kind (the model restores Utc for the UTC columns).
                s.UtcStamp = Kind(Micro(s.UtcStamp), DateTimeKind.Utc);
                s.NullableUtcStamp = s.NullableUtcStamp is { } mu ? Kind(Micro(mu), DateTimeKind.Utc) : null;
                s.LocalStamp = Kind(Micro(s.LocalStamp), DateTimeKind.Unspecified);
                s.UnspecifiedStamp = Micro(s.UnspecifiedStamp);
                s.NullableUnspecifiedStamp = s.NullableUnspecifiedStamp is { } mn ? Micro(mn) : null;

                // datetime(6) holds no offset: MySql.Data writes the UTC clock time with microseconds.
                s.OffsetStamp = MariaDbOffset(s.OffsetStamp);
                s.NullableOffsetStamp = s.NullableOffsetStamp is { } mo ? MariaDbOffset(mo) : null;
                s.Time = TimeOnly.FromTimeSpan(Micro(s.Time.ToTimeSpan()));
                s.NullableTime = s.NullableTime is { } mt ? TimeOnly.FromTimeSpan(Micro(mt.ToTimeSpan())) : null;
                s.Duration = Micro(s.Duration);
                s.NullableDuration = s.NullableDuration is { } md ? Micro(md) : null;

                // DOUBLE and FLOAT have no negative zero; FLOAT keeps all 24 bits.
                s.DoubleValue = PositiveZero(s.DoubleValue);
                s.NullableDouble = PositiveZero(s.NullableDouble);
                s.SingleValue = PositiveZero(s.SingleValue);
                s.NullableSingle = PositiveZero(s.NullableSingle);
                break;
        }

        return s;
    }

    /// <summary>Every property that differs, compared strictly: DateTime ticks and Kind, DateTimeOffset ticks and offset, floating point bit for bit, bytes by content; decimals by value (see remarks).</summary>
    /// <remarks>
    /// Decimal scale is not compared: SQLite stores the shortest text (1.50 reads back 1.5, 0 reads back 0.0), PostgreSQL
    /// and MariaDB pad to the column's scale (1.50 reads back 1.5000). The value is the same.
    /// </remarks>
    public static List<string> Differences(Sample expected, Sample actual, string what)
    {
        var differences = new List<string>();
        foreach (var property in typeof(Sample).GetProperties())
        {
            var e = property.GetValue(expected);
            var a = property.GetValue(actual);
            if (!Same(e, a))
            {
                differences.Add($"{what} [Id={expected.Id}].{property.Name}: expected {Format(e)}, found {Format(a)}");
            }
        }

        return differences;
    }

    public static bool Same(object? expected, object? actual) => (expected, actual) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (byte[] e, byte[] a) => e.AsSpan().SequenceEqual(a),
        (DateTime e, DateTime a) => e.Ticks == a.Ticks && e.Kind == a.Kind,
        (DateTimeOffset e, DateTimeOffset a) => e.Ticks == a.Ticks && e.Offset == a.Offset,
        (double e, double a) => BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a),
        (float e, float a) => BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(a),
        (decimal e, decimal a) => e == a,
        _ => expected.Equals(actual),
    };

    public static string Format(object? value) => value switch
    {
        null => "null",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture) + $" ({d.Kind})",
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        byte[] b => $"byte[{b.Length}] {Convert.ToHexString(b.AsSpan(0, Math.Min(b.Length, 8)))}",
        string s => s.Length > 60 ? $"\"{s[..30]}...\" ({s.Length} chars)" : $"\"{s}\"",
        char c => $"'{c}' (U+{(int)c:X4})",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    public static Sample Copy(Sample s)
    {
        var copy = new Sample();
        foreach (var property in typeof(Sample).GetProperties())
        {
            var value = property.GetValue(s);
            property.SetValue(copy, value is byte[] bytes ? bytes.ToArray() : value);
        }

        return copy;
    }

    /// <summary>Runs one query on a raw ADO.NET connection of the engine (not EF, not DbPickle) and returns the first column of each row.</summary>
    public static List<T> Query<T>(Engine engine, string connectionString, string sql, bool prepare = false)
    {
        using var connection = engine switch
        {
            Engine.Sqlite => (DbConnection)new Microsoft.Data.Sqlite.SqliteConnection(connectionString),
            Engine.PostgreSql => new Npgsql.NpgsqlConnection(connectionString),
            _ => new MySql.Data.MySqlClient.MySqlConnection(connectionString),
        };
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (prepare)
        {
            command.Prepare();
        }

        using var reader = command.ExecuteReader();
        var values = new List<T>();
        while (reader.Read())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    private static DateTime Kind(DateTime value, DateTimeKind kind) => DateTime.SpecifyKind(value, kind);

    private static DateTime? Kind(DateTime? value, DateTimeKind kind) => value is { } v ? DateTime.SpecifyKind(v, kind) : null;

    private static DateTime Micro(DateTime value) => new(value.Ticks - (value.Ticks % 10), value.Kind);

    /// <summary>PostgreSQL counts microseconds from 2000-01-01 and Npgsql divides the ticks since then by 10: sub-microsecond
    /// ticks are truncated toward 2000-01-01, so before that date they round UP (1999-12-31 23:59:59.9999999 becomes 2000-01-01).</summary>
    private static long PostgresMicro(long ticks) => PostgresEpoch + ((ticks - PostgresEpoch) / 10 * 10);

    private static readonly long PostgresEpoch = new DateTime(2000, 1, 1).Ticks;

    private static TimeSpan Micro(TimeSpan value) => TimeSpan.FromTicks(value.Ticks - (value.Ticks % 10));

    private static DateTime Postgres(DateTime value, DateTimeKind kind)
        => value.Ticks == DateTime.MinValue.Ticks || value.Ticks == DateTime.MaxValue.Ticks
            ? DateTime.SpecifyKind(value, DateTimeKind.Unspecified)
            : new DateTime(PostgresMicro(value.Ticks), kind);

    private static DateTimeOffset PostgresOffset(DateTimeOffset value)
        => value == DateTimeOffset.MinValue || value == DateTimeOffset.MaxValue
            ? value.ToUniversalTime()
            : new DateTimeOffset(PostgresMicro(value.UtcTicks), TimeSpan.Zero);

    private static DateTimeOffset MariaDbOffset(DateTimeOffset value)
        => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    private static DateTimeOffset WholeSeconds(DateTimeOffset value)
        => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static double PositiveZero(double value) => value == 0 ? 0.0 : value;

    private static double? PositiveZero(double? value) => value is { } v ? PositiveZero(v) : null;

    private static float PositiveZero(float value) => value == 0 ? 0f : value;

    private static float? PositiveZero(float? value) => value is { } v ? PositiveZero(v) : null;

    private static float SixDigits(float value) => PositiveZero(float.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
}
