using DbPickle.Engines.Tests.Infrastructure;
using DbPickle.Engines.Tests.Validation.Orphans;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Validation;

/// <summary>
/// A Replace that would leave a row of a table outside the snapshot pointing at nothing fails before COMMIT, naming
/// that row — whether the engine's own check found it (PostgreSQL re-creating its constraints) or the loader's query.
/// </summary>
public sealed class OrphanedRowsTests
{
    [Theory]
    [InlineData(Engine.Sqlite, false)]
    [InlineData(Engine.PostgreSql, false)]
    [InlineData(Engine.MariaDb, false)]
    [InlineData(Engine.Sqlite, true)]
    [InlineData(Engine.PostgreSql, true)]
    [InlineData(Engine.MariaDb, true)]
    public async Task A_Replace_that_orphans_a_row_outside_the_snapshot_fails_naming_it_and_changes_nothing(Engine engine, bool dryRun)
    {
        using var database = TestDatabase.Create(engine);
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-orphans-{Guid.NewGuid():N}.dbpickle");
        await using (var db = new OrphanContext(database.Options<OrphanContext>()))
        {
            await db.Database.EnsureCreatedAsync();
            db.Members.AddRange(new Member { Id = 1, Name = "a" }, new Member { Id = 2, Name = "b" });
            await db.SaveChangesAsync();
            OrphanContextSnapshot.Dump(db, file);

            // Member 5 is not in the snapshot, and a note outside the snapshot points at it.
            db.Members.Add(new Member { Id = 5, Name = "target only" });
            db.Notes.Add(new Note { Id = 1, MemberId = 5 });
            await db.SaveChangesAsync();
        }

        var error = await Assert.ThrowsAsync<SnapshotValidationException>(async () =>
        {
            await using var db = new OrphanContext(database.Options<OrphanContext>());
            await using var stream = File.OpenRead(file);
            await OrphanContextSnapshot.LoadAsync(db, stream, new LoadOptions { DryRun = dryRun });
        });

        var violation = Assert.Single(error.Violations);
        Assert.Equal(("Notes", "Id=1", "MemberId"), (violation.Table, violation.Key, violation.Column));
        await using (var db = new OrphanContext(database.Options<OrphanContext>()))
        {
            Assert.Equal(new[] { 1, 2, 5 }, (await db.Members.Select(m => m.Id).ToListAsync()).Order());
            Assert.Equal(5, (await db.Notes.SingleAsync()).MemberId);
        }

        File.Delete(file);
    }

    [Fact]
    public async Task On_SQLite_a_row_of_a_table_outside_the_EF_model_left_orphaned_fails_the_COMMIT_and_changes_nothing()
    {
        using var database = TestDatabase.Create(Engine.Sqlite);
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-orphans-{Guid.NewGuid():N}.dbpickle");
        await using (var db = new OrphanContext(database.Options<OrphanContext>()))
        {
            await db.Database.EnsureCreatedAsync();
            db.Members.Add(new Member { Id = 1, Name = "a" });
            await db.SaveChangesAsync();
            OrphanContextSnapshot.Dump(db, file);

            // Member 5 is not in the snapshot; a table EF Core does not know points at it, so only SQLite's own
            // deferred check at COMMIT can see the reference.
            db.Members.Add(new Member { Id = 5, Name = "target only" });
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TABLE Audit (Id INTEGER PRIMARY KEY, MemberId INTEGER NOT NULL REFERENCES Members (Id)); INSERT INTO Audit VALUES (7, 5);");
        }

        var error = await Assert.ThrowsAsync<SnapshotException>(async () =>
        {
            await using var db = new OrphanContext(database.Options<OrphanContext>());
            await using var stream = File.OpenRead(file);
            await OrphanContextSnapshot.LoadAsync(db, stream);
        });

        Assert.Contains("refused to commit", error.Message, StringComparison.Ordinal);
        Assert.Contains("FOREIGN KEY", error.Message, StringComparison.Ordinal);
        await using (var db = new OrphanContext(database.Options<OrphanContext>()))
        {
            Assert.Equal(new[] { 1, 5 }, (await db.Members.Select(m => m.Id).ToListAsync()).Order());
        }

        File.Delete(file);
    }
}
