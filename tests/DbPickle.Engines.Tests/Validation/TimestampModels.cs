using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Validation.KindedSource
{
    /// <summary>
    /// A SQLite source whose dump carries every kind of timestamp a PostgreSQL target may refuse: SQLite keeps no kind,
    /// so <see cref="Stamp.Instant"/> comes back Unspecified; converters give the other columns Local and Utc.
    /// </summary>
    [Snapshot]
    [Table("Stamps")]
    public class Stamp
    {
        public int Id { get; set; }

        public DateTime Instant { get; set; }

        public DateTime LocalInstant { get; set; }

        public DateTime Clock { get; set; }

        public DateTimeOffset Offset { get; set; }

        public DateTime Infinite { get; set; }

        public DateTime? Missing { get; set; }
    }

    public class KindedSourceContext(DbContextOptions<KindedSourceContext> options) : DbContext(options)
    {
        public DbSet<Stamp> Stamps => Set<Stamp>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Stamp>().Property(s => s.LocalInstant).HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Local));
            modelBuilder.Entity<Stamp>().Property(s => s.Clock).HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        }
    }
}

namespace DbPickle.Engines.Tests.Validation.PlainSource
{
    /// <summary>The usual SQLite source: DateTime properties and nothing else, so a dump carries them without a kind.</summary>
    [Snapshot]
    [Table("Stamps")]
    public class Stamp
    {
        public int Id { get; set; }

        public DateTime Instant { get; set; }

        public DateTime LocalInstant { get; set; }

        public DateTime Clock { get; set; }

        public DateTimeOffset Offset { get; set; }

        public DateTime Infinite { get; set; }

        public DateTime? Missing { get; set; }
    }

    public class PlainSourceContext(DbContextOptions<PlainSourceContext> options) : DbContext(options)
    {
        public DbSet<Stamp> Stamps => Set<Stamp>();
    }
}

namespace DbPickle.Engines.Tests.Validation.Zoned
{
    /// <summary>
    /// The PostgreSQL side, as Npgsql maps it by default: DateTime and DateTimeOffset as <c>timestamp with time zone</c>
    /// (instants, UTC only), except <see cref="Stamp.Clock"/>, a <c>timestamp without time zone</c> (clock times, no UTC).
    /// </summary>
    [Snapshot]
    [Table("Stamps")]
    public class Stamp
    {
        public int Id { get; set; }

        public DateTime Instant { get; set; }

        public DateTime LocalInstant { get; set; }

        [Column(TypeName = "timestamp without time zone")]
        public DateTime Clock { get; set; }

        public DateTimeOffset Offset { get; set; }

        public DateTime Infinite { get; set; }

        public DateTime? Missing { get; set; }
    }

    public class ZonedContext(DbContextOptions<ZonedContext> options) : DbContext(options)
    {
        public DbSet<Stamp> Stamps => Set<Stamp>();
    }
}
