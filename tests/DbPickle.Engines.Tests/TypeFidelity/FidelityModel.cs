using DbPickle.Engines.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.TypeFidelity;

/// <summary>An enum with a negative member and <c>int.MaxValue</c>; rows also hold undefined values such as <c>(Shade)42</c>.</summary>
public enum Shade
{
    Negative = -7,
    None = 0,
    Red = 1,
    Blue = int.MaxValue,
}

/// <summary>One column per CLR type DbPickle moves, plus nullable variants. Keys are explicit ints.</summary>
[Snapshot]
public class Sample
{
    public int Id { get; set; }

    public int Int32Value { get; set; }

    public long Int64Value { get; set; }

    public short Int16Value { get; set; }

    public byte ByteValue { get; set; }

    public bool BoolValue { get; set; }

    /// <summary>decimal(18,4).</summary>
    public decimal Money { get; set; }

    /// <summary>decimal(28,10): 28 significant digits, the most a <see cref="decimal"/> always holds.</summary>
    public decimal Precise { get; set; }

    public double DoubleValue { get; set; }

    public float SingleValue { get; set; }

    public string Text { get; set; } = string.Empty;

    public char CharValue { get; set; }

    public Guid GuidValue { get; set; }

    public byte[] Bytes { get; set; } = [];

    /// <summary>Always <see cref="DateTimeKind.Utc"/> in the application: <c>timestamp with time zone</c> on PostgreSQL.</summary>
    public DateTime UtcStamp { get; set; }

    /// <summary><see cref="DateTimeKind.Local"/> in the application: a wall-clock time, <c>timestamp without time zone</c> on PostgreSQL.</summary>
    public DateTime LocalStamp { get; set; }

    /// <summary><see cref="DateTimeKind.Unspecified"/>: <c>timestamp without time zone</c> on PostgreSQL.</summary>
    public DateTime UnspecifiedStamp { get; set; }

    public DateTimeOffset OffsetStamp { get; set; }

    public DateOnly Date { get; set; }

    public TimeOnly Time { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>Stored as its integer.</summary>
    public Shade ShadeAsInt { get; set; }

    /// <summary>Stored as its name (<c>HasConversion&lt;string&gt;()</c>); the file holds the integer (FORMAT.md: values before converters).</summary>
    public Shade ShadeAsString { get; set; }

    public int? NullableInt32 { get; set; }

    public long? NullableInt64 { get; set; }

    public short? NullableInt16 { get; set; }

    public byte? NullableByte { get; set; }

    public bool? NullableBool { get; set; }

    public decimal? NullableMoney { get; set; }

    public double? NullableDouble { get; set; }

    public float? NullableSingle { get; set; }

    public string? NullableText { get; set; }

    public char? NullableChar { get; set; }

    public Guid? NullableGuid { get; set; }

    public byte[]? NullableBytes { get; set; }

    public DateTime? NullableUtcStamp { get; set; }

    public DateTime? NullableUnspecifiedStamp { get; set; }

    public DateTimeOffset? NullableOffsetStamp { get; set; }

    public DateOnly? NullableDate { get; set; }

    public TimeOnly? NullableTime { get; set; }

    public TimeSpan? NullableDuration { get; set; }

    public Shade? NullableShadeAsInt { get; set; }

    public Shade? NullableShadeAsString { get; set; }
}

/// <summary>
/// The type-fidelity model as a careful application would configure it for each engine. The same entity, the same
/// snapshot file; only the mapping differs per provider:
/// <list type="bullet">
/// <item>PostgreSQL: <see cref="Sample.UtcStamp"/> is <c>timestamp with time zone</c> because its values are instants in
/// UTC (Npgsql only writes <c>Kind=Utc</c> there, and reads it back as Utc); <see cref="Sample.LocalStamp"/> and
/// <see cref="Sample.UnspecifiedStamp"/> are <c>timestamp without time zone</c> because they are wall-clock times
/// (Npgsql refuses <c>Kind=Utc</c> there and reads <c>Unspecified</c>). <see cref="DateTimeOffset"/> is
/// <c>timestamp with time zone</c>, which stores an instant and no offset: Npgsql refuses a non-zero offset, so the
/// model converts to UTC on the way in (same instant, offset becomes +00:00).</item>
/// <item>SQLite and MariaDB store no <see cref="DateTimeKind"/>: every DateTime reads back <c>Unspecified</c>. The
/// model restores <c>Utc</c> for the UTC columns when reading, so the file carries <c>Kind=Utc</c> and loads into
/// PostgreSQL's <c>timestamp with time zone</c> (without it the load fails: see <see cref="ProviderDefaultsContext"/>).</item>
/// <item>MariaDB (MySql.EntityFrameworkCore 10): its defaults are <c>datetime</c> for DateTimeOffset and <c>time</c> for
/// TimeOnly, i.e. whole seconds; the model asks for <c>datetime(6)</c> and <c>time(6)</c> (microseconds). MySql.Data
/// cannot read DateOnly or TimeOnly at all (<c>GetFieldValue&lt;DateOnly&gt;</c> throws InvalidCastException from
/// DateTime, TimeOnly from TimeSpan), so those two are mapped through DateTime / TimeSpan converters.</item>
/// </list>
/// </summary>
public class FidelityContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Sample> Samples => Set<Sample>();

    /// <summary>Whether to apply the per-engine temporal mapping described above (false: every provider default).</summary>
    protected virtual bool PortableMapping => true;

    /// <summary>Whether PostgreSQL converts DateTimeOffset values to UTC before writing them.</summary>
    protected virtual bool OffsetsToUtc => PortableMapping;

    public static FidelityContext Open(Engine engine, string connectionString)
        => new(TestDatabase.Configure(new DbContextOptionsBuilder<FidelityContext>(), engine, connectionString).Options);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var sample = modelBuilder.Entity<Sample>();
        sample.Property(s => s.Id).ValueGeneratedNever();
        sample.Property(s => s.Money).HasPrecision(18, 4);
        sample.Property(s => s.NullableMoney).HasPrecision(18, 4);
        sample.Property(s => s.Precise).HasPrecision(28, 10);
        sample.Property(s => s.ShadeAsString).HasConversion<string>().HasMaxLength(16);
        sample.Property(s => s.NullableShadeAsString).HasConversion<string>().HasMaxLength(16);
        if (!PortableMapping)
        {
            return;
        }

        switch (Database.ProviderName)
        {
            case "Npgsql.EntityFrameworkCore.PostgreSQL":
                sample.Property(s => s.UtcStamp).HasColumnType("timestamp with time zone");
                sample.Property(s => s.NullableUtcStamp).HasColumnType("timestamp with time zone");
                sample.Property(s => s.LocalStamp).HasColumnType("timestamp without time zone");
                sample.Property(s => s.UnspecifiedStamp).HasColumnType("timestamp without time zone");
                sample.Property(s => s.NullableUnspecifiedStamp).HasColumnType("timestamp without time zone");
                if (OffsetsToUtc)
                {
                    sample.Property(s => s.OffsetStamp).HasConversion(v => v.ToUniversalTime(), v => v);
                    sample.Property(s => s.NullableOffsetStamp).HasConversion(v => v!.Value.ToUniversalTime(), v => v);
                }

                break;
            case "MySql.EntityFrameworkCore":
                RestoreUtcKind(sample);
                sample.Property(s => s.OffsetStamp).HasColumnType("datetime(6)");
                sample.Property(s => s.NullableOffsetStamp).HasColumnType("datetime(6)");
                sample.Property(s => s.Time).HasColumnType("time(6)").HasConversion(v => v.ToTimeSpan(), v => TimeOnly.FromTimeSpan(v));
                sample.Property(s => s.NullableTime).HasColumnType("time(6)").HasConversion(v => v!.Value.ToTimeSpan(), v => TimeOnly.FromTimeSpan(v));
                sample.Property(s => s.Date).HasConversion(v => v.ToDateTime(TimeOnly.MinValue), v => DateOnly.FromDateTime(v));
                sample.Property(s => s.NullableDate).HasConversion(v => v!.Value.ToDateTime(TimeOnly.MinValue), v => DateOnly.FromDateTime(v));
                break;
            default:
                RestoreUtcKind(sample);
                break;
        }
    }

    private static void RestoreUtcKind(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Sample> sample)
    {
        sample.Property(s => s.UtcStamp).HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        sample.Property(s => s.NullableUtcStamp).HasConversion(v => v, v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
    }
}

/// <summary>
/// The same model with every provider default (no Kind restoring, no UTC conversion of offsets, no column types): what
/// an application that never thought about a second engine has. Used to characterize the loads that then fail.
/// </summary>
public sealed class ProviderDefaultsContext(DbContextOptions options) : FidelityContext(options)
{
    protected override bool PortableMapping => false;

    public static new ProviderDefaultsContext Open(Engine engine, string connectionString)
        => new(TestDatabase.Configure(new DbContextOptionsBuilder<ProviderDefaultsContext>(), engine, connectionString).Options);
}

/// <summary>
/// <see cref="FidelityContext"/> except that PostgreSQL gets DateTimeOffset values as they are, with their offsets (no
/// conversion to UTC): the case of a model that was only ever used on SQLite or MariaDB.
/// </summary>
public sealed class OffsetsAsGivenContext(DbContextOptions options) : FidelityContext(options)
{
    protected override bool OffsetsToUtc => false;

    public static new OffsetsAsGivenContext Open(Engine engine, string connectionString)
        => new(TestDatabase.Configure(new DbContextOptionsBuilder<OffsetsAsGivenContext>(), engine, connectionString).Options);
}
