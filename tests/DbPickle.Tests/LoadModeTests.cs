using DbPickle.Tests.Infrastructure;
using DbPickle.Tests.Models.Shop;

namespace DbPickle.Tests;

/// <summary>LoadMode.Replace, Append and RequireEmpty on a small model with a table outside the snapshot.</summary>
public sealed class LoadModeTests : IDisposable
{
    private static readonly DateTime Day = new(2024, 6, 1, 12, 30, 0);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Replace_clears_the_snapshot_tables_and_leaves_a_table_without_Snapshot_untouched()
    {
        var snapshot = SnapshotOf(
            [new Customer { Id = 1, Name = "Ann", City = "Oslo" }, new Customer { Id = 2, Name = "Bob" }],
            [new Order { Id = 1, CustomerId = 1, Amount = 10.25m, PlacedAt = Day }, new Order { Id = 2, CustomerId = 2, Amount = 3m, PlacedAt = Day.AddDays(1) }]);
        var target = _directory.File("target.sqlite");
        ShopContext.Create(
            target,
            [new Customer { Id = 5, Name = "Old five" }, new Customer { Id = 6, Name = "Old six" }, new Customer { Id = 7, Name = "Old seven" }],
            [new Order { Id = 9, CustomerId = 7, Amount = 99m, PlacedAt = Day }],
            [new AuditEntry { Id = 1, Message = "keep me" }, new AuditEntry { Id = 2, Message = "me too" }]);

        SnapshotSummary summary;
        using (var db = ShopContext.Open(target))
        {
            summary = ShopContextSnapshot.Load(db, snapshot, new LoadOptions { Mode = LoadMode.Replace });
        }

        var (customers, orders, audit) = ShopContext.Rows(target);
        Assert.Equal(["1:Ann:Oslo", "2:Bob:"], customers);
        Assert.Equal(["1:1:10.25:2024-06-01T12:30:00.0000000", "2:2:3.00:2024-06-02T12:30:00.0000000"], orders);
        Assert.Equal(["1:keep me", "2:me too"], audit);
        Assert.Equal(["Customers", "Orders"], summary.Tables.Select(t => t.Table));
        Assert.Equal(4, summary.TotalRows);

        // The renamed column is where EF Core reads it from.
        Assert.Equal(1, Sqlite.Scalar(target, "SELECT COUNT(*) FROM Customers WHERE customer_name = 'Ann'"));
    }

    [Fact]
    public void Append_adds_the_snapshot_rows_beside_the_existing_ones()
    {
        var snapshot = SnapshotOf(
            [new Customer { Id = 10, Name = "Ten" }, new Customer { Id = 11, Name = "Eleven", City = "Rome" }],
            [new Order { Id = 10, CustomerId = 10, Amount = 1m, PlacedAt = Day }, new Order { Id = 11, CustomerId = 11, Amount = 2m, PlacedAt = Day }]);
        var target = _directory.File("target.sqlite");
        ShopContext.Create(
            target,
            [new Customer { Id = 1, Name = "One" }, new Customer { Id = 2, Name = "Two" }],
            [new Order { Id = 1, CustomerId = 2, Amount = 5m, PlacedAt = Day }],
            [new AuditEntry { Id = 1, Message = "keep me" }]);

        SnapshotSummary summary;
        using (var db = ShopContext.Open(target))
        {
            summary = ShopContextSnapshot.Load(db, snapshot, new LoadOptions { Mode = LoadMode.Append });
        }

        var (customers, orders, audit) = ShopContext.Rows(target);
        Assert.Equal(["1:One:", "2:Two:", "10:Ten:", "11:Eleven:Rome"], customers);
        Assert.Equal(
            ["1:2:5.00:2024-06-01T12:30:00.0000000", "10:10:1.00:2024-06-01T12:30:00.0000000", "11:11:2.00:2024-06-01T12:30:00.0000000"],
            orders);
        Assert.Equal(["1:keep me"], audit);
        Assert.Equal(4, summary.TotalRows);
    }

    [Fact]
    public void Append_with_a_key_collision_fails_and_leaves_the_target_byte_for_byte_unchanged()
    {
        var snapshot = SnapshotOf(
            [new Customer { Id = 1, Name = "Ann" }, new Customer { Id = 2, Name = "Bob" }, new Customer { Id = 3, Name = "Cy" }],
            [new Order { Id = 1, CustomerId = 1, Amount = 1m, PlacedAt = Day }]);
        var target = _directory.File("target.sqlite");
        ShopContext.Create(target, [new Customer { Id = 2, Name = "Zed" }, new Customer { Id = 9, Name = "Nine" }]);
        var before = Sqlite.Hash(target);

        SnapshotException exception;
        using (var db = ShopContext.Open(target))
        {
            exception = Assert.Throws<SnapshotException>(
                () => ShopContextSnapshot.Load(db, snapshot, new LoadOptions { Mode = LoadMode.Append, TempDirectory = _directory.Path }));
        }

        Assert.Contains("'Customers'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Id=2", exception.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Data.Common.DbException>(exception.InnerException);
        Sqlite.AssertUnchanged(target, before);
        Assert.Equal(["shop.dbpickle", "source.sqlite", "target.sqlite"], _directory.FileNames());
    }

    [Fact]
    public void RequireEmpty_refuses_a_target_with_rows_and_leaves_it_byte_for_byte_unchanged()
    {
        var snapshot = SnapshotOf([new Customer { Id = 1, Name = "Ann" }], []);
        var target = _directory.File("target.sqlite");

        // Only the dependent table holds a row: RequireEmpty must look at every snapshot table, not the first.
        ShopContext.Create(target, [new Customer { Id = 4, Name = "Four" }], [new Order { Id = 1, CustomerId = 4, Amount = 1m, PlacedAt = Day }]);
        Sqlite.Execute(target, "PRAGMA foreign_keys = OFF", "DELETE FROM Customers");
        Assert.Equal(0, Sqlite.Scalar(target, "SELECT COUNT(*) FROM Customers"));
        var before = Sqlite.Hash(target);

        SnapshotException exception;
        using (var db = ShopContext.Open(target))
        {
            exception = Assert.Throws<SnapshotException>(
                () => ShopContextSnapshot.Load(db, snapshot, new LoadOptions { Mode = LoadMode.RequireEmpty }));
        }

        Assert.Contains("RequireEmpty", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Orders", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Customers", exception.Message, StringComparison.Ordinal);
        Sqlite.AssertUnchanged(target, before);
    }

    [Fact]
    public void RequireEmpty_loads_when_only_a_table_outside_the_snapshot_has_rows()
    {
        var snapshot = SnapshotOf([new Customer { Id = 1, Name = "Ann" }], [new Order { Id = 1, CustomerId = 1, Amount = 4.5m, PlacedAt = Day }]);
        var target = _directory.File("target.sqlite");
        ShopContext.Create(target, [], [], [new AuditEntry { Id = 3, Message = "not a snapshot table" }]);

        using (var db = ShopContext.Open(target))
        {
            ShopContextSnapshot.Load(db, snapshot, new LoadOptions { Mode = LoadMode.RequireEmpty });
        }

        var (customers, orders, audit) = ShopContext.Rows(target);
        Assert.Equal(["1:Ann:"], customers);
        Assert.Single(orders);
        Assert.Equal(["3:not a snapshot table"], audit);
    }

    /// <summary>
    /// SQLite inserts on two threads (one prepares rows in batches, one inserts them): a row refused thousands of rows
    /// in, while the preparing thread is batches ahead, is still named by its key and number, and nothing stays.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Append_refused_deep_into_a_table_names_the_row_and_changes_nothing(bool async)
    {
        var snapshot = SnapshotOf(Enumerable.Range(1, 6_000).Select(i => new Customer { Id = i, Name = "C" + i }), []);
        var target = _directory.File("target.sqlite");
        ShopContext.Create(target, [new Customer { Id = 4_321, Name = "Already here" }]);

        using (var db = ShopContext.Open(target))
        await using (var stream = File.OpenRead(snapshot))
        {
            var options = new LoadOptions { Mode = LoadMode.Append };
            var error = async
                ? await Assert.ThrowsAsync<SnapshotException>(() => ShopContextSnapshot.LoadAsync(db, stream, options))
                : Assert.Throws<SnapshotException>(() => ShopContextSnapshot.Load(db, snapshot, options));
            Assert.StartsWith("Inserting row [Id=4321] (row 4321 of 6000) into table 'Customers' failed: SQLite Error 19: 'UNIQUE constraint failed", error.Message, StringComparison.Ordinal);
            Assert.EndsWith("Nothing was changed.", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(["4321:Already here:"], ShopContext.Rows(target).Customers);
    }

    private string SnapshotOf(IEnumerable<Customer> customers, IEnumerable<Order> orders)
    {
        var source = _directory.File("source.sqlite");
        ShopContext.Create(source, customers, orders, [new AuditEntry { Id = 77, Message = "never dumped" }]);
        return ShopContext.Dump(source, _directory.File("shop.dbpickle"));
    }
}
