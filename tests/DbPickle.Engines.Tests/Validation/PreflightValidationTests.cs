using DbPickle.Engines.Tests.Infrastructure;
using DbPickle.Engines.Tests.Validation.Lenient;
using DbPickle.Engines.Tests.Validation.Strict;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Validation;

/// <summary>
/// Values a permissive source holds but the target cannot take are found before the first write, all at once, and
/// the target is left untouched: the classic half-finished load of SQLite data into PostgreSQL, prevented.
/// </summary>
public sealed class PreflightValidationTests
{
    [Theory]
    [InlineData(Engine.PostgreSql)]
    [InlineData(Engine.MariaDb)]
    [InlineData(Engine.Sqlite)]
    public async Task Too_long_and_too_precise_values_are_reported_together_and_nothing_is_written(Engine target)
    {
        using var source = TestDatabase.Create(Engine.Sqlite);
        using var destination = TestDatabase.Create(target);
        var file = await DumpLenientAsync(source, [
            new Lenient.Note { Id = 1, Text = "fits", Amount = 12.5m },
            new Lenient.Note { Id = 2, Text = new string('x', 300), Amount = 1m },
            new Lenient.Note { Id = 3, Text = "ok", Amount = 1.005m },
            new Lenient.Note { Id = 4, Text = "ok", Amount = 1234567.5m },
        ]);

        await using (var db = new StrictContext(destination.Options<StrictContext>()))
        {
            await db.Database.EnsureCreatedAsync();
            db.Notes.Add(new Strict.Note { Id = 99, Text = "already here", Amount = 1m });
            await db.SaveChangesAsync();
        }

        var error = await Assert.ThrowsAsync<SnapshotValidationException>(async () =>
        {
            await using var db = new StrictContext(destination.Options<StrictContext>());
            await using var stream = File.OpenRead(file);
            await StrictContextSnapshot.LoadAsync(db, stream);
        });

        Assert.Equal(3, error.TotalViolations);
        var tooLong = Assert.Single(error.Violations, v => v.Key == "Id=2");
        Assert.Equal(("Notes", "Text"), (tooLong.Table, tooLong.Column));
        Assert.Contains("300 characters", tooLong.Problem, StringComparison.Ordinal);
        Assert.Contains("at most 200", tooLong.Problem, StringComparison.Ordinal);
        var rounded = Assert.Single(error.Violations, v => v.Key == "Id=3");
        Assert.Equal("Amount", rounded.Column);
        Assert.Contains("rounded", rounded.Problem, StringComparison.Ordinal);
        var overflow = Assert.Single(error.Violations, v => v.Key == "Id=4");
        Assert.Contains("allows 6", overflow.Problem, StringComparison.Ordinal);

        await using (var db = new StrictContext(destination.Options<StrictContext>()))
        {
            var rows = await db.Notes.AsNoTracking().ToListAsync();
            var only = Assert.Single(rows);
            Assert.Equal(99, only.Id);
        }

        File.Delete(file);
    }

    [Theory]
    [InlineData(Engine.PostgreSql)]
    [InlineData(Engine.MariaDb)]
    [InlineData(Engine.Sqlite)]
    public async Task A_dry_run_loads_and_verifies_then_leaves_the_target_as_it_was(Engine target)
    {
        using var source = TestDatabase.Create(Engine.Sqlite);
        using var destination = TestDatabase.Create(target);
        var file = await DumpLenientAsync(source, [new Lenient.Note { Id = 1, Text = "a", Amount = 1m }, new Lenient.Note { Id = 2, Text = "b", Amount = 2m }]);
        await using (var db = new StrictContext(destination.Options<StrictContext>()))
        {
            await db.Database.EnsureCreatedAsync();
            db.Notes.Add(new Strict.Note { Id = 7, Text = "kept", Amount = 7m });
            await db.SaveChangesAsync();
        }

        SnapshotSummary summary;
        await using (var db = new StrictContext(destination.Options<StrictContext>()))
        await using (var stream = File.OpenRead(file))
        {
            summary = await StrictContextSnapshot.LoadAsync(db, stream, new LoadOptions { DryRun = true });
        }

        Assert.Equal(2, summary.TotalRows);
        await using (var db = new StrictContext(destination.Options<StrictContext>()))
        {
            Assert.Equal([7], await db.Notes.Select(n => n.Id).ToListAsync());
        }

        File.Delete(file);
    }

    private static async Task<string> DumpLenientAsync(TestDatabase source, Lenient.Note[] notes)
    {
        await using var db = new LenientContext(source.Options<LenientContext>());
        await db.Database.EnsureCreatedAsync();
        db.Notes.AddRange(notes);
        await db.SaveChangesAsync();
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-validation-{Guid.NewGuid():N}.dbpickle");
        LenientContextSnapshot.Dump(db, file);
        return file;
    }
}
