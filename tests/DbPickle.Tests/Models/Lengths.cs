using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

// The same "Products" table in two models: the source allows any length, the target at most 5 characters.

namespace DbPickle.Tests.Models.Lengths.Wide
{
    public class WideContext(DbContextOptions<WideContext> options) : DbContext(options)
    {
        public DbSet<Product> Products => Set<Product>();

        public static WideContext Open(string path) => new(Infrastructure.Sqlite.Options<WideContext>(path));
    }

    [Snapshot]
    [Table("Products")]
    public class Product
    {
        public int Id { get; set; }

        public string Name { get; set; } = null!;

        public string? Code { get; set; }
    }
}

namespace DbPickle.Tests.Models.Lengths.Narrow
{
    public class NarrowContext(DbContextOptions<NarrowContext> options) : DbContext(options)
    {
        public DbSet<Product> Products => Set<Product>();

        public static NarrowContext Open(string path) => new(Infrastructure.Sqlite.Options<NarrowContext>(path));
    }

    [Snapshot]
    [Table("Products")]
    public class Product
    {
        public int Id { get; set; }

        [MaxLength(5)]
        public string Name { get; set; } = null!;

        [MaxLength(5)]
        public string? Code { get; set; }
    }
}
