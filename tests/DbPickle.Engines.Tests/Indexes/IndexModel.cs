using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Indexes;

/// <summary>
/// Tables with the kinds of index a PostgreSQL load sets aside and builds again: primary keys, a unique index, one
/// with included columns, a partial unique one over two columns, a descending one, and the foreign key between them.
/// </summary>
public class IndexContext(DbContextOptions<IndexContext> options) : DbContext(options)
{
    public DbSet<Writer> Writers => Set<Writer>();

    public DbSet<Work> Works => Set<Work>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Writer>().HasIndex(w => w.Email).IsUnique();
        modelBuilder.Entity<Writer>().HasIndex(w => w.Name).IncludeProperties(w => w.Email);
        modelBuilder.Entity<Work>().HasIndex(w => new { w.WriterId, w.Title }).IsUnique().HasFilter("\"Title\" <> ''");
        modelBuilder.Entity<Work>().HasIndex(w => w.Year).IsDescending();
    }
}

[Snapshot]
public class Writer
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;
}

[Snapshot]
public class Work
{
    public int Id { get; set; }

    public int WriterId { get; set; }

    public Writer? Writer { get; set; }

    public string Title { get; set; } = string.Empty;

    public int Year { get; set; }
}
