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
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.PostgreSql)]
    [InlineData(Engine.MariaDb)]
    public async Task A_Replace_that_orphans_a_row_outside_the_snapshot_fails_naming_it_and_changes_nothing(Engine engine)
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
            await OrphanContextSnapshot.LoadAsync(db, stream);
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
}
