using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Validation.Lenient
{
    /// <summary>The source side: no limits, as a SQLite model often has.</summary>
    [Snapshot]
    [Table("Notes")]
    public class Note
    {
        public int Id { get; set; }

        public string Text { get; set; } = string.Empty;

        public decimal Amount { get; set; }
    }

    public class LenientContext(DbContextOptions<LenientContext> options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();
    }
}

namespace DbPickle.Engines.Tests.Validation.Strict
{
    /// <summary>The target side: the same table with limits a server enforces.</summary>
    [Snapshot]
    [Table("Notes")]
    public class Note
    {
        public int Id { get; set; }

        [MaxLength(200)]
        public string Text { get; set; } = string.Empty;

        [Precision(8, 2)]
        public decimal Amount { get; set; }
    }

    public class StrictContext(DbContextOptions<StrictContext> options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();
    }
}
