using DbPickle.Engines.Tests.Infrastructure;
using DbPickle.Engines.Tests.LoadData;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Validation;

/// <summary>
/// After each table the load proves the table holds exactly the rows it had plus the rows inserted. On PostgreSQL a
/// table the load has locked against other writers and that has no trigger or rule needs no COUNT(*) (a full scan) for
/// that: a COPY that completed took every row sent. A trigger that adds or drops rows still fails the load, and nothing
/// is changed: through Npgsql's importer the COPY's own count already differs; with the rows encoded by DbPickle the
/// COUNT(*) that such a table gets finds it.
/// </summary>
public sealed class RowCountTests
{
    [Fact]
    public async Task Locked_tables_without_triggers_take_the_databases_own_count()
    {
        using var source = TestDatabase.Create(Engine.Sqlite);
        using var target = TestDatabase.Create(Engine.PostgreSql);
        var file = await DumpAsync(source, books: 50);
        await CreateAsync(target);

        var log = new LogCapture();
        await using (var db = new LibraryContext(Options(target, log)))
        {
            var summary = LibraryContextSnapshot.Load(db, file);
            Assert.Equal(53, summary.TotalRows);
        }

        Assert.Contains(log.Messages, m => m.Contains("Table Authors has no trigger", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.Contains("Table Books has no trigger", StringComparison.Ordinal));
        await using (var db = new LibraryContext(Options(target)))
        {
            Assert.Equal(50, await db.Books.CountAsync());
        }

        File.Delete(file);
    }

    [Theory]
    [InlineData(false, "AFTER INSERT", 1, "INSERT INTO \"Books\" (\"Id\", \"AuthorId\", \"Title\") VALUES (NEW.\"Id\" + 100000, NEW.\"AuthorId\", 'added by a trigger'); RETURN NULL;", "holds 51 rows after inserting 50")]
    [InlineData(false, "BEFORE INSERT", 7, "RETURN NULL;", "holds 49 rows after inserting 50")]
    [InlineData(true, "AFTER INSERT", 1, "INSERT INTO \"Books\" (\"Id\", \"AuthorId\", \"Title\") VALUES (NEW.\"Id\" + 100000, NEW.\"AuthorId\", 'added by a trigger'); RETURN NULL;", "holds 51 rows after inserting 50")]
    [InlineData(true, "BEFORE INSERT", 7, "RETURN NULL;", "reports 49 rows inserted of the 50 sent")]
    public async Task A_trigger_that_adds_or_drops_rows_fails_the_load_and_changes_nothing(bool npgsqlImporter, string timing, int id, string body, string expected)
    {
        using var source = TestDatabase.Create(Engine.Sqlite);
        using var target = TestDatabase.Create(Engine.PostgreSql);
        var file = await DumpAsync(source, books: 50);
        await CreateAsync(target);
        await using (var db = new LibraryContext(Options(target)))
        {
            db.Authors.Add(new Author { Id = 900, Name = "already here" });
            await db.SaveChangesAsync();
        }

        TestDatabase.ExecutePostgres(target.ConnectionString, $"CREATE FUNCTION interfere() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$");
        TestDatabase.ExecutePostgres(target.ConnectionString, $"CREATE TRIGGER interfere {timing} ON \"Books\" FOR EACH ROW WHEN (NEW.\"Id\" = {id}) EXECUTE FUNCTION interfere()");

        var log = new LogCapture();
        var error = Assert.Throws<SnapshotException>(() =>
        {
            using var db = new LibraryContext(Options(target, log));
            LibraryContextSnapshot.Load(db, file, new LoadOptions { ProviderWritersOnly = npgsqlImporter });
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Messages, m => m.Contains("Table Books has no trigger", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.Contains("Table Books is inserted through binary COPY", StringComparison.Ordinal) && m.EndsWith("encoded by DbPickle", StringComparison.Ordinal) != npgsqlImporter);
        await using (var db = new LibraryContext(Options(target)))
        {
            Assert.Equal([900], await db.Authors.Select(a => a.Id).ToListAsync());
            Assert.Equal(0, await db.Books.CountAsync());
        }

        File.Delete(file);
    }

    private static async Task CreateAsync(TestDatabase target)
    {
        await using var db = new LibraryContext(Options(target));
        await db.Database.EnsureCreatedAsync();
    }

    private static DbContextOptions<LibraryContext> Options(TestDatabase database, LogCapture? log = null)
    {
        var builder = (DbContextOptionsBuilder<LibraryContext>)TestDatabase.Configure(new DbContextOptionsBuilder<LibraryContext>(), database.Engine, database.ConnectionString);
        return (log is null ? builder : builder.UseLoggerFactory(log.Factory)).Options;
    }

    private static async Task<string> DumpAsync(TestDatabase source, int books)
    {
        await using var db = new LibraryContext(Options(source));
        await db.Database.EnsureCreatedAsync();
        db.Authors.AddRange(Enumerable.Range(1, 3).Select(i => new Author { Id = i, Name = $"author {i}" }));
        db.Books.AddRange(Enumerable.Range(1, books).Select(i => new Book { Id = i, AuthorId = 1 + (i % 3), Title = $"book {i}" }));
        await db.SaveChangesAsync();
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-rowcount-{Guid.NewGuid():N}.dbpickle");
        LibraryContextSnapshot.Dump(db, file);
        return file;
    }
}
