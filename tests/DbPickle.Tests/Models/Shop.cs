using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Tests.Models.Shop;

/// <summary>
/// A small model: two snapshot tables with a foreign key, a property mapped to a differently named column, and one
/// table without <c>[Snapshot]</c> that loads must never touch.
/// </summary>
public class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public static ShopContext Open(string path, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
        => new(Infrastructure.Sqlite.Options<ShopContext>(path, loggerFactory));

    /// <summary>Creates the database file with the model's schema and the given rows.</summary>
    public static void Create(string path, IEnumerable<Customer> customers, IEnumerable<Order>? orders = null, IEnumerable<AuditEntry>? audit = null)
    {
        using var db = Open(path);
        db.Database.EnsureCreated();
        db.Customers.AddRange(customers);
        db.Orders.AddRange(orders ?? []);
        db.AuditEntries.AddRange(audit ?? []);
        db.SaveChanges();
    }

    /// <summary>Dumps the database at <paramref name="path"/> to a new snapshot file.</summary>
    public static string Dump(string path, string snapshotPath)
    {
        using var db = Open(path);
        ShopContextSnapshot.Dump(db, snapshotPath);
        return snapshotPath;
    }

    /// <summary>Every customer as "Id:Name:City", and every order as "Id:CustomerId:Amount:PlacedAt" (amounts with two decimals at least, as SQLite keeps decimals as text), read in key order.</summary>
    public static (List<string> Customers, List<string> Orders, List<string> Audit) Rows(string path)
    {
        using var db = Open(path);
        return (
            db.Customers.AsNoTracking().OrderBy(c => c.Id).AsEnumerable().Select(c => $"{c.Id}:{c.Name}:{c.City}").ToList(),
            db.Orders.AsNoTracking().OrderBy(o => o.Id).AsEnumerable()
                .Select(o => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{o.Id}:{o.CustomerId}:{o.Amount:0.00##}:{o.PlacedAt:O}")).ToList(),
            db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).AsEnumerable().Select(a => $"{a.Id}:{a.Message}").ToList());
    }
}

[Snapshot]
[Table("Customers")]
public class Customer
{
    public int Id { get; set; }

    [Column("customer_name")]
    [MaxLength(100)]
    public string Name { get; set; } = null!;

    public string? City { get; set; }

    public ICollection<Order> Orders { get; set; } = new List<Order>();
}

[Snapshot]
[Table("Orders")]
public class Order
{
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public decimal Amount { get; set; }

    public DateTime PlacedAt { get; set; }

    public Customer Customer { get; set; } = null!;
}

/// <summary>Not a snapshot entity: loads leave its table alone.</summary>
[Table("AuditEntries")]
public class AuditEntry
{
    public int Id { get; set; }

    public string Message { get; set; } = null!;
}
