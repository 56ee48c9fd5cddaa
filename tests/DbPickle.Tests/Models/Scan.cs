using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Tests.Models.Scan;

/// <summary>
/// Every value kind, with every limit the validation pass checks (lengths, precision, required values, and the store
/// types whose DateTime kinds PostgreSQL restricts, which SQLite takes as names), for comparing the byte scanner with the
/// full decode-and-check path row by row.
/// </summary>
public class ScanContext(DbContextOptions<ScanContext> options) : DbContext(options)
{
    public DbSet<ScanParent> Parents => Set<ScanParent>();

    public DbSet<ScanRow> Rows => Set<ScanRow>();

    public static ScanContext Open(string path) => new(Infrastructure.Sqlite.Options<ScanContext>(path));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<ScanRow>().Property(r => r.RequiredCount).IsRequired();
}

[Snapshot]
public class ScanParent
{
    public Guid Id { get; set; }
}

[Snapshot]
public class ScanRow
{
    public int Id { get; set; }

    public Guid ParentId { get; set; }

    public ScanParent Parent { get; set; } = null!;

    public long? Big { get; set; }

    public short Small { get; set; }

    public byte Tiny { get; set; }

    public sbyte Signed { get; set; }

    public uint Unsigned { get; set; }

    public bool Flag { get; set; }

    [MaxLength(5)]
    public string Name { get; set; } = string.Empty;

    public string? Note { get; set; }

    [MaxLength(4)]
    public byte[]? Blob { get; set; }

    [Precision(6, 2)]
    public decimal Amount { get; set; }

    public decimal? Loose { get; set; }

    public char Letter { get; set; }

    [Column(TypeName = "timestamp with time zone")]
    public DateTime Instant { get; set; }

    [Column(TypeName = "timestamp with time zone")]
    public DateTime? MaybeInstant { get; set; }

    [Column(TypeName = "timestamp without time zone")]
    public DateTime Clock { get; set; }

    [Column(TypeName = "timestamp with time zone")]
    public DateTimeOffset Offset { get; set; }

    public DateOnly Day { get; set; }

    public TimeOnly Time { get; set; }

    public TimeSpan Span { get; set; }

    public double Ratio { get; set; }

    public float Single { get; set; }

    public int? RequiredCount { get; set; }
}
