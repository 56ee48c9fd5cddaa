using DbPickle.Engines.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Hooks;

/// <summary>
/// A table with an <c>OnPreSave</c> hook is inserted row by row on the caller's thread, each row handed to the hook
/// first: on every engine, what the hook changed is what is stored, what it skipped is not, and the summary counts both.
/// </summary>
public sealed class PreSaveHookTests
{
    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.PostgreSql)]
    [InlineData(Engine.MariaDb)]
    public async Task Rows_the_hook_changes_are_stored_changed_and_rows_it_skips_are_not(Engine engine)
    {
        using var source = TestDatabase.Create(Engine.Sqlite);
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-presave-{Guid.NewGuid():N}.dbpickle");
        await using (var db = new ReadingContext(source.Options<ReadingContext>()))
        {
            await db.Database.EnsureCreatedAsync();
            db.Readings.AddRange(Enumerable.Range(1, 2500).Select(i => new Reading
            {
                Id = i,
                Label = $"reading é{i}",
                Value = i % 5 == 0 ? -i : i,
                TakenAt = i % 3 == 0 ? null : new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i),
            }));
            await db.SaveChangesAsync();
            ReadingContextSnapshot.Dump(db, file);
        }

        using var target = TestDatabase.Create(engine);
        await using (var db = new ReadingContext(target.Options<ReadingContext>()))
        {
            await db.Database.EnsureCreatedAsync();
            await using var stream = File.OpenRead(file);
            var summary = await ReadingContextSnapshot.LoadAsync(db, stream, new LoadOptions { UnspecifiedDateTimeKind = DateTimeKind.Utc });
            var table = Assert.Single(summary.Tables);
            Assert.Equal(2000, table.Rows);
            Assert.Equal(500, table.SkippedRows);
        }

        await using (var db = new ReadingContext(target.Options<ReadingContext>()))
        {
            var stored = await db.Readings.OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(Enumerable.Range(1, 2500).Where(i => i % 5 != 0), stored.Select(r => r.Id));
            Assert.All(stored, r =>
            {
                Assert.Equal($"READING É{r.Id}", r.Label);
                Assert.Equal(r.Id, r.Value);
                DateTime? expected = r.Id % 3 == 0 ? null : new DateTime(2024, 1, 1).AddMinutes(r.Id);
                Assert.Equal(expected, r.TakenAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Unspecified) : null);
            });
        }

        File.Delete(file);
    }
}
