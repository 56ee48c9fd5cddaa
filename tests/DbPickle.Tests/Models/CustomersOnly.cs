using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Tests.Models.CustomersOnly;

/// <summary>A later version of the Shop model that no longer has orders.</summary>
public class CustomersOnlyContext(DbContextOptions<CustomersOnlyContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public static CustomersOnlyContext Open(string path) => new(Infrastructure.Sqlite.Options<CustomersOnlyContext>(path));
}

[Snapshot]
[Table("Customers")]
public class Customer
{
    public int Id { get; set; }

    public string Name { get; set; } = null!;

    public string? City { get; set; }
}
