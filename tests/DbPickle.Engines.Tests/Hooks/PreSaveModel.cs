using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Hooks;

/// <summary>One table with an <c>OnPreSave</c> hook, which each engine's load runs row by row right before the insert.</summary>
public class ReadingContext(DbContextOptions<ReadingContext> options) : DbContext(options)
{
    public DbSet<Reading> Readings => Set<Reading>();
}

[Snapshot]
public class Reading
{
    public int Id { get; set; }

    [MaxLength(40)]
    public string Label { get; set; } = string.Empty;

    public int Value { get; set; }

    public DateTime? TakenAt { get; set; }
}

/// <summary>Skips negative readings and upper-cases the labels of the others.</summary>
public static partial class ReadingContextSnapshot
{
    static partial void OnPreSave(Reading entity, SnapshotRow row)
    {
        if (entity.Value < 0)
        {
            row.Skip();
            return;
        }

        entity.Label = entity.Label.ToUpperInvariant();
    }
}
