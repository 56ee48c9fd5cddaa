using Chinook;
using DbPickle.Tests.Infrastructure;
using Shop = DbPickle.Tests.Models.Shop;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Tests;

/// <summary>
/// After a load, the application's own inserts (EF <c>Add</c> + <c>SaveChanges</c>, no explicit key) must get fresh
/// keys from the database in every table whose key the database generates.
/// </summary>
public sealed class IdentityAfterLoadTests : IDisposable
{
    private const int HighKeyOffset = 1000;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Replace_into_a_target_that_had_more_and_higher_rows_then_every_identity_table_takes_new_rows()
    {
        var source = ChinookFiles.CopySource(_directory);
        var snapshot = ChinookFiles.Dump(source, _directory.File("chinook.dbpickle"));
        var loadedMax = MaxKeys(source);

        // The target holds all of Chinook plus one more row per identity table, with a key far above the snapshot's.
        var target = ChinookFiles.CreateEmpty(_directory, "target.sqlite");
        using (var db = ChinookDatabase.Open(target))
        {
            ChinookContextSnapshot.Load(db, snapshot);
            foreach (var (table, key) in ChinookFiles.IdentityTables)
            {
                var entry = db.Add(NewRow(table));
                entry.Property(key).CurrentValue = (int)loadedMax[table] + HighKeyOffset;
                db.SaveChanges();
            }
        }

        foreach (var (table, _) in ChinookFiles.IdentityTables)
        {
            Assert.Equal(loadedMax[table] + HighKeyOffset, Sqlite.Scalar(target, $"SELECT seq FROM sqlite_sequence WHERE name = '{table}'"));
        }

        using (var db = ChinookDatabase.Open(target))
        {
            var summary = ChinookContextSnapshot.Load(db, snapshot, new LoadOptions { Mode = LoadMode.Replace });
            Assert.Equal(ChinookFiles.RowCounts(source), summary.Tables.ToDictionary(t => t.Table, t => t.Rows));
        }

        // The extra rows are gone: the target holds exactly the snapshot's rows.
        ChinookFiles.AssertSameData(source, target);

        AssertApplicationInsertsGetFreshKeys(target, loadedMax, ChinookFiles.RowCounts(source));
    }

    [Fact]
    public void Replace_into_the_shipped_Chinook_file_without_AUTOINCREMENT_then_every_identity_table_takes_new_rows()
    {
        var source = ChinookFiles.CopySource(_directory);
        var snapshot = ChinookFiles.Dump(source, _directory.File("chinook.dbpickle"));
        var loadedMax = MaxKeys(source);

        // The file as shipped has plain INTEGER PRIMARY KEYs: no sqlite_sequence table for the reset to update.
        var target = ChinookFiles.CopySource(_directory, "target.sqlite");
        Assert.Equal(0, Sqlite.Scalar(target, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_sequence'"));
        Sqlite.Execute(target, "INSERT INTO Genre (GenreId, Name) VALUES (5000, 'Gone after the load')");

        using (var db = ChinookDatabase.Open(target))
        {
            ChinookContextSnapshot.Load(db, snapshot);
        }

        ChinookFiles.AssertSameData(source, target);
        AssertApplicationInsertsGetFreshKeys(target, loadedMax, ChinookFiles.RowCounts(source));
    }

    [Fact]
    public void Append_into_an_empty_target_then_every_identity_table_takes_new_rows()
    {
        var source = ChinookFiles.CopySource(_directory);
        var snapshot = ChinookFiles.Dump(source, _directory.File("chinook.dbpickle"));
        var loadedMax = MaxKeys(source);
        var target = ChinookFiles.CreateEmpty(_directory, "target.sqlite");

        using (var db = ChinookDatabase.Open(target))
        {
            ChinookContextSnapshot.Load(db, snapshot, new LoadOptions { Mode = LoadMode.Append });
        }

        ChinookFiles.AssertSameData(source, target);
        AssertApplicationInsertsGetFreshKeys(target, loadedMax, ChinookFiles.RowCounts(source));
    }

    [Fact]
    public void Append_beside_existing_rows_then_new_rows_get_keys_above_the_loaded_ones()
    {
        var source = _directory.File("source.sqlite");
        Shop.ShopContext.Create(
            source,
            [new Shop.Customer { Id = 100, Name = "Ann" }, new Shop.Customer { Id = 101, Name = "Bob" }, new Shop.Customer { Id = 102, Name = "Cy" }],
            [new Shop.Order { Id = 500, CustomerId = 100, Amount = 1.5m, PlacedAt = new DateTime(2024, 1, 2) }]);
        var snapshot = _directory.File("shop.dbpickle");
        using (var db = Shop.ShopContext.Open(source))
        {
            Shop.ShopContextSnapshot.Dump(db, snapshot);
        }

        var target = _directory.File("target.sqlite");
        Shop.ShopContext.Create(
            target,
            [new Shop.Customer { Name = "Existing 1" }, new Shop.Customer { Name = "Existing 2" }, new Shop.Customer { Name = "Existing 3" }],
            [new Shop.Order { CustomerId = 1, Amount = 2m, PlacedAt = new DateTime(2024, 3, 4) }]);

        using (var db = Shop.ShopContext.Open(target))
        {
            Shop.ShopContextSnapshot.Load(db, snapshot, new LoadOptions { Mode = LoadMode.Append });
        }

        using (var db = Shop.ShopContext.Open(target))
        {
            var customer = new Shop.Customer { Name = "After load" };
            var order = new Shop.Order { Customer = customer, Amount = 3m, PlacedAt = new DateTime(2025, 5, 6) };
            db.Orders.Add(order);
            db.SaveChanges();
            Assert.True(customer.Id > 102, $"the new customer got key {customer.Id}");
            Assert.True(order.Id > 500, $"the new order got key {order.Id}");
        }

        Assert.Equal([1, 2, 3, 100, 101, 102, 103], Sqlite.Column(target, "SELECT Id FROM Customers ORDER BY Id"));
    }

    private static Dictionary<string, long> MaxKeys(string databasePath)
        => ChinookFiles.IdentityTables.ToDictionary(t => t.Table, t => Sqlite.Scalar(databasePath, $"SELECT MAX(\"{t.Key}\") FROM \"{t.Table}\""));

    private static void AssertApplicationInsertsGetFreshKeys(string target, Dictionary<string, long> loadedMax, Dictionary<string, long> loadedCounts)
    {
        using var db = ChinookDatabase.Open(target);
        foreach (var (table, key) in ChinookFiles.IdentityTables)
        {
            var entry = db.Add(NewRow(table));
            db.SaveChanges();
            var newKey = (int)entry.Property(key).CurrentValue!;
            Assert.True(newKey > loadedMax[table], $"{table}: the application's insert got key {newKey}, not above the loaded maximum {loadedMax[table]}");
        }

        foreach (var (table, _) in ChinookFiles.IdentityTables)
        {
            Assert.Equal(loadedCounts[table] + 1, Sqlite.Scalar(target, $"SELECT COUNT(*) FROM \"{table}\""));
        }
    }

    /// <summary>A valid new row for the table, without a key; foreign keys point at rows every Chinook load has.</summary>
    private static object NewRow(string table) => table switch
    {
        "Album" => new Album { Title = "New album", ArtistId = 1 },
        "Artist" => new Artist { Name = "New artist" },
        "Customer" => new Customer { FirstName = "New", LastName = "Customer", Email = "new@example.com", SupportRepId = 3 },
        "Employee" => new Employee { FirstName = "New", LastName = "Employee", ReportsTo = 1 },
        "Genre" => new Genre { Name = "New genre" },
        "Invoice" => new Invoice { CustomerId = 1, InvoiceDate = new DateTime(2025, 1, 1), Total = 1.98m },
        "InvoiceLine" => new InvoiceLine { InvoiceId = 1, TrackId = 1, UnitPrice = 0.99m, Quantity = 2 },
        "MediaType" => new MediaType { Name = "New media type" },
        "Playlist" => new Playlist { Name = "New playlist" },
        "Track" => new Track { Name = "New track", MediaTypeId = 1, Milliseconds = 1000, UnitPrice = 0.99m },
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };
}
