using DbPickle.Engines.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DbPickle.Engines.Tests.Indexes;

/// <summary>
/// A PostgreSQL load drops the indexes of large tables it fills from empty and builds them again before COMMIT. The
/// indexes must come back exactly as they were (or, on any failure, never have left), a unique one the loaded rows
/// break must name those rows, and tables that hold rows or whose index another object needs keep their indexes.
/// The tests lower the size from which a table qualifies (10,000 rows) so small tables take that path.
/// </summary>
public sealed class IndexRebuildTests
{
    private const int Writers = 200;
    private const int WorksPerWriter = 5;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Indexes_set_aside_come_back_with_the_same_definitions_and_the_rows_are_the_sources(bool async)
    {
        using var source = TestDatabase.Create(Engine.PostgreSql);
        var file = await DumpAsync(source, duplicateEmail: false);
        using var target = TestDatabase.Create(Engine.PostgreSql);
        await CreateAsync(target);
        TestDatabase.ExecutePostgres(target.ConnectionString, "COMMENT ON INDEX \"IX_Works_Year\" IS 'has a comment, so it stays'");
        var before = Catalog(target);

        var log = new LogCapture();
        var reports = new List<SnapshotProgress>();
        await LoadAsync(target, file, new LoadOptions { IndexRebuildMinimumRows = 100, Progress = new SyncProgress(reports.Add) }, async, log);

        // The builds and the foreign keys' validation, the last long steps, are reported after the inserts.
        var lastInsert = reports.FindLastIndex(r => r.Phase == "insert");
        Assert.Equal(
            [new("Writers", 0, 3, "index"), new("Writers", 1, 3, "index"), new("Writers", 2, 3, "index"), new("Writers", 3, 3, "index"), new("Works", 0, 2, "index"), new("Works", 1, 2, "index"), new("Works", 2, 2, "index"), new("Works", 0, null, "constraint")],
            reports.Skip(lastInsert + 1).ToList());
        Assert.Contains(log.Messages, m => m.EndsWith("Table Writers: 3 indexes dropped for the load, built again before COMMIT", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.EndsWith("Table Works: 2 indexes dropped for the load, built again before COMMIT", StringComparison.Ordinal));
        Assert.Equal(before, Catalog(target));
        Assert.Equal(Rows(source), Rows(target));

        // At the default size no table of this one qualifies.
        var smallLog = new LogCapture();
        await LoadAsync(target, file, new LoadOptions(), async, smallLog);
        Assert.DoesNotContain(smallLog.Messages, m => m.Contains("indexes dropped", StringComparison.Ordinal));
        Assert.Equal(before, Catalog(target));
        File.Delete(file);
    }

    [Fact]
    public async Task Loaded_rows_that_break_a_unique_index_are_named_and_nothing_changes()
    {
        using var source = TestDatabase.Create(Engine.PostgreSql);
        var file = await DumpAsync(source, duplicateEmail: true);
        using var target = TestDatabase.Create(Engine.PostgreSql);
        await CreateAsync(target);
        await AddWriterAsync(target);

        var before = Catalog(target);
        var error = await Assert.ThrowsAsync<SnapshotValidationException>(
            () => LoadAsync(target, file, new LoadOptions { IndexRebuildMinimumRows = 100 }, async: true));

        Assert.Equal(2, error.TotalViolations);
        Assert.Equal(["Id=7", "Id=150"], error.Violations.Select(v => v.Key));
        Assert.All(error.Violations, v =>
        {
            Assert.Equal("Writers", v.Table);
            Assert.Equal("Email", v.Column);
            Assert.Contains("(same@example.com)", v.Problem, StringComparison.Ordinal);
            Assert.Contains("unique index 'IX_Writers_Email'", v.Problem, StringComparison.Ordinal);
        });

        Assert.Equal(before, Catalog(target));
        await using (var db = new IndexContext(target.Options<IndexContext>()))
        {
            Assert.Equal([5000], await db.Writers.Select(w => w.Id).ToListAsync());
            Assert.Equal(0, await db.Works.CountAsync());
        }

        File.Delete(file);
    }

    [Theory]
    [InlineData(100L, false, false)]
    [InlineData(long.MaxValue, false, true)]
    [InlineData(long.MaxValue, true, false)]
    public async Task Other_sessions_can_read_a_table_during_the_load_only_when_no_foreign_key_touches_it_and_its_indexes_stay(long minimumRows, bool foreignKey, bool readable)
    {
        using var source = TestDatabase.Create(Engine.PostgreSql);
        var file = await DumpAsync(source, duplicateEmail: false);
        using var target = TestDatabase.Create(Engine.PostgreSql);
        await CreateAsync(target);

        // Dropping a foreign key locks both its tables against readers until COMMIT, as dropping an index locks its own.
        if (!foreignKey)
        {
            TestDatabase.ExecutePostgres(target.ConnectionString, "ALTER TABLE \"Works\" DROP CONSTRAINT \"FK_Works_Writers_WriterId\"");
        }

        // While Works is being inserted, another session counts the committed writers (none yet), or times out on the lock.
        string? observed = null;
        var progress = new SyncProgress(p =>
        {
            if (p is { Table: "Works", Phase: "insert", RowsDone: 0 } && observed is null)
            {
                using var reader = new NpgsqlConnection(target.ConnectionString);
                reader.Open();
                using var command = new NpgsqlCommand("SET statement_timeout = '1s'; SELECT count(*) FROM \"Writers\"", reader);
                try
                {
                    observed = $"count {command.ExecuteScalar()}";
                }
                catch (PostgresException exception)
                {
                    observed = exception.SqlState;
                }
            }
        });

        var log = new LogCapture();
        await LoadAsync(target, file, new LoadOptions { IndexRebuildMinimumRows = minimumRows, Progress = progress }, async: false, log);

        Assert.Equal(readable ? "count 0" : PostgresErrorCodes.QueryCanceled, observed);
        Assert.Equal(minimumRows != long.MaxValue, log.Messages.Any(m => m.Contains("indexes dropped for the load", StringComparison.Ordinal)));
        Assert.Equal(Rows(source), Rows(target));
        File.Delete(file);
    }

    [Fact]
    public async Task A_dry_run_builds_the_indexes_again_and_rolls_everything_back()
    {
        using var source = TestDatabase.Create(Engine.PostgreSql);
        var file = await DumpAsync(source, duplicateEmail: false);
        using var target = TestDatabase.Create(Engine.PostgreSql);
        await CreateAsync(target);
        var before = Catalog(target);
        var log = new LogCapture();
        await LoadAsync(target, file, new LoadOptions { DryRun = true, IndexRebuildMinimumRows = 100 }, async: true, log);

        Assert.Contains(log.Messages, m => m.EndsWith("Table Works: 3 indexes dropped for the load, built again before COMMIT", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.Contains("Dry run:", StringComparison.Ordinal));
        Assert.Equal(before, Catalog(target));
        Assert.Empty(Rows(target));
        File.Delete(file);
    }

    [Fact]
    public async Task A_table_that_holds_rows_keeps_its_indexes_when_appended_to()
    {
        using var source = TestDatabase.Create(Engine.PostgreSql);
        var file = await DumpAsync(source, duplicateEmail: false);
        using var target = TestDatabase.Create(Engine.PostgreSql);
        await CreateAsync(target);
        await AddWriterAsync(target);

        var before = Catalog(target);
        var log = new LogCapture();
        await LoadAsync(target, file, new LoadOptions { Mode = LoadMode.Append, IndexRebuildMinimumRows = 100 }, async: false, log);

        Assert.DoesNotContain(log.Messages, m => m.Contains("Table Writers: 3 indexes dropped", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.EndsWith("Table Works: 3 indexes dropped for the load, built again before COMMIT", StringComparison.Ordinal));
        Assert.Equal(before, Catalog(target));
        await using var check = new IndexContext(target.Options<IndexContext>());
        Assert.Equal(Writers + 1, await check.Writers.CountAsync());
        File.Delete(file);
    }

    [Fact]
    public async Task A_table_whose_key_a_view_depends_on_keeps_its_indexes_and_loads()
    {
        using var source = TestDatabase.Create(Engine.PostgreSql);
        var file = await DumpAsync(source, duplicateEmail: false);
        using var target = TestDatabase.Create(Engine.PostgreSql);
        await CreateAsync(target);

        // Grouping by the primary key alone makes the view depend on the key's constraint.
        TestDatabase.ExecutePostgres(
            target.ConnectionString,
            "CREATE VIEW writer_works AS SELECT w.\"Id\", w.\"Name\", count(k.\"Id\") AS works FROM \"Writers\" w LEFT JOIN \"Works\" k ON k.\"WriterId\" = w.\"Id\" GROUP BY w.\"Id\"");
        var before = Catalog(target);
        var log = new LogCapture();
        await LoadAsync(target, file, new LoadOptions { IndexRebuildMinimumRows = 100 }, async: true, log);

        Assert.Contains(log.Messages, m => m.Contains("Table Writers: its indexes stay in place during the load", StringComparison.Ordinal) && m.Contains("depend", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.EndsWith("Table Works: 3 indexes dropped for the load, built again before COMMIT", StringComparison.Ordinal));
        Assert.Equal(before, Catalog(target));
        Assert.Equal(Rows(source), Rows(target));
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*), sum(works) FROM writer_works", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((long)Writers, reader.GetInt64(0));
        Assert.Equal((decimal)(Writers * WorksPerWriter), reader.GetDecimal(1));
        File.Delete(file);
    }

    /// <summary>Writer 5000, in no snapshot file of these tests.</summary>
    private static async Task AddWriterAsync(TestDatabase database)
    {
        await using var db = new IndexContext(database.Options<IndexContext>());
        db.Writers.Add(new Writer { Id = 5000, Name = "already here", Email = "here@example.com" });
        await db.SaveChangesAsync();
    }

    private static async Task CreateAsync(TestDatabase database)
    {
        await using var db = new IndexContext(database.Options<IndexContext>());
        await db.Database.EnsureCreatedAsync();
    }

    /// <summary>Dumps <see cref="Writers"/> writers with their works; with a duplicate, writers 7 and 150 share an e-mail address (the source has no unique index on it).</summary>
    private static async Task<string> DumpAsync(TestDatabase source, bool duplicateEmail)
    {
        await CreateAsync(source);
        if (duplicateEmail)
        {
            TestDatabase.ExecutePostgres(source.ConnectionString, "DROP INDEX \"IX_Writers_Email\"");
        }

        await using var db = new IndexContext(source.Options<IndexContext>());
        db.Writers.AddRange(Enumerable.Range(1, Writers).Select(i => new Writer
        {
            Id = i,
            Name = $"writer {i % 17}",
            Email = duplicateEmail && i is 7 or 150 ? "same@example.com" : $"w{i}@example.com",
        }));
        db.Works.AddRange(Enumerable.Range(1, Writers * WorksPerWriter).Select(i => new Work
        {
            Id = i,
            WriterId = 1 + (i % Writers),
            Title = i % 10 == 0 ? string.Empty : $"work {i}",
            Year = 1900 + (i % 120),
        }));
        await db.SaveChangesAsync();
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-indexes-{Guid.NewGuid():N}.dbpickle");
        IndexContextSnapshot.Dump(db, file);
        return file;
    }

    private static async Task LoadAsync(TestDatabase target, string file, LoadOptions options, bool async, LogCapture? log = null)
    {
        var builder = new DbContextOptionsBuilder<IndexContext>(target.Options<IndexContext>());
        await using var db = new IndexContext((log is null ? builder : builder.UseLoggerFactory(log.Factory)).Options);
        if (async)
        {
            await using var stream = File.OpenRead(file);
            await IndexContextSnapshot.LoadAsync(db, stream, options);
        }
        else
        {
            IndexContextSnapshot.Load(db, file, options);
        }
    }

    /// <summary>Every index and constraint of both tables as PostgreSQL defines them, with comments and validity.</summary>
    private static List<string> Catalog(TestDatabase database)
        => Query(
            database,
            "SELECT c.relname || ': ' || pg_get_indexdef(i.indexrelid) || COALESCE(' / ' || con.conname || ' ' || pg_get_constraintdef(con.oid), '') "
            + "|| COALESCE(' / comment ' || obj_description(i.indexrelid, 'pg_class'), '') || CASE WHEN i.indisvalid AND i.indisready THEN '' ELSE ' / NOT VALID' END "
            + "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.contype IN ('p', 'u') "
            + "WHERE i.indrelid IN ('\"Writers\"'::regclass, '\"Works\"'::regclass) "
            + "UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('\"Writers\"'::regclass, '\"Works\"'::regclass) "
            + "ORDER BY 1");

    private static List<string> Rows(TestDatabase database)
        => Query(database, "SELECT 'writer ' || w::text FROM \"Writers\" w UNION ALL SELECT 'work ' || k::text FROM \"Works\" k ORDER BY 1");

    private static List<string> Query(TestDatabase database, string sql)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private sealed class SyncProgress(Action<SnapshotProgress> report) : IProgress<SnapshotProgress>
    {
        public void Report(SnapshotProgress value) => report(value);
    }
}
