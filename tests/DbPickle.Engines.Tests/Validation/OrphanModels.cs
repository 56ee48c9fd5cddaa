using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Validation.Orphans
{
    [Snapshot]
    [Table("Members")]
    public class Member
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;
    }

    /// <summary>Not in the snapshot, but references its rows: a Replace that removes a member it points to must fail.</summary>
    [Table("Notes")]
    public class Note
    {
        public int Id { get; set; }

        public int MemberId { get; set; }

        public Member Member { get; set; } = null!;
    }

    public class OrphanContext(DbContextOptions<OrphanContext> options) : DbContext(options)
    {
        public DbSet<Member> Members => Set<Member>();

        public DbSet<Note> Notes => Set<Note>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
            => modelBuilder.Entity<Note>().HasOne(n => n.Member).WithMany().HasForeignKey(n => n.MemberId).OnDelete(DeleteBehavior.NoAction);
    }
}
