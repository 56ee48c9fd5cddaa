using DbPickle.Engines.Tests.Infrastructure;
using DbPickle.Engines.Tests.Validation.Closure;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Validation;

/// <summary>
/// Every key a row references must be in the snapshot or, where the load keeps the target's rows, in the target —
/// checked before the first write, so a broken reference never reaches the database.
/// </summary>
public sealed class ReferenceClosureTests
{
    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.PostgreSql)]
    [InlineData(Engine.MariaDb)]
    public async Task A_reference_missing_from_the_snapshot_fails_a_Replace_before_anything_is_written(Engine engine)
    {
        using var database = TestDatabase.Create(engine);
        var file = await DumpAsync(database);
        await SeedTargetAsync(database, customerIds: [1, 2, 3]);

        var error = await Assert.ThrowsAsync<SnapshotValidationException>(() => LoadAsync(database, file, LoadMode.Replace));

        Assert.Equal(2, error.TotalViolations);
        Assert.All(error.Violations, v => Assert.Equal(("Orders", "CustomerId"), (v.Table, v.Column)));
        Assert.Equal(["Id=20", "Id=21"], error.Violations.Select(v => v.Key).Order());
        Assert.Contains("Customers [Id=2]", error.Violations[0].Problem, StringComparison.Ordinal);
        Assert.Equal(new[] { 1, 2, 3 }, await CustomerIdsAsync(database));
        File.Delete(file);
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.PostgreSql)]
    [InlineData(Engine.MariaDb)]
    public async Task An_Append_accepts_references_the_target_already_holds_and_refuses_the_others(Engine engine)
    {
        using var database = TestDatabase.Create(engine);
        var file = await DumpAsync(database);

        // Customer 2 is in the target: its orders may reference it.
        await SeedTargetAsync(database, customerIds: [2]);
        var summary = await LoadAsync(database, file, LoadMode.Append);
        Assert.Equal(2 + 4, summary.TotalRows);
        Assert.Equal(new[] { 1, 2, 3 }, await CustomerIdsAsync(database));

        // Customer 2 is nowhere: refused before the first write.
        await SeedTargetAsync(database, customerIds: [9]);
        var error = await Assert.ThrowsAsync<SnapshotValidationException>(() => LoadAsync(database, file, LoadMode.Append));
        Assert.Equal(2, error.TotalViolations);
        Assert.Contains("neither in the snapshot nor in the target", error.Violations[0].Problem, StringComparison.Ordinal);
        Assert.Equal(new[] { 9 }, await CustomerIdsAsync(database));
        File.Delete(file);
    }

    private static async Task<string> DumpAsync(TestDatabase database)
    {
        await using var db = new ClosureContext(database.Options<ClosureContext>());
        await db.Database.EnsureDeletedAsync();
        await db.Database.EnsureCreatedAsync();
        db.Customers.AddRange(new Customer { Id = 1, Name = "a" }, new Customer { Id = 2, Name = "b" }, new Customer { Id = 3, Name = "c" });
        db.Orders.AddRange(
            new Order { Id = 10, CustomerId = 1 }, new Order { Id = 20, CustomerId = 2 }, new Order { Id = 21, CustomerId = 2 },
            new Order { Id = 30, CustomerId = 3 });
        await db.SaveChangesAsync();
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-closure-{Guid.NewGuid():N}.dbpickle");
        ClosureContextSnapshot.Dump(db, file);
        return file;
    }

    private static async Task SeedTargetAsync(TestDatabase database, int[] customerIds)
    {
        await using var db = new ClosureContext(database.Options<ClosureContext>());
        // Through the change tracker: MySql.EntityFrameworkCore 10.0.12 renders ExecuteDelete as invalid SQL on MariaDB.
        db.Orders.RemoveRange(await db.Orders.ToListAsync());
        db.Customers.RemoveRange(await db.Customers.ToListAsync());
        await db.SaveChangesAsync();
        db.Customers.AddRange(customerIds.Select(id => new Customer { Id = id, Name = "target" }));
        await db.SaveChangesAsync();
    }

    private static async Task<SnapshotSummary> LoadAsync(TestDatabase database, string file, LoadMode mode)
    {
        await using var db = new ClosureContext(database.Options<ClosureContext>());
        await using var stream = File.OpenRead(file);
        return await ClosureContextSnapshot.LoadAsync(db, stream, new LoadOptions { Mode = mode });
    }

    private static async Task<int[]> CustomerIdsAsync(TestDatabase database)
    {
        await using var db = new ClosureContext(database.Options<ClosureContext>());
        return [.. (await db.Customers.Select(c => c.Id).ToListAsync()).Order()];
    }
}
