using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Tests.Models.KeyCheck
{
    [Snapshot]
    [Table("Parents")]
    public class Parent
    {
        public int Id { get; set; }

        public Guid Token { get; set; }
    }

    [Snapshot]
    [Table("Children")]
    public class Child
    {
        public long Id { get; set; }

        public int ParentId { get; set; }

        public Parent Parent { get; set; } = null!;

        /// <summary>A Guid-keyed reference, so the compact Guid path is exercised as well.</summary>
        public Guid? BadgeId { get; set; }

        public Badge? Badge { get; set; }
    }

    [Snapshot]
    [Table("Badges")]
    public class Badge
    {
        public Guid Id { get; set; }
    }

    public class KeyCheckContext(DbContextOptions<KeyCheckContext> options) : DbContext(options)
    {
        public DbSet<Parent> Parents => Set<Parent>();

        public DbSet<Child> Children => Set<Child>();

        public DbSet<Badge> Badges => Set<Badge>();
    }

    /// <summary>
    /// Rewrites keys while loading, as a migration hook may: a test sets the maps to scramble the order in which keys
    /// arrive, or to make two rows collide, or a reference point at nothing.
    /// </summary>
    public static partial class KeyCheckContextSnapshot
    {
        public static Func<int, int> MapParentId { get; set; } = id => id;

        public static Func<long, long> MapChildId { get; set; } = id => id;

        /// <summary>How a child's ParentId is rewritten: like the parent's own id unless a test breaks the link.</summary>
        public static Func<int, int> MapReference { get; set; } = id => MapParentId(id);

        static partial void OnPreWalk(Parent entity, SnapshotRow row) => entity.Id = MapParentId(entity.Id);

        static partial void OnPreWalk(Child entity, SnapshotRow row)
        {
            entity.Id = MapChildId(entity.Id);
            entity.ParentId = MapReference(entity.ParentId);
        }
    }
}
