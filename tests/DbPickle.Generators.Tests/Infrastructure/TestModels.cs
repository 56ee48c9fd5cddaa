namespace DbPickle.Generators.Tests.Infrastructure;

/// <summary>The user code the tests run the generator over.</summary>
internal static class TestModels
{
    /// <summary>
    /// A model file. Public test types carry no doc comments, so each file turns CS1591 off for itself: the compilation
    /// keeps DocumentationMode.Diagnose, and generated files are still checked for it.
    /// </summary>
    public static SourceFile File(string path, string text) => new(path, "#pragma warning disable CS1591\n" + text);

    public static SourceFile ShopCategory { get; } = File("Shop/Category.cs", """
        using System.Collections.Generic;
        using DbPickle;

        namespace Shop;

        [Snapshot]
        public class Category
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
            public int? ParentId { get; set; }
            public Category? Parent { get; set; }
            public List<Category> Children { get; set; } = new();
            public List<Product> Products { get; set; } = new();
        }
        """);

    public static SourceFile ShopCustomer { get; } = File("Shop/Customer.cs", """
        using System.Collections.Generic;
        using DbPickle;

        namespace Shop;

        [Snapshot]
        public class Customer
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
            public string? Email { get; set; }
            public ICollection<Order> Orders { get; set; } = new List<Order>();
        }
        """);

    public static SourceFile ShopOrder { get; } = File("Shop/Order.cs", """
        using System;
        using System.Collections.Generic;
        using DbPickle;

        namespace Shop;

        public enum OrderStatus
        {
            Pending,
            Paid,
            Shipped,
        }

        [Snapshot]
        public class Order
        {
            public int Id { get; set; }
            public int CustomerId { get; set; }
            public Customer Customer { get; set; } = null!;
            public DateTimeOffset PlacedAt { get; set; }
            public OrderStatus Status { get; set; }
            public List<OrderLine> Lines { get; set; } = new();

            public decimal Total()
            {
                decimal total = 0;
                foreach (var line in Lines)
                {
                    total += line.Price * line.Quantity;
                }

                return total;
            }
        }
        """);

    public static SourceFile ShopOrderLine { get; } = File("Shop/OrderLine.cs", """
        using DbPickle;

        namespace Shop;

        [Snapshot]
        public class OrderLine
        {
            public int OrderId { get; set; }
            public int LineNumber { get; set; }
            public Order Order { get; set; } = null!;
            public int ProductId { get; set; }
            public Product Product { get; set; } = null!;
            public int Quantity { get; set; }
            public decimal Price { get; set; }
        }
        """);

    public static SourceFile ShopProduct { get; } = File("Shop/Product.cs", """
        using DbPickle;

        namespace Shop;

        [Snapshot]
        public class Product
        {
            public int Id { get; set; }
            public string Sku { get; set; } = "";
            public string Name { get; set; } = "";
            public decimal Price { get; set; }
            public int CategoryId { get; set; }
            public Category Category { get; set; } = null!;
            public byte[]? Image { get; set; }
        }
        """);

    public static SourceFile ShopContext { get; } = File("Shop/ShopContext.cs", """
        using Microsoft.EntityFrameworkCore;

        namespace Shop;

        public class ShopContext : DbContext
        {
            public ShopContext(DbContextOptions<ShopContext> options)
                : base(options)
            {
            }

            public DbSet<Category> Categories { get; set; } = null!;
            public DbSet<Customer> Customers { get; set; } = null!;
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<OrderLine> OrderLines => Set<OrderLine>();
            public DbSet<Product> Products => Set<Product>();

            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<OrderLine>().HasKey(l => new { l.OrderId, l.LineNumber });
                modelBuilder.Entity<Category>().HasOne(c => c.Parent).WithMany(c => c.Children).HasForeignKey(c => c.ParentId);
            }
        }
        """);

    /// <summary>A small shop: a self-referencing Category, a required Order → Customer, a composite-key OrderLine.</summary>
    public static SourceFile[] Shop { get; } = [ShopCategory, ShopCustomer, ShopOrder, ShopOrderLine, ShopProduct, ShopContext];

    /// <summary>One entity with a property of every supported type, and the nullable form of each value type.</summary>
    public static SourceFile[] AllTypes { get; } =
    [
        File("Types/AllTypes.cs", """
            using System;
            using DbPickle;

            namespace Types;

            public enum Color
            {
                Red,
                Green,
            }

            public enum Huge : long
            {
                Small = 1,
                Large = long.MaxValue,
            }

            [Snapshot]
            public class Everything
            {
                public int Id { get; set; }
                public bool Bool { get; set; }
                public byte Byte { get; set; }
                public sbyte SByte { get; set; }
                public short Int16 { get; set; }
                public ushort UInt16 { get; set; }
                public int Int32 { get; set; }
                public uint UInt32 { get; set; }
                public long Int64 { get; set; }
                public ulong UInt64 { get; set; }
                public float Single { get; set; }
                public double Double { get; set; }
                public decimal Decimal { get; set; }
                public char Char { get; set; }
                public string String { get; set; } = "";
                public string? NullableString { get; set; }
                public byte[] Binary { get; set; } = [];
                public byte[]? NullableBinary { get; set; }
                public Guid Guid { get; set; }
                public DateTime DateTime { get; set; }
                public DateTimeOffset DateTimeOffset { get; set; }
                public DateOnly DateOnly { get; set; }
                public TimeOnly TimeOnly { get; set; }
                public TimeSpan TimeSpan { get; set; }
                public Color Color { get; set; }
                public Huge Huge { get; set; }
                public bool? NullableBool { get; set; }
                public byte? NullableByte { get; set; }
                public sbyte? NullableSByte { get; set; }
                public short? NullableInt16 { get; set; }
                public ushort? NullableUInt16 { get; set; }
                public int? NullableInt32 { get; set; }
                public uint? NullableUInt32 { get; set; }
                public long? NullableInt64 { get; set; }
                public ulong? NullableUInt64 { get; set; }
                public float? NullableSingle { get; set; }
                public double? NullableDouble { get; set; }
                public decimal? NullableDecimal { get; set; }
                public char? NullableChar { get; set; }
                public Guid? NullableGuid { get; set; }
                public DateTime? NullableDateTime { get; set; }
                public DateTimeOffset? NullableDateTimeOffset { get; set; }
                public DateOnly? NullableDateOnly { get; set; }
                public TimeOnly? NullableTimeOnly { get; set; }
                public TimeSpan? NullableTimeSpan { get; set; }
                public Color? NullableColor { get; set; }
                public Huge? NullableHuge { get; set; }
            }
            """),
        File("Types/TypesContext.cs", """
            using Microsoft.EntityFrameworkCore;

            namespace Types;

            public class TypesContext : DbContext
            {
                public DbSet<Everything> Everything => Set<Everything>();
            }
            """),
    ];

    /// <summary>Every way generated code reaches a member: setters it cannot call, init, backing fields, a private constructor, a base class.</summary>
    public static SourceFile[] AccessPaths { get; } =
    [
        File("Access/Audited.cs", """
            using System;

            namespace Access;

            // Not an entity itself: its mapped properties are inherited by the entity.
            public abstract class Audited
            {
                public DateTime CreatedAt { get; set; }
                public string CreatedBy { get; private set; } = "";
                public int Revision { get; }

                public void Touch(string user) => CreatedBy = user;
            }
            """),
        File("Access/Account.cs", """
            using System;
            using DbPickle;

            namespace Access;

            [Snapshot]
            public class Account : Audited
            {
                private Account()
                {
                }

                public Account(string name)
                {
                    Name = name;
                    ExternalId = Guid.NewGuid();
                }

                public int Id { get; private set; }
                public string Name { get; init; } = "";
                public Guid ExternalId { get; }
                public decimal Balance { get; internal set; }
                public DateTime UpdatedAt { get; protected internal set; }
                public string? Note { private get; set; }
                public int Version { get; protected set; }
                public string Display => Name + " #" + Id;
                public string? Secret { get; set; }

                public string? ReadNote() => Note;
            }
            """),
        File("Access/AccessContext.cs", """
            using Microsoft.EntityFrameworkCore;

            namespace Access;

            public class AccessContext : DbContext
            {
                public DbSet<Account> Accounts => Set<Account>();
            }
            """),
    ];

    /// <summary>An entity in the global namespace, a context in a file-scoped namespace and another in the global namespace.</summary>
    public static SourceFile[] Namespaces { get; } =
    [
        File("Tag.cs", """
            using DbPickle;

            [Snapshot]
            public class Tag
            {
                public int Id { get; set; }
                public string Label { get; set; } = "";
            }
            """),
        File("Blog/Post.cs", """
            using DbPickle;

            namespace Blog.Data;

            [Snapshot]
            public class Post
            {
                public int Id { get; set; }
                public string Title { get; set; } = "";
                public int? TagId { get; set; }
                public Tag? Tag { get; set; }
            }
            """),
        File("Blog/BlogContext.cs", """
            using Microsoft.EntityFrameworkCore;

            namespace Blog.Data;

            internal sealed class BlogContext : DbContext
            {
                public DbSet<Post> Posts => Set<Post>();
                public DbSet<Tag> Tags => Set<Tag>();
            }
            """),
        File("TagContext.cs", """
            using Microsoft.EntityFrameworkCore;

            public class TagContext : DbContext
            {
                public DbSet<Tag> Tags => Set<Tag>();
            }
            """),
    ];

    /// <summary>Two more contexts over the shop's entities: one in the same namespace, one in another.</summary>
    public static SourceFile[] SharedEntities { get; } =
    [
        .. Shop,
        File("Shop/ArchiveContext.cs", """
            using Microsoft.EntityFrameworkCore;

            namespace Shop;

            public class ArchiveContext : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """),
        File("Reporting/ReportingContext.cs", """
            using Microsoft.EntityFrameworkCore;
            using Shop;

            namespace Reporting;

            public class ReportingContext : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
                public DbSet<OrderLine> Lines => Set<OrderLine>();
            }
            """),
    ];

    /// <summary>The user's part of the shop's snapshot class, implementing OnPreWalk for Order.</summary>
    public static SourceFile ShopHooks { get; } = File("Shop/ShopContextSnapshot.cs", """
        namespace Shop;

        static partial class ShopContextSnapshot
        {
            static partial void OnPreWalk(Order entity, DbPickle.SnapshotRow row)
            {
                if (entity.CustomerId == 0)
                {
                    row.Skip();
                }
            }
        }
        """);
}
