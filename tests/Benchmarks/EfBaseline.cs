using System.Diagnostics;
using DbPickle.Benchmarks.Raw;
using DbPickle.Benchmarks.Shop;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Benchmarks;

/// <summary>
/// What an EF Core application would write: AddRange and SaveChanges in batches of <see cref="BatchSize"/> entities,
/// clearing the change tracker after each batch, all in one transaction. Entities come from a freshly generated data
/// set, so nothing the other measurements did to the objects matters.
/// </summary>
public static class EfBaseline
{
    public const int BatchSize = 10_000;

    public static List<TableTime> Insert(Func<ShopContext> createContext, ShopData data)
    {
        using var db = createContext();
        using var transaction = db.Database.BeginTransaction();
        var times = new List<TableTime>
        {
            // Self-referencing rows in one batch: EF orders them by their foreign key values itself.
            InsertTable(db, "Categories", data.Categories),
            InsertTable(db, "Tags", data.Tags),
            InsertTable(db, "Customers", data.Customers),
            InsertTable(db, "Products", data.Products),
            InsertTable(db, "ProductTags", data.ProductTags),
            InsertTable(db, "Orders", data.Orders),
            InsertTable(db, "OrderLines", data.OrderLines),
        };
        var commit = Stopwatch.StartNew();
        transaction.Commit();
        times.Add(new TableTime("(commit)", 0, commit.Elapsed.TotalSeconds));
        return times;
    }

    private static TableTime InsertTable<T>(ShopContext db, string table, List<T> rows)
        where T : class
    {
        var started = Stopwatch.StartNew();
        var batchSize = typeof(T) == typeof(Category) ? int.MaxValue : BatchSize;
        for (var offset = 0; offset < rows.Count; offset += batchSize)
        {
            var count = Math.Min(batchSize, rows.Count - offset);
            db.Set<T>().AddRange(rows.GetRange(offset, count));
            db.SaveChanges();
            db.ChangeTracker.Clear();
        }

        return new TableTime(table, rows.Count, started.Elapsed.TotalSeconds);
    }
}
