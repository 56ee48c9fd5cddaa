using DbPickle.Tests.Infrastructure;
using DbPickle.Tests.Models.CustomersOnly;
using Microsoft.EntityFrameworkCore;
using Shop = DbPickle.Tests.Models.Shop;
using V1 = DbPickle.Tests.Models.Migration.V1;
using V2 = DbPickle.Tests.Models.Migration.V2;
using V3 = DbPickle.Tests.Models.Migration.V3;
using V4 = DbPickle.Tests.Models.Migration.V4;

namespace DbPickle.Tests;

/// <summary>A file dumped with model v1 loaded into later models of the same "People" table.</summary>
public sealed class MigrationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void OnPreWalk_migrates_a_renamed_column_fills_a_new_one_from_the_row_and_skips_rows()
    {
        var snapshot = DumpV1();
        var target = _directory.File("v2.sqlite");
        using (var db = V2.V2Context.Open(target))
        {
            db.Database.EnsureCreated();
        }

        SnapshotSummary summary;
        using (var db = V2.V2Context.Open(target))
        {
            summary = V2.V2ContextSnapshot.Load(db, snapshot);
        }

        using (var db = V2.V2Context.Open(target))
        {
            var people = db.People.AsNoTracking().OrderBy(p => p.Id).AsEnumerable().Select(p => $"{p.Id}|{p.DisplayName}|{p.Age}|{p.Category}").ToList();
            Assert.Equal(["1|Ada Lovelace|36|nick:Countess", "2|Alan Turing|41|none", "4|Grace Hopper|85|nick:Amazing Grace"], people);
        }

        var table = Assert.Single(summary.Tables);
        Assert.Equal("People", table.Table);
        Assert.Equal(typeof(V2.Person).FullName, table.EntityType);
        Assert.Equal(3, table.Rows);
        Assert.Equal(1, table.SkippedRows);
        Assert.Equal(3, summary.TotalRows);
    }

    [Fact]
    public void A_removed_column_without_a_hook_fails_with_SnapshotSchemaException_naming_table_and_column()
    {
        var snapshot = DumpV1();
        var target = _directory.File("v3.sqlite");
        using (var db = V3.V3Context.Open(target))
        {
            db.Database.EnsureCreated();
            db.People.Add(new V3.Person { Id = 70, FullName = "Already here", Age = 1 });
            db.SaveChanges();
        }

        var before = Sqlite.Hash(target);
        SnapshotSchemaException exception;
        using (var db = V3.V3Context.Open(target))
        {
            exception = Assert.Throws<SnapshotSchemaException>(() => V3.V3ContextSnapshot.Load(db, snapshot));
        }

        var problem = Assert.Single(exception.Problems);
        Assert.Contains("'People'", problem, StringComparison.Ordinal);
        Assert.Contains("'Nickname'", problem, StringComparison.Ordinal);
        Assert.Contains("OnPreWalk", problem, StringComparison.Ordinal);
        Assert.Contains("'People'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'Nickname'", exception.Message, StringComparison.Ordinal);
        Sqlite.AssertUnchanged(target, before);
    }

    [Fact]
    public void A_new_required_column_left_null_by_the_hook_fails_with_SnapshotValidationException_naming_table_key_and_column()
    {
        var snapshot = DumpV1();
        var target = _directory.File("v4.sqlite");
        using (var db = V4.V4Context.Open(target))
        {
            db.Database.EnsureCreated();
            db.People.Add(new V4.Person { Id = 70, DisplayName = "Already here", Age = 1, Category = "old" });
            db.SaveChanges();
        }

        var before = Sqlite.Hash(target);
        SnapshotValidationException exception;
        using (var db = V4.V4Context.Open(target))
        {
            exception = Assert.Throws<SnapshotValidationException>(() => V4.V4ContextSnapshot.Load(db, snapshot));
        }

        // Rows 2 and 3 have no nickname, so the hook left their Category null; V4's hook skips nothing.
        Assert.Equal(2, exception.TotalViolations);
        Assert.Equal(["Id=2", "Id=3"], exception.Violations.Select(v => v.Key));
        Assert.All(exception.Violations, v =>
        {
            Assert.Equal("People", v.Table);
            Assert.Equal("Category", v.Column);
            Assert.Contains("required", v.Problem, StringComparison.Ordinal);
        });
        Assert.Contains("People [Id=2] Category", exception.Message, StringComparison.Ordinal);
        Assert.Contains("People [Id=3] Category", exception.Message, StringComparison.Ordinal);
        Sqlite.AssertUnchanged(target, before);
    }

    [Fact]
    public void A_table_the_model_no_longer_has_fails_the_load_unless_SkipUnknownTables_is_set()
    {
        var source = _directory.File("shop.sqlite");
        Shop.ShopContext.Create(
            source,
            [new Shop.Customer { Id = 1, Name = "Ann", City = "Oslo" }],
            [new Shop.Order { Id = 1, CustomerId = 1, Amount = 2m, PlacedAt = new DateTime(2024, 1, 1) }]);
        var snapshot = Shop.ShopContext.Dump(source, _directory.File("shop.dbpickle"));
        var target = _directory.File("customers.sqlite");
        using (var db = CustomersOnlyContext.Open(target))
        {
            db.Database.EnsureCreated();
        }

        var before = Sqlite.Hash(target);
        using (var db = CustomersOnlyContext.Open(target))
        {
            var exception = Assert.Throws<SnapshotSchemaException>(() => CustomersOnlyContextSnapshot.Load(db, snapshot));
            Assert.Contains("'Orders'", Assert.Single(exception.Problems), StringComparison.Ordinal);
        }

        Sqlite.AssertUnchanged(target, before);

        SnapshotSummary summary;
        using (var db = CustomersOnlyContext.Open(target))
        {
            summary = CustomersOnlyContextSnapshot.Load(db, snapshot, new LoadOptions { SkipUnknownTables = true });
        }

        Assert.Equal(["Customers"], summary.Tables.Select(t => t.Table));
        using (var db = CustomersOnlyContext.Open(target))
        {
            Assert.Equal(["1 Ann Oslo"], db.Customers.AsNoTracking().Select(c => c.Id + " " + c.Name + " " + c.City).ToList());
        }
    }

    /// <summary>Four v1 people: one the v2 hook skips, two without a nickname.</summary>
    private string DumpV1()
    {
        var source = _directory.File("v1.sqlite");
        using (var db = V1.V1Context.Open(source))
        {
            db.Database.EnsureCreated();
            db.People.AddRange(
                new V1.Person { Id = 1, FullName = "Ada Lovelace", Age = 36, Nickname = "Countess" },
                new V1.Person { Id = 2, FullName = "Alan Turing", Age = 41 },
                new V1.Person { Id = 3, FullName = V2.V2ContextSnapshot.SkipPrefix + "Nobody", Age = 0 },
                new V1.Person { Id = 4, FullName = "Grace Hopper", Age = 85, Nickname = "Amazing Grace" });
            db.SaveChanges();
        }

        var snapshot = _directory.File("v1.dbpickle");
        using (var db = V1.V1Context.Open(source))
        {
            V1.V1ContextSnapshot.Dump(db, snapshot);
        }

        var header = SnapshotFile.ReadHeader(snapshot);
        Assert.Equal(["Age", "FullName", "Id", "Nickname"], Assert.Single(header.Tables).Columns.Select(c => c.Property).Order(StringComparer.Ordinal));
        return snapshot;
    }
}
