using DbPickle.Engines.Tests.Infrastructure;
using DbPickle.Engines.Tests.Validation.Cascades;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Validation;

/// <summary>
/// A row the database itself refuses while loading (here an Append whose key the target already holds, which the
/// pre-flight checks leave to the database) is named by its key, even when PostgreSQL reports it
/// only at the end of the COPY (MariaDB names a batch, its message the key), and nothing is changed.
/// </summary>
public sealed class InsertErrorTests
{
    [Theory]
    [InlineData(Engine.Sqlite, "Inserting row [Id=2]")]
    [InlineData(Engine.PostgreSql, "Inserting row [Id=2] (row 2 of 3)")]
    [InlineData(Engine.MariaDb, "Duplicate entry '2'")]
    public async Task A_row_the_database_refuses_is_named_by_its_key_and_nothing_changes(Engine engine, string expected)
    {
        using var database = TestDatabase.Create(engine);
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-insert-error-{Guid.NewGuid():N}.dbpickle");
        await using (var db = new CascadeContext(database.Options<CascadeContext>()))
        {
            await db.Database.EnsureCreatedAsync();
            db.Owners.AddRange(new Owner { Id = 1, Name = "a" }, new Owner { Id = 2, Name = "b" }, new Owner { Id = 3, Name = "c" });
            await db.SaveChangesAsync();
            CascadeContextSnapshot.Dump(db, file);

            // Through the change tracker: MySql.EntityFrameworkCore renders ExecuteDelete as invalid SQL on MariaDB.
            db.Owners.RemoveRange(await db.Owners.Where(o => o.Id != 2).ToListAsync());
            await db.SaveChangesAsync();
        }

        var error = await Assert.ThrowsAsync<SnapshotException>(async () =>
        {
            await using var db = new CascadeContext(database.Options<CascadeContext>());
            await using var stream = File.OpenRead(file);
            await CascadeContextSnapshot.LoadAsync(db, stream, new LoadOptions { Mode = LoadMode.Append });
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("'Owners'", error.Message, StringComparison.Ordinal);
        await using (var db = new CascadeContext(database.Options<CascadeContext>()))
        {
            Assert.Equal(["b"], await db.Owners.Select(o => o.Name).ToListAsync());
        }

        File.Delete(file);
    }
}
