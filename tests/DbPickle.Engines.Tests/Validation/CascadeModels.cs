using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Validation.Cascades
{
    [Snapshot]
    [Table("Owners")]
    public class Owner
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;
    }

    /// <summary>
    /// Not in the snapshot, with a required reference to it: EF Core creates that foreign key ON DELETE CASCADE, so a
    /// Replace that clears <c>Owners</c> with the engine's delete actions active would delete every pet.
    /// </summary>
    [Table("Pets")]
    public class Pet
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public int OwnerId { get; set; }

        public Owner Owner { get; set; } = null!;
    }

    public class CascadeContext(DbContextOptions<CascadeContext> options) : DbContext(options)
    {
        public DbSet<Owner> Owners => Set<Owner>();

        public DbSet<Pet> Pets => Set<Pet>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Pet>().HasOne(p => p.Owner).WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
