using DbPickle.Tests.Infrastructure;
using DbPickle.Tests.Models.Shop;
using Microsoft.Extensions.Logging;

namespace DbPickle.Tests;

/// <summary>DbPickle logs through the DbContext's own logger factory, under the category "DbPickle".</summary>
public sealed class LoggingTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Dump_and_load_log_each_table_to_the_contexts_logger_factory()
    {
        var source = _directory.File("source.sqlite");
        ShopContext.Create(
            source,
            [new Customer { Id = 1, Name = "Ann" }, new Customer { Id = 2, Name = "Bob" }],
            [new Order { Id = 1, CustomerId = 2, Amount = 1m, PlacedAt = new DateTime(2024, 1, 1) }]);
        var target = _directory.File("target.sqlite");
        ShopContext.Create(target, []);
        var snapshot = _directory.File("shop.dbpickle");

        using var provider = new ListLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(provider).SetMinimumLevel(LogLevel.Debug));
        using (var db = ShopContext.Open(source, loggerFactory))
        {
            ShopContextSnapshot.Dump(db, snapshot);
        }

        using (var db = ShopContext.Open(target, loggerFactory))
        {
            ShopContextSnapshot.Load(db, snapshot);
        }

        var messages = provider.Entries.Where(e => e.Category == "DbPickle").ToList();
        Assert.Contains(messages, e => e.Level == LogLevel.Information && e.Message.StartsWith("Dumped table Customers: 2 rows", StringComparison.Ordinal));
        Assert.Contains(messages, e => e.Level == LogLevel.Information && e.Message.StartsWith("Dumped table Orders: 1 rows", StringComparison.Ordinal));
        Assert.Contains(messages, e => e.Level == LogLevel.Information && e.Message.StartsWith("Loaded table Customers: 2 rows inserted, 0 skipped", StringComparison.Ordinal));
        Assert.Contains(messages, e => e.Level == LogLevel.Information && e.Message.StartsWith("Loaded table Orders: 1 rows inserted", StringComparison.Ordinal));
        Assert.Contains(messages, e => e.Message.StartsWith("Dump finished: 3 rows", StringComparison.Ordinal));
        Assert.Contains(messages, e => e.Message.StartsWith("Load finished: 3 rows", StringComparison.Ordinal));

        // SQLite loads bind through the C API (the generated path), and say so at Debug level.
        Assert.Contains(messages, e => e.Level == LogLevel.Debug && e.Message == "Table Customers is inserted through one prepared INSERT bound through SQLite's C API");
        Assert.Contains(messages, e => e.Level == LogLevel.Debug && e.Message == "Table Orders is inserted through one prepared INSERT bound through SQLite's C API");

        // Nothing of DbPickle's is logged under another category.
        Assert.DoesNotContain(provider.Entries, e => e.Category != "DbPickle" && e.Message.Contains("Dumped table", StringComparison.Ordinal));
    }
}
