using DbPickle.Engines.Tests.Infrastructure;
using DbPickle.Engines.Tests.Validation.Cascades;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Validation;

/// <summary>
/// A Replace clears the snapshot's tables before inserting; an <c>ON DELETE CASCADE</c> key from a table outside the
/// snapshot must not turn that into a silent delete of that table's rows.
/// </summary>
public sealed class CascadingDeleteTests
{
    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.PostgreSql)]
    [InlineData(Engine.MariaDb)]
    public async Task A_Replace_keeps_rows_outside_the_snapshot_that_reference_reloaded_keys(Engine engine)
    {
        using var database = TestDatabase.Create(engine);
        var file = await SeedAndDumpAsync(database, extraOwner: false);

        await using (var db = new CascadeContext(database.Options<CascadeContext>()))
        {
            await using var stream = File.OpenRead(file);
            var summary = await CascadeContextSnapshot.LoadAsync(db, stream);
            Assert.Equal(2, summary.TotalRows);
        }

        await using (var db = new CascadeContext(database.Options<CascadeContext>()))
        {
            var pets = await db.Pets.OrderBy(p => p.Id).Select(p => new { p.Id, p.Name, p.OwnerId }).ToListAsync();
            Assert.Equal([new { Id = 1, Name = "Rex", OwnerId = 1 }, new { Id = 2, Name = "Tom", OwnerId = 2 }, new { Id = 3, Name = "Kit", OwnerId = 2 }], pets);
            Assert.Equal(["Ada", "Bo"], await db.Owners.OrderBy(o => o.Id).Select(o => o.Name).ToListAsync());
        }

        File.Delete(file);
    }

    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.PostgreSql)]
    [InlineData(Engine.MariaDb)]
    public async Task A_Replace_that_would_orphan_a_cascading_row_fails_naming_it_and_deletes_nothing(Engine engine)
    {
        using var database = TestDatabase.Create(engine);
        var file = await SeedAndDumpAsync(database, extraOwner: true);

        var error = await Assert.ThrowsAsync<SnapshotValidationException>(async () =>
        {
            await using var db = new CascadeContext(database.Options<CascadeContext>());
            await using var stream = File.OpenRead(file);
            await CascadeContextSnapshot.LoadAsync(db, stream);
        });

        var violation = Assert.Single(error.Violations);
        Assert.Equal(("Pets", "Id=3", "OwnerId"), (violation.Table, violation.Key, violation.Column));
        await AssertUnchangedAsync(database);
        File.Delete(file);
    }

    [Fact]
    public async Task On_SQLite_inside_the_callers_transaction_a_Replace_that_would_cascade_is_refused_before_any_delete()
    {
        using var database = TestDatabase.Create(Engine.Sqlite);
        var file = await SeedAndDumpAsync(database, extraOwner: false);

        await using (var db = new CascadeContext(database.Options<CascadeContext>()))
        {
            // SQLite cannot switch foreign keys off inside a transaction, so the cascade would run: the load must refuse.
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using var stream = File.OpenRead(file);
            var error = await Assert.ThrowsAsync<SnapshotException>(() => CascadeContextSnapshot.LoadAsync(db, stream));
            Assert.Contains("'Pets' (OwnerId → 'Owners', ON DELETE Cascade)", error.Message, StringComparison.Ordinal);
            Assert.Contains("outside a transaction", error.Message, StringComparison.Ordinal);

            // The caller's transaction is still usable and still sees every pet.
            Assert.Equal(3, await db.Pets.CountAsync());
            await transaction.CommitAsync();
        }

        await AssertUnchangedAsync(database);
        File.Delete(file);
    }

    [Fact]
    public async Task On_SQLite_a_table_outside_the_EF_model_left_pointing_at_nothing_fails_the_load()
    {
        using var database = TestDatabase.Create(Engine.Sqlite);
        var file = await SeedAndDumpAsync(database, extraOwner: false);
        await using (var db = new CascadeContext(database.Options<CascadeContext>()))
        {
            // EF Core does not know this table, so only SQLite's own foreign_key_check can see the reference.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TABLE Audit (Id INTEGER PRIMARY KEY, OwnerId INTEGER NOT NULL REFERENCES Owners (Id)); INSERT INTO Audit VALUES (7, 3);");
        }

        var error = await Assert.ThrowsAsync<SnapshotException>(async () =>
        {
            await using var db = new CascadeContext(database.Options<CascadeContext>());
            await using var stream = File.OpenRead(file);
            await CascadeContextSnapshot.LoadAsync(db, stream);
        });

        Assert.Contains("row with rowid 7 of 'Audit' references a missing row of 'Owners'", error.Message, StringComparison.Ordinal);
        await using (var db = new CascadeContext(database.Options<CascadeContext>()))
        {
            Assert.Equal([1, 2, 3], await db.Owners.OrderBy(o => o.Id).Select(o => o.Id).ToListAsync());
            Assert.Equal(1L, await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS Value FROM Audit").SingleAsync());
        }

        File.Delete(file);
    }

    /// <summary>
    /// Owners 1 and 2 with a pet each go into the file; then owner 3 (target only) and, when asked, pet 3 pointing at it
    /// are added — or, without <paramref name="extraOwner"/>, pet 3 goes to owner 2 and owner 3 stays unreferenced.
    /// </summary>
    private static async Task<string> SeedAndDumpAsync(TestDatabase database, bool extraOwner)
    {
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-cascade-{Guid.NewGuid():N}.dbpickle");
        await using var db = new CascadeContext(database.Options<CascadeContext>());
        await db.Database.EnsureCreatedAsync();
        db.Owners.AddRange(new Owner { Id = 1, Name = "Ada" }, new Owner { Id = 2, Name = "Bo" });
        db.Pets.AddRange(new Pet { Id = 1, Name = "Rex", OwnerId = 1 }, new Pet { Id = 2, Name = "Tom", OwnerId = 2 });
        await db.SaveChangesAsync();
        CascadeContextSnapshot.Dump(db, file);

        db.Owners.Add(new Owner { Id = 3, Name = "target only" });
        db.Pets.Add(new Pet { Id = 3, Name = "Kit", OwnerId = extraOwner ? 3 : 2 });
        await db.SaveChangesAsync();
        return file;
    }

    private static async Task AssertUnchangedAsync(TestDatabase database)
    {
        await using var db = new CascadeContext(database.Options<CascadeContext>());
        Assert.Equal([1, 2, 3], await db.Owners.OrderBy(o => o.Id).Select(o => o.Id).ToListAsync());
        Assert.Equal([1, 2, 3], await db.Pets.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
    }
}
