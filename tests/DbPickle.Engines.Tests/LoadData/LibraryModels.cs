using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.LoadData;

/// <summary>Two tables, one referencing the other: enough for a load to choose an insert path per table.</summary>
[Snapshot]
[Table("Authors")]
public class Author
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;
}

[Snapshot]
[Table("Books")]
public class Book
{
    public int Id { get; set; }

    public int AuthorId { get; set; }

    public Author Author { get; set; } = null!;

    /// <summary>No length in the model: the server's column decides what fits.</summary>
    public string Title { get; set; } = string.Empty;
}

public class LibraryContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Author> Authors => Set<Author>();

    public DbSet<Book> Books => Set<Book>();
}
