using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.CopyOut;

/// <summary>
/// Every PostgreSQL type the dump reads from binary COPY output, nullable and not, padded <c>character(n)</c>,
/// unconstrained <c>numeric</c> (any scale, up to 1000 digits), both timestamp types, an enum stored as its name and one
/// stored as a number: for comparing that path with Npgsql's reader value by value.
/// </summary>
public class CopyOutContext(DbContextOptions<CopyOutContext> options) : DbContext(options)
{
    public DbSet<Measurement> Measurements => Set<Measurement>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Measurement>().Property(m => m.Status).HasConversion<string>();
}

public enum Phase
{
    Idle,
    Running,
    Done,
}

[Snapshot]
public class Measurement
{
    public long Id { get; set; }

    public bool Flag { get; set; }

    public bool? MaybeFlag { get; set; }

    public short Small { get; set; }

    public int Count { get; set; }

    public int? MaybeCount { get; set; }

    public long Big { get; set; }

    public float Single { get; set; }

    public double Ratio { get; set; }

    public double? MaybeRatio { get; set; }

    [MaxLength(40)]
    public string Name { get; set; } = string.Empty;

    public string? Note { get; set; }

    [Column(TypeName = "character(6)")]
    public string Code { get; set; } = string.Empty;

    public byte[]? Blob { get; set; }

    [Precision(12, 2)]
    public decimal Amount { get; set; }

    /// <summary>Unconstrained numeric: every display scale, and values a decimal cannot hold.</summary>
    public decimal? Loose { get; set; }

    public Guid Key { get; set; }

    public DateOnly Day { get; set; }

    public DateOnly? MaybeDay { get; set; }

    /// <summary><c>timestamp with time zone</c>: UTC.</summary>
    public DateTime At { get; set; }

    [Column(TypeName = "timestamp without time zone")]
    public DateTime Clock { get; set; }

    public DateTime? MaybeAt { get; set; }

    public Phase Rank { get; set; }

    public Phase Status { get; set; }

    public Phase? MaybeStatus { get; set; }
}
