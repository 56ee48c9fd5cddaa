using DbPickle.Tests.Infrastructure;
using DbPickle.Tests.Models.Shop;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Tests;

/// <summary>A load inside the application's own transaction joins it: the application decides, and a failed load undoes only itself.</summary>
public sealed class TransactionTests : IDisposable
{
    private static readonly DateTime Day = new(2024, 2, 29, 8, 0, 0);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_load_in_the_users_transaction_is_visible_in_it_and_undone_when_the_user_rolls_back()
    {
        var snapshot = SnapshotOf(
            [new Customer { Id = 1, Name = "Snap one" }, new Customer { Id = 2, Name = "Snap two" }],
            [new Order { Id = 1, CustomerId = 2, Amount = 7m, PlacedAt = Day }]);
        var target = _directory.File("target.sqlite");
        ShopContext.Create(target, [new Customer { Id = 1, Name = "Target one" }], [], [new AuditEntry { Id = 1, Message = "kept" }]);
        var before = Sqlite.Hash(target);

        using (var db = ShopContext.Open(target))
        {
            using var transaction = db.Database.BeginTransaction();
            var summary = ShopContextSnapshot.Load(db, snapshot);
            Assert.Equal(3, summary.TotalRows);

            // The load did not commit or end the user's transaction.
            Assert.Same(transaction, db.Database.CurrentTransaction);
            Assert.Equal(["Snap one", "Snap two"], db.Customers.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Name).ToList());
            transaction.Rollback();
        }

        Sqlite.AssertUnchanged(target, before);
    }

    [Fact]
    public void A_load_in_the_users_transaction_is_kept_when_the_user_commits()
    {
        var snapshot = SnapshotOf([new Customer { Id = 3, Name = "Snap three" }], []);
        var target = _directory.File("target.sqlite");
        ShopContext.Create(target, [new Customer { Id = 1, Name = "Target one" }]);

        using (var db = ShopContext.Open(target))
        {
            using var transaction = db.Database.BeginTransaction();
            db.AuditEntries.Add(new AuditEntry { Message = "before load" });
            db.SaveChanges();
            ShopContextSnapshot.Load(db, snapshot);
            transaction.Commit();
        }

        var (customers, _, audit) = ShopContext.Rows(target);
        Assert.Equal(["3:Snap three:"], customers);
        Assert.Equal(["1:before load"], audit);
    }

    [Fact]
    public void A_failing_load_in_the_users_transaction_rolls_back_only_the_load()
    {
        // Customers 50 and 51 insert fine, then order 1 collides with the target's own order 1.
        var snapshot = SnapshotOf(
            [new Customer { Id = 50, Name = "Snap fifty" }, new Customer { Id = 51, Name = "Snap fifty-one" }],
            [new Order { Id = 1, CustomerId = 50, Amount = 1m, PlacedAt = Day }]);
        var target = _directory.File("target.sqlite");
        ShopContext.Create(target, [new Customer { Id = 1, Name = "Target one" }], [new Order { Id = 1, CustomerId = 1, Amount = 9m, PlacedAt = Day }]);

        using (var db = ShopContext.Open(target))
        {
            using var transaction = db.Database.BeginTransaction();
            db.Customers.Add(new Customer { Id = 7, Name = "Added by the user" });
            db.AuditEntries.Add(new AuditEntry { Message = "user's insert before the load" });
            db.SaveChanges();

            var exception = Assert.Throws<SnapshotException>(
                () => ShopContextSnapshot.Load(db, snapshot, new LoadOptions { Mode = LoadMode.Append }));
            Assert.Contains("'Orders'", exception.Message, StringComparison.Ordinal);

            // Still the user's open transaction, with the user's rows and none of the load's.
            Assert.Same(transaction, db.Database.CurrentTransaction);
            Assert.Equal([1, 7], db.Customers.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToList());

            db.AuditEntries.Add(new AuditEntry { Message = "user's insert after the failed load" });
            db.SaveChanges();
            transaction.Commit();
        }

        var (customers, orders, audit) = ShopContext.Rows(target);
        Assert.Equal(["1:Target one:", "7:Added by the user:"], customers);
        Assert.Equal(["1:1:9.00:2024-02-29T08:00:00.0000000"], orders);
        Assert.Equal(["1:user's insert before the load", "2:user's insert after the failed load"], audit);
    }

    [Fact]
    public async Task A_failing_LoadAsync_in_the_users_transaction_rolls_back_only_the_load()
    {
        var snapshot = SnapshotOf(
            [new Customer { Id = 50, Name = "Snap fifty" }],
            [new Order { Id = 1, CustomerId = 50, Amount = 1m, PlacedAt = Day }]);
        var target = _directory.File("target.sqlite");
        ShopContext.Create(target, [new Customer { Id = 1, Name = "Target one" }], [new Order { Id = 1, CustomerId = 1, Amount = 9m, PlacedAt = Day }]);

        await using (var db = ShopContext.Open(target))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Token);
            db.Customers.Add(new Customer { Id = 7, Name = "Added by the user" });
            await db.SaveChangesAsync(TestContext.Token);

            await using (var stream = File.OpenRead(snapshot))
            {
                await Assert.ThrowsAsync<SnapshotException>(
                    () => ShopContextSnapshot.LoadAsync(db, stream, new LoadOptions { Mode = LoadMode.Append }, TestContext.Token));
            }

            Assert.Same(transaction, db.Database.CurrentTransaction);
            await transaction.CommitAsync(TestContext.Token);
        }

        var (customers, orders, _) = ShopContext.Rows(target);
        Assert.Equal(["1:Target one:", "7:Added by the user:"], customers);
        Assert.Single(orders);
    }

    private string SnapshotOf(IEnumerable<Customer> customers, IEnumerable<Order> orders)
    {
        var source = _directory.File("source.sqlite");
        ShopContext.Create(source, customers, orders);
        return ShopContext.Dump(source, _directory.File("shop.dbpickle"));
    }
}
