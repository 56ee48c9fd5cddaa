using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DbPickle.Tests.Models.DirectRead;

/// <summary>
/// Every value kind the SQLite dump reads through SQLite's C API, nullable and not, an enum stored as its name (a
/// value converter to text) and one stored as a number (EF Core's converter to int): for comparing that path with the
/// provider's reader value by value.
/// </summary>
public class DirectReadContext(DbContextOptions<DirectReadContext> options) : DbContext(options)
{
    public DbSet<Reading> Readings => Set<Reading>();

    public static DirectReadContext Open(string path, ILoggerFactory? loggerFactory = null)
        => new(Infrastructure.Sqlite.Options<DirectReadContext>(path, loggerFactory));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Reading>().Property(r => r.Status).HasConversion<string>();
}

public enum Level
{
    Low,
    Middle,
    High,
}

[Snapshot]
public class Reading
{
    public int Id { get; set; }

    public bool Flag { get; set; }

    public bool? MaybeFlag { get; set; }

    public byte Tiny { get; set; }

    public short Small { get; set; }

    public long Big { get; set; }

    public long? MaybeBig { get; set; }

    public double Ratio { get; set; }

    public float Single { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Note { get; set; }

    public byte[]? Blob { get; set; }

    public decimal Amount { get; set; }

    public decimal? MaybeAmount { get; set; }

    public DateTime At { get; set; }

    public DateTime? MaybeAt { get; set; }

    public DateOnly Day { get; set; }

    public DateOnly? MaybeDay { get; set; }

    public Guid Key { get; set; }

    public Level Rank { get; set; }

    public Level Status { get; set; }

    public Level? MaybeStatus { get; set; }

    public int? Count { get; set; }
}
