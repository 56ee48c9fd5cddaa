using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Tests.Models.Tree;

/// <summary>A self-referencing category tree.</summary>
public class TreeContext(DbContextOptions<TreeContext> options) : DbContext(options)
{
    public DbSet<Category> Categories => Set<Category>();

    public static TreeContext Open(string path) => new(Infrastructure.Sqlite.Options<TreeContext>(path));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<Category>().HasOne(c => c.Parent).WithMany(c => c.Children).HasForeignKey(c => c.ParentId);
}

[Snapshot]
[Table("Categories")]
public class Category
{
    public int Id { get; set; }

    public string Name { get; set; } = null!;

    public int? ParentId { get; set; }

    public Category? Parent { get; set; }

    public ICollection<Category> Children { get; set; } = new List<Category>();
}
