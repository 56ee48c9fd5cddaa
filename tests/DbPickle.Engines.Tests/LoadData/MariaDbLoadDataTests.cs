using DbPickle.Engines.Tests.Infrastructure;
using DbPickle.Engines.Tests.TypeFidelity;
using DbPickle.TestServers;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.LoadData;

/// <summary>
/// MariaDB loads go through <c>LOAD DATA LOCAL INFILE</c> when the connection string (<c>AllowLoadLocalInfile=true</c>)
/// and the server (<c>local_infile</c>) allow it, and through multi-row INSERT batches otherwise, saying why once per
/// load; both store the same rows, a value the server refuses is named by table, key and column with nothing changed,
/// and the temporary files are gone afterwards whatever happened.
/// </summary>
public sealed class MariaDbLoadDataTests
{
    private const string LoadDataPath = "LOAD DATA LOCAL INFILE";
    private const string BatchPath = "multi-row INSERT batches";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Both_paths_store_every_type_identically_and_each_is_chosen_when_it_should_be(bool sync)
    {
        using var source = TestDatabase.Create(Engine.Sqlite);
        using var fast = TestDatabase.Create(Engine.MariaDb);
        using var batches = TestDatabase.Create(Engine.MariaDb);
        var batchesConnection = MariaDbServer.Shared.ConnectionString(batches.Name, allowLoadLocalInfile: false);
        await using (var db = FidelityContext.Open(Engine.Sqlite, source.ConnectionString))
        {
            await db.Database.EnsureCreatedAsync();
            db.Samples.AddRange(FidelityRows.All().Select(EngineStorage.Copy));
            await db.SaveChangesAsync();
        }

        var file = new MemoryStream();
        await using (var db = FidelityContext.Open(Engine.Sqlite, source.ConnectionString))
        {
            await FidelityContextSnapshot.DumpAsync(db, file);
        }

        using var temp = new TempDirectory();
        var fastLog = new LogCapture();
        var batchLog = new LogCapture();
        foreach (var (connection, log) in new[] { (fast.ConnectionString, fastLog), (batchesConnection, batchLog) })
        {
            await using var db = new FidelityContext(MariaDb<FidelityContext>(connection, log).Options);
            await db.Database.EnsureCreatedAsync();
            file.Position = 0;
            var options = new LoadOptions { TempDirectory = temp.Path };
            var loaded = sync ? FidelityContextSnapshot.Load(db, file, options) : await FidelityContextSnapshot.LoadAsync(db, file, options);
            Assert.Equal(FidelityRows.All().Count, loaded.TotalRows);
            Assert.Empty(temp.Files());
        }

        Assert.Contains(fastLog.Messages, m => m.Contains($"Table Samples is inserted through {LoadDataPath}", StringComparison.Ordinal));
        Assert.DoesNotContain(fastLog.Messages, m => m.Contains("cannot use", StringComparison.Ordinal));
        Assert.Contains(batchLog.Messages, m => m.Contains($"Table Samples is inserted through {BatchPath}", StringComparison.Ordinal));
        Assert.Single(batchLog.Messages, m => m.StartsWith("Information: ", StringComparison.Ordinal) && m.Contains("add AllowLoadLocalInfile=true", StringComparison.Ordinal));

        var expected = TypeFidelityMatrixTests.RawRows(Engine.MariaDb, batchesConnection);
        var actual = TypeFidelityMatrixTests.RawRows(Engine.MariaDb, fast.ConnectionString);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        var differences = new List<string>();
        foreach (var (key, columns) in expected)
        {
            foreach (var (column, value) in columns)
            {
                if (actual[key][column] != value)
                {
                    differences.Add($"[Id={key}].{column}: batches stored {value}, LOAD DATA stored {actual[key][column]}");
                }
            }
        }

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    /// <summary>Control characters, backslashes, NUL and the NULL marker's own text are values like any other.</summary>
    [Fact]
    public async Task Separators_escapes_and_the_null_marker_arrive_as_text()
    {
        string[] titles = ["tab\there", "new\nline", "back\\slash", "\\N", "nul\0byte", "\\", "\r\n", "", " trailing ", "\\t literal"];
        using var source = TestDatabase.Create(Engine.Sqlite);
        using var target = TestDatabase.Create(Engine.MariaDb);
        var file = await DumpLibraryAsync(source, authors: 1, books: titles.Length, title: i => titles[i - 1]);
        using var temp = new TempDirectory();
        var log = new LogCapture();
        await using (var db = new LibraryContext(MariaDb<LibraryContext>(target.ConnectionString, log).Options))
        {
            await db.Database.EnsureCreatedAsync();
            await using var stream = File.OpenRead(file);
            await LibraryContextSnapshot.LoadAsync(db, stream, new LoadOptions { TempDirectory = temp.Path });
        }

        Assert.Contains(log.Messages, m => m.Contains($"Table Books is inserted through {LoadDataPath}", StringComparison.Ordinal));
        await using (var db = new LibraryContext(MariaDb<LibraryContext>(target.ConnectionString, null).Options))
        {
            Assert.Equal(titles, await db.Books.OrderBy(b => b.Id).Select(b => b.Title).ToListAsync());
        }

        Assert.Empty(temp.Files());
        File.Delete(file);
    }

    /// <summary>
    /// A column narrower on the server than in the model (so the pre-flight checks pass it): under LOCAL the server
    /// truncates with a warning instead of failing, and the load turns that warning into the row's error.
    /// </summary>
    [Theory]
    [InlineData(true, "Writing column 'Title' of row [Id=3] into table 'Books' failed: Data truncated for column 'Title' at row 3.")]
    [InlineData(false, "Inserting row [Id=3] into table 'Books' failed: Data too long for column 'Title' at row 3")]
    public async Task A_value_the_server_refuses_is_named_by_table_key_and_column_and_nothing_changes(bool allowLoadData, string expected)
    {
        using var source = TestDatabase.Create(Engine.Sqlite);
        using var target = TestDatabase.Create(Engine.MariaDb);
        var connection = MariaDbServer.Shared.ConnectionString(target.Name, allowLoadData);
        var file = await DumpLibraryAsync(source, authors: 2, books: 5, title: i => i == 3 ? "far too long" : "short");
        await using (var db = new LibraryContext(MariaDb<LibraryContext>(connection, null).Options))
        {
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE `Books` MODIFY `Title` varchar(5) NOT NULL");
            db.Authors.Add(new Author { Id = 50, Name = "already here" });
            db.Books.Add(new Book { Id = 50, AuthorId = 50, Title = "old" });
            await db.SaveChangesAsync();
        }

        using var temp = new TempDirectory();
        var log = new LogCapture();
        var error = await Assert.ThrowsAsync<SnapshotException>(async () =>
        {
            await using var db = new LibraryContext(MariaDb<LibraryContext>(connection, log).Options);
            await using var stream = File.OpenRead(file);
            await LibraryContextSnapshot.LoadAsync(db, stream, new LoadOptions { TempDirectory = temp.Path });
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was changed.", error.Message, StringComparison.Ordinal);
        Assert.Contains(log.Messages, m => m.Contains($"Table Books is inserted through {(allowLoadData ? LoadDataPath : BatchPath)}", StringComparison.Ordinal));
        await using (var db = new LibraryContext(MariaDb<LibraryContext>(connection, null).Options))
        {
            Assert.Equal([50], await db.Authors.Select(a => a.Id).ToListAsync());
            Assert.Equal(["old"], await db.Books.Select(b => b.Title).ToListAsync());
        }

        Assert.Empty(temp.Files());
        File.Delete(file);
    }

    /// <summary>
    /// A table larger than a slice of temporary disk goes in several LOAD DATA statements (here one per 256 KiB written,
    /// the slice size lowered to a byte): every row arrives, and a value the server refuses in a later statement, which
    /// the server numbers within that statement, is still named by its own key.
    /// </summary>
    [Fact]
    public async Task A_table_cut_into_several_statements_arrives_whole_and_a_refused_row_in_a_later_one_is_named()
    {
        using var wholeSource = TestDatabase.Create(Engine.Sqlite);
        using var badSource = TestDatabase.Create(Engine.Sqlite);
        using var target = TestDatabase.Create(Engine.MariaDb);
        var connection = MariaDbServer.Shared.ConnectionString(target.Name, allowLoadLocalInfile: true);
        const int Books = 12_000;
        var whole = await DumpLibraryAsync(wholeSource, authors: 10, books: Books, title: i => $"book {i} " + new string('t', 80));
        var bad = await DumpLibraryAsync(badSource, authors: 10, books: Books, title: i => i == 11_000 ? new string('x', 150) : $"book {i} " + new string('t', 80));
        await using (var db = new LibraryContext(MariaDb<LibraryContext>(connection, null).Options))
        {
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE `Books` MODIFY `Title` varchar(100) NOT NULL");
        }

        using var temp = new TempDirectory();
        var options = new LoadOptions { TempDirectory = temp.Path, LoadDataSliceBytes = 1 };
        var error = await Assert.ThrowsAsync<SnapshotException>(async () =>
        {
            await using var db = new LibraryContext(MariaDb<LibraryContext>(connection, null).Options);
            await using var stream = File.OpenRead(bad);
            await LibraryContextSnapshot.LoadAsync(db, stream, options);
        });

        var named = "Writing column 'Title' of row [Id=11000] into table 'Books' failed: Data truncated for column 'Title' at row ";
        Assert.StartsWith(named, error.Message, StringComparison.Ordinal);
        var rowInStatement = int.Parse(System.Text.RegularExpressions.Regex.Match(error.Message, @"at row (\d+)\.").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(rowInStatement, 1, 10_999);
        Assert.Empty(temp.Files());

        await using (var db = new LibraryContext(MariaDb<LibraryContext>(connection, null).Options))
        {
            Assert.Equal(0, await db.Books.CountAsync());
            var summary = LibraryContextSnapshot.Load(db, whole, options);
            Assert.Equal(Books + 10, summary.TotalRows);
        }

        await using (var db = new LibraryContext(MariaDb<LibraryContext>(connection, null).Options))
        {
            Assert.Equal(Enumerable.Range(1, Books), await db.Books.OrderBy(b => b.Id).Select(b => b.Id).ToListAsync());
            Assert.Equal(Books, await db.Books.CountAsync(b => b.Title.EndsWith(new string('t', 80))));
        }

        Assert.Empty(temp.Files());
        File.Delete(whole);
        File.Delete(bad);
    }

    [Fact]
    public async Task A_cancelled_load_leaves_no_temporary_file_and_changes_nothing()
    {
        using var source = TestDatabase.Create(Engine.Sqlite);
        using var target = TestDatabase.Create(Engine.MariaDb);
        var file = await DumpLibraryAsync(source, authors: 10, books: 25_000, title: i => $"title {i}");
        await using (var db = new LibraryContext(MariaDb<LibraryContext>(target.ConnectionString, null).Options))
        {
            await db.Database.EnsureCreatedAsync();
        }

        using var temp = new TempDirectory();
        using var cancellation = new CancellationTokenSource();
        var sawFile = false;
        var progress = new SynchronousProgress(p =>
        {
            if (p.Table == "Books" && p.Phase == "insert" && p.RowsDone >= 10_000)
            {
                // Half-way through the table: its rows are in a LOAD DATA file not yet sent.
                sawFile |= temp.Files().Length > 0;
                cancellation.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await using var db = new LibraryContext(MariaDb<LibraryContext>(target.ConnectionString, null).Options);
            await using var stream = File.OpenRead(file);
            await LibraryContextSnapshot.LoadAsync(db, stream, new LoadOptions { TempDirectory = temp.Path, Progress = progress }, cancellation.Token);
        });

        Assert.True(sawFile, "the load wrote no LOAD DATA file into LoadOptions.TempDirectory");
        Assert.Empty(temp.Files());
        await using (var db = new LibraryContext(MariaDb<LibraryContext>(target.ConnectionString, null).Options))
        {
            Assert.Equal(0, await db.Books.CountAsync());
            Assert.Equal(0, await db.Authors.CountAsync());
        }

        File.Delete(file);
    }

    /// <summary>A server started with <c>--local-infile=0</c> refuses LOAD DATA LOCAL: the load uses batches and says why, once.</summary>
    [Fact]
    public async Task A_server_without_local_infile_gets_batches_and_the_log_says_why_once()
    {
        using var server = MariaDbServer.Start(localInfile: false);
        TestDatabase.ExecuteMariaDb(server.ConnectionString(), "CREATE DATABASE library CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        using var source = TestDatabase.Create(Engine.Sqlite);
        var file = await DumpLibraryAsync(source, authors: 3, books: 7, title: i => $"title {i}");
        var log = new LogCapture();
        await using (var db = new LibraryContext(MariaDb<LibraryContext>(server.ConnectionString("library"), log).Options))
        {
            await db.Database.EnsureCreatedAsync();
            await using var stream = File.OpenRead(file);
            var loaded = await LibraryContextSnapshot.LoadAsync(db, stream);
            Assert.Equal(10, loaded.TotalRows);
            Assert.Equal(7, await db.Books.CountAsync());
        }

        Assert.Contains(log.Messages, m => m.Contains($"Table Authors is inserted through {BatchPath}", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.Contains($"Table Books is inserted through {BatchPath}", StringComparison.Ordinal));
        Assert.Single(log.Messages, m => m.StartsWith("Information: ", StringComparison.Ordinal) && m.Contains("local_infile is OFF", StringComparison.Ordinal));
        File.Delete(file);
    }

    private static DbContextOptionsBuilder<TContext> MariaDb<TContext>(string connectionString, LogCapture? log)
        where TContext : DbContext
    {
        var builder = (DbContextOptionsBuilder<TContext>)TestDatabase.Configure(new DbContextOptionsBuilder<TContext>(), Engine.MariaDb, connectionString);
        return log is null ? builder : builder.UseLoggerFactory(log.Factory);
    }

    private static async Task<string> DumpLibraryAsync(TestDatabase source, int authors, int books, Func<int, string> title)
    {
        var options = new DbContextOptionsBuilder<LibraryContext>().UseSqlite(source.ConnectionString).Options;
        await using (var db = new LibraryContext(options))
        {
            await db.Database.EnsureCreatedAsync();
            db.Authors.AddRange(Enumerable.Range(1, authors).Select(i => new Author { Id = i, Name = $"author {i}" }));
            db.Books.AddRange(Enumerable.Range(1, books).Select(i => new Book { Id = i, AuthorId = 1 + (i % authors), Title = title(i) }));
            await db.SaveChangesAsync();
        }

        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-library-{Guid.NewGuid():N}.dbpickle");
        await using (var db = new LibraryContext(options))
        {
            LibraryContextSnapshot.Dump(db, file);
        }

        return file;
    }

    /// <summary>Reports on the loading thread, so the test sees each report before the load goes on.</summary>
    private sealed class SynchronousProgress(Action<SnapshotProgress> report) : IProgress<SnapshotProgress>
    {
        public void Report(SnapshotProgress value) => report(value);
    }

    /// <summary>A fresh directory for a load's temporary files, so a test can see what the load left there.</summary>
    private sealed class TempDirectory : IDisposable
    {
        public TempDirectory() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dbpickle-loaddata-{Guid.NewGuid():N}");

        public string[] Files() => Directory.GetFiles(Path);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
