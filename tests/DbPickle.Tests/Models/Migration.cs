using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

// Four versions of one table ("People"), each in its own namespace, so each context gets its own generated
// snapshot class: V1 is the model a file was dumped with, V2 migrates it with a hook, V3 dropped a column without a
// hook, V4 has a hook that leaves a new required column empty.

namespace DbPickle.Tests.Models.Migration.V1
{
    public class V1Context(DbContextOptions<V1Context> options) : DbContext(options)
    {
        public DbSet<Person> People => Set<Person>();

        public static V1Context Open(string path) => new(Infrastructure.Sqlite.Options<V1Context>(path));
    }

    [Snapshot]
    [Table("People")]
    public class Person
    {
        public int Id { get; set; }

        public string FullName { get; set; } = null!;

        public int Age { get; set; }

        public string? Nickname { get; set; }
    }
}

namespace DbPickle.Tests.Models.Migration.V2
{
    public class V2Context(DbContextOptions<V2Context> options) : DbContext(options)
    {
        public DbSet<Person> People => Set<Person>();

        public static V2Context Open(string path) => new(Infrastructure.Sqlite.Options<V2Context>(path));
    }

    /// <summary>FullName was renamed DisplayName, Nickname was removed, Category is new and required.</summary>
    [Snapshot]
    [Table("People")]
    public class Person
    {
        public int Id { get; set; }

        public string DisplayName { get; set; } = null!;

        public int Age { get; set; }

        public string Category { get; set; } = null!;
    }

    /// <summary>The user's part of the generated snapshot class: migrates v1 rows.</summary>
    public static partial class V2ContextSnapshot
    {
        /// <summary>Rows whose FullName starts with this are dropped by the hook.</summary>
        public const string SkipPrefix = "SKIP ";

        static partial void OnPreWalk(Person entity, SnapshotRow row)
        {
            entity.DisplayName = row.Get<string>("FullName");
            entity.Category = row.Has("Nickname") && row.Get<string?>("Nickname") is { } nickname ? "nick:" + nickname : "none";
            if (entity.DisplayName.StartsWith(SkipPrefix, StringComparison.Ordinal))
            {
                row.Skip();
            }
        }
    }
}

namespace DbPickle.Tests.Models.Migration.V3
{
    public class V3Context(DbContextOptions<V3Context> options) : DbContext(options)
    {
        public DbSet<Person> People => Set<Person>();

        public static V3Context Open(string path) => new(Infrastructure.Sqlite.Options<V3Context>(path));
    }

    /// <summary>Nickname was removed and no hook says what to do with its data.</summary>
    [Snapshot]
    [Table("People")]
    public class Person
    {
        public int Id { get; set; }

        public string FullName { get; set; } = null!;

        public int Age { get; set; }
    }
}

namespace DbPickle.Tests.Models.Migration.V4
{
    public class V4Context(DbContextOptions<V4Context> options) : DbContext(options)
    {
        public DbSet<Person> People => Set<Person>();

        public static V4Context Open(string path) => new(Infrastructure.Sqlite.Options<V4Context>(path));
    }

    [Snapshot]
    [Table("People")]
    public class Person
    {
        public int Id { get; set; }

        public string DisplayName { get; set; } = null!;

        public int Age { get; set; }

        public string Category { get; set; } = null!;
    }

    /// <summary>A hook that forgets rows without a nickname: their required Category stays null.</summary>
    public static partial class V4ContextSnapshot
    {
        static partial void OnPreWalk(Person entity, SnapshotRow row)
        {
            entity.DisplayName = row.Get<string>("FullName");
            entity.Category = row.Get<string?>("Nickname")!;
        }
    }
}
