using System.Diagnostics;
using DbPickle.Benchmarks.Raw;
using DbPickle.Benchmarks.Shop;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Benchmarks;

/// <summary>Every SQLite measurement, on database files in the work directory.</summary>
public sealed class SqliteBench(Options options, ShopData data, ShopData efData, Report report)
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(options.WorkDirectory, "sqlite")).FullName;

    public void Run()
    {
        Console.WriteLine("SQLite:");
        var source = Path.Combine(_dir, "source.db");
        CreateSchema(source);
        var populate = Stopwatch.StartNew();
        using (var db = ShopContext.Sqlite(source))
        {
            SqliteRaw.Insert(db, data);
        }

        Console.WriteLine($"  source populated with raw prepared INSERTs: {data.TotalRows:N0} rows in {populate.Elapsed.TotalSeconds:F1} s");
        var expected = Fingerprint(source); // also brings the file into the OS page cache for both readers
        Describe(source);

        var file = Path.Combine(options.WorkDirectory, "sqlite.dbpickle");
        // Each limit runs in the same rounds as DbPickle's operation (see Measure.Interleaved); loads after dumps, which write their file.
        Measure.AddRounds(
            options,
            report,
            ("raw-read", new Operation("SQLite", "Dump", "raw limit: DbDataReader, typed GetFieldValue<T> for every column", IsLimit: true, _ =>
                Measure.FromChild(Child.Run("sqlite", "raw-read", source)))),
            ("raw-read-capi", new Operation("SQLite", "Dump", "raw limit: the same scan stepped through SQLite's C API, each value as SQLite holds it (no .NET conversion)", IsLimit: true, _ =>
                Measure.FromChild(Child.Run("sqlite", "raw-read-capi", source)))),
            ("dump", new Operation("SQLite", "Dump", "DbPickle Dump (sync, to a file)", IsLimit: false, _ =>
            {
                File.Delete(file);
                return Measure.FromChild(Child.Run("sqlite", "dump", source, file));
            })));

        Measure.AddRounds(
            options,
            report,
            ("raw-insert", new Operation("SQLite", "Load", "raw limit: reused prepared INSERT per table, one transaction, cache_size 256 MiB", IsLimit: true, i =>
                Insert($"raw-{i}.db", "raw-insert", "raw insert", expected, scale: data.Scale))),
            ("raw-insert-capi", new Operation("SQLite", "Load", "raw limit: the same INSERTs bound and stepped through SQLite's C API (SQLitePCLRaw)", IsLimit: true, i =>
                Insert($"raw-capi-{i}.db", "raw-insert-capi", "raw C-API insert", expected, scale: data.Scale))),
            ("load", new Operation("SQLite", "Load", "DbPickle Load (sync, from the file above, into an empty database)", IsLimit: false, i =>
                Insert($"load-{i}.db", "load", "DbPickle load", expected, file: file))));

        if (!options.SkipEf && options.Runs("ef"))
        {
            var subset = efData == data ? null : $"{efData.TotalRows:N0}-row data set (scale {efData.Scale}), not the full one";
            report.Add(Measure.Repeat(
                1,
                "SQLite",
                "Load",
                $"EF Core AddRange + SaveChanges, batches of {EfBaseline.BatchSize:N0}, one transaction",
                isLimit: false,
                _ =>
                {
                    var target = Fresh("ef.db");
                    var run = Measure.FromChild(Child.Run("sqlite", "ef", target, scale: efData.Scale));
                    report.AddNote($"SQLite storage classes written by EF Core: {StorageClasses(target)}");
                    File.Delete(target);
                    return run;
                },
                subset));
        }

        if (!options.KeepWorkDirectory)
        {
            File.Delete(source);
            File.Delete(file);
        }
    }

    /// <summary>Runs one insert-like operation into a fresh database in a child process, checks the result, deletes the database.</summary>
    private Run Insert(string name, string operation, string what, string expected, string file = "-", double scale = 0)
    {
        var target = Fresh(name);
        var run = Measure.FromChild(Child.Run("sqlite", operation, target, file, scale));
        Verify(target, expected, what);
        File.Delete(target);
        return run;
    }

    private string Fresh(string name)
    {
        var path = Path.Combine(_dir, name);
        File.Delete(path);
        CreateSchema(path);
        return path;
    }

    private static void CreateSchema(string path)
    {
        using var db = ShopContext.Sqlite(path);
        db.Database.EnsureCreated();
    }

    private static string Fingerprint(string path)
    {
        var sink = default(HashingSink);
        SqliteRaw.ReadAll(path, ref sink);
        return sink.Hash;
    }

    private static void Verify(string path, string expected, string what)
    {
        var actual = Fingerprint(path);
        if (actual != expected)
        {
            throw new InvalidOperationException($"SQLite {what}: the target's rows differ from the source's (fingerprint {actual} vs {expected})");
        }
    }

    private void Describe(string source)
    {
        using var connection = new SqliteConnection($"Data Source={source};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version(), (SELECT page_size FROM pragma_page_size), (SELECT journal_mode FROM pragma_journal_mode), (SELECT synchronous FROM pragma_synchronous)";
        using var reader = command.ExecuteReader();
        reader.Read();
        report.AddEnvironment(
            "SQLite",
            $"{reader.GetString(0)} (Microsoft.Data.Sqlite / e_sqlite3); page size {reader.GetInt64(1)}, journal_mode {reader.GetString(2)}, "
            + $"synchronous {reader.GetInt64(3)} (2 = FULL), files in {options.WorkDirectory}; source database {new FileInfo(source).Length / 1048576.0:F0} MiB");
        report.AddNote($"SQLite storage classes written by the raw INSERT: {StorageClasses(source)}");
    }

    private static string StorageClasses(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(\"CreatedAt\"), typeof(\"Price\"), typeof(\"ExternalId\"), typeof(\"IsActive\"), typeof(\"WeightKg\") FROM \"Products\" WHERE \"WeightKg\" IS NOT NULL LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? $"Products.CreatedAt {reader.GetString(0)}, Price {reader.GetString(1)}, ExternalId {reader.GetString(2)}, IsActive {reader.GetString(3)}, WeightKg {reader.GetString(4)}"
            : "(no rows)";
    }
}
