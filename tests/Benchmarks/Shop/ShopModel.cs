using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Benchmarks.Shop;

/// <summary>A product category; categories form a tree through <see cref="ParentId"/> (a self-reference).</summary>
[Snapshot]
public class Category
{
    public int Id { get; set; }

    public int? ParentId { get; set; }

    [MaxLength(100)]
    public string Name { get; set; } = "";

    [MaxLength(120)]
    public string Slug { get; set; } = "";

    public string? Description { get; set; }

    public int SortOrder { get; set; }

    public Category? Parent { get; set; }

    public List<Category> Children { get; set; } = [];
}

/// <summary>A free-form product label; linked to products through <see cref="ProductTag"/>.</summary>
[Snapshot]
public class Tag
{
    public int Id { get; set; }

    [MaxLength(60)]
    public string Name { get; set; } = "";

    [MaxLength(7)]
    public string? Color { get; set; }
}

[Snapshot]
public class Customer
{
    public int Id { get; set; }

    [MaxLength(200)]
    public string Email { get; set; } = "";

    [MaxLength(80)]
    public string FirstName { get; set; } = "";

    [MaxLength(80)]
    public string LastName { get; set; } = "";

    [MaxLength(32)]
    public string? Phone { get; set; }

    [MaxLength(100)]
    public string? City { get; set; }

    [MaxLength(2)]
    public string CountryCode { get; set; } = "";

    /// <summary>UTC; timestamptz on PostgreSQL, TEXT on SQLite.</summary>
    public DateTime CreatedAt { get; set; }

    public DateOnly? BirthDate { get; set; }

    public bool IsVip { get; set; }

    [Precision(12, 2)]
    public decimal? CreditLimit { get; set; }

    public List<Order> Orders { get; set; } = [];
}

[Snapshot]
public class Product
{
    public int Id { get; set; }

    public int CategoryId { get; set; }

    [MaxLength(32)]
    public string Sku { get; set; } = "";

    [MaxLength(200)]
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    [Precision(10, 2)]
    public decimal Price { get; set; }

    public double? WeightKg { get; set; }

    public int Stock { get; set; }

    public bool IsActive { get; set; }

    public DateTime CreatedAt { get; set; }

    public Guid ExternalId { get; set; }

    public Category Category { get; set; } = null!;

    public List<ProductTag> Tags { get; set; } = [];
}

/// <summary>The many-to-many join between products and tags, as an explicit entity with a composite key.</summary>
[Snapshot]
public class ProductTag
{
    public int ProductId { get; set; }

    public int TagId { get; set; }

    public Product Product { get; set; } = null!;

    public Tag Tag { get; set; } = null!;
}

public enum OrderStatus
{
    Pending,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
    Refunded,
}

[Snapshot]
public class Order
{
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public DateTime OrderedAt { get; set; }

    public DateTime? ShippedAt { get; set; }

    /// <summary>Stored as its name (a value converter), so the runtime's conversion path is exercised.</summary>
    public OrderStatus Status { get; set; }

    [Precision(12, 2)]
    public decimal Total { get; set; }

    [MaxLength(300)]
    public string? ShippingAddress { get; set; }

    public string? Note { get; set; }

    public Customer Customer { get; set; } = null!;

    public List<OrderLine> Lines { get; set; } = [];
}

/// <summary>A line of an order; composite key (<see cref="OrderId"/>, <see cref="LineNo"/>).</summary>
[Snapshot]
public class OrderLine
{
    public int OrderId { get; set; }

    public int LineNo { get; set; }

    public int ProductId { get; set; }

    public int Quantity { get; set; }

    [Precision(10, 2)]
    public decimal UnitPrice { get; set; }

    [Precision(5, 4)]
    public decimal? Discount { get; set; }

    public Order Order { get; set; } = null!;

    public Product Product { get; set; } = null!;
}

public class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<ProductTag> ProductTags => Set<ProductTag>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    public static ShopContext Sqlite(string path)
        => new(new DbContextOptionsBuilder<ShopContext>().UseSqlite($"Data Source={path};Pooling=False").Options);

    public static ShopContext Postgres(string connectionString)
        => new(new DbContextOptionsBuilder<ShopContext>().UseNpgsql(connectionString).Options);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var postgres = Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

        modelBuilder.Entity<Category>(category =>
        {
            category.HasOne(c => c.Parent).WithMany(c => c.Children).HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
            category.HasIndex(c => c.Slug).IsUnique();
        });

        modelBuilder.Entity<Customer>(customer =>
        {
            customer.Property(c => c.CountryCode).IsFixedLength();
            customer.HasIndex(c => c.Email).IsUnique();
        });

        modelBuilder.Entity<Product>(product =>
        {
            product.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
            product.HasIndex(p => p.Sku).IsUnique();
        });

        modelBuilder.Entity<ProductTag>(link =>
        {
            link.HasKey(pt => new { pt.ProductId, pt.TagId });
            link.HasOne(pt => pt.Product).WithMany(p => p.Tags).HasForeignKey(pt => pt.ProductId);
            link.HasOne(pt => pt.Tag).WithMany().HasForeignKey(pt => pt.TagId);
        });

        modelBuilder.Entity<Order>(order =>
        {
            order.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
            order.HasOne(o => o.Customer).WithMany(c => c.Orders).HasForeignKey(o => o.CustomerId);
        });

        modelBuilder.Entity<OrderLine>(line =>
        {
            line.HasKey(l => new { l.OrderId, l.LineNo });
            line.HasOne(l => l.Order).WithMany(o => o.Lines).HasForeignKey(l => l.OrderId);
            line.HasOne(l => l.Product).WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
        });

        if (postgres)
        {
            // Provider-specific store types: a fixed-width country code, long free text as `text`.
            modelBuilder.Entity<Customer>().Property(c => c.CountryCode).HasColumnType("character(2)");
            modelBuilder.Entity<Product>().Property(p => p.Description).HasColumnType("text");
            modelBuilder.Entity<Order>().Property(o => o.Note).HasColumnType("text");
        }
    }
}
