using System.Diagnostics;
using DbPickle.Benchmarks.Raw;
using DbPickle.Benchmarks.Shop;
using DbPickle.TestServers;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DbPickle.Benchmarks;

/// <summary>Every PostgreSQL measurement, each target a fresh database on one throwaway server.</summary>
public sealed class PostgresBench(Options options, ShopData data, ShopData efData, Report report)
{
    private PostgresServer _server = null!;

    public void Run()
    {
        Console.WriteLine("PostgreSQL:");
        _server = PostgresServer.Shared;
        Cpu.AttributeServer(_server.Port);
        Describe();

        var source = Fresh("shop_source");
        var populate = Stopwatch.StartNew();
        PostgresRaw.Copy(source, data, dropForeignKeys: false);

        // Set hint bits and statistics now, so neither reader pays for the first read of freshly copied rows.
        Admin("shop_source", "VACUUM (FREEZE, ANALYZE)");
        Console.WriteLine($"  source populated with binary COPY (+ VACUUM FREEZE ANALYZE): {data.TotalRows:N0} rows in {populate.Elapsed.TotalSeconds:F1} s");
        var expected = Fingerprint(source);

        var file = Path.Combine(options.WorkDirectory, "postgres.dbpickle");
        // Each limit runs in the same rounds as DbPickle's operation (see Measure.Interleaved); loads after dumps, which write their file.
        Measure.AddRounds(
            options,
            report,
            ("raw-read", new Operation("PostgreSQL", "Dump", "raw limit: NpgsqlDataReader, typed GetFieldValue<T> for every column", IsLimit: true, _ =>
            {
                Checkpoint();
                return Measure.FromChild(Child.Run("postgres", "raw-read", source));
            })),
            ("raw-copy-out", new Operation("PostgreSQL", "Dump", "raw limit: COPY TO STDOUT (FORMAT BINARY) per table, every field's bytes walked (no .NET conversion)", IsLimit: true, _ =>
            {
                Checkpoint();
                return Measure.FromChild(Child.Run("postgres", "raw-copy-out", source));
            })),
            ("dump", new Operation("PostgreSQL", "Dump", "DbPickle Dump (sync, to a file)", IsLimit: false, _ =>
            {
                Checkpoint();
                File.Delete(file);
                return Measure.FromChild(Child.Run("postgres", "dump", source, file));
            })));

        // The limit is the fastest way to load atomically with every foreign key validated: drop the keys, COPY, re-create
        // them (which validates each in one pass) in one transaction. DbPickle's PostgreSQL load takes the same approach.
        Measure.AddRounds(
            options,
            report,
            ("copy-fast", new Operation(
                "PostgreSQL",
                "Load",
                "raw limit: binary COPY per table, the tables' foreign keys dropped before and re-created after, one transaction (atomic fast path)",
                IsLimit: true,
                i => Insert($"shop_copy_fast_{i}", "copy-fast", data.Scale, expected))),
            ("copy-rebuild", new Operation(
                "PostgreSQL",
                "Load",
                "raw limit: binary COPY per table, the tables' foreign keys and indexes dropped before and re-created after (pg_restore's order), one transaction",
                IsLimit: true,
                i => Insert($"shop_copy_rebuild_{i}", "copy-rebuild", data.Scale, expected))),
            ("copy", new Operation("PostgreSQL", "Load", "raw: binary COPY per table, foreign keys in place, one transaction", IsLimit: false, i =>
                Insert($"shop_copy_{i}", "copy", data.Scale, expected))),
            ("load", new Operation("PostgreSQL", "Load", "DbPickle Load (sync, from the file above, into an empty database)", IsLimit: false, i =>
                Insert($"shop_load_{i}", "load", 0, expected, file))));

        if (!options.SkipEf && options.Runs("ef"))
        {
            var subset = efData == data ? null : $"{efData.TotalRows:N0}-row data set (scale {efData.Scale}), not the full one";
            report.Add(Measure.Repeat(
                1,
                "PostgreSQL",
                "Load",
                $"EF Core AddRange + SaveChanges, batches of {EfBaseline.BatchSize:N0}, one transaction",
                isLimit: false,
                _ => Insert("shop_ef", "ef", efData.Scale, expected: null),
                subset));
        }

        if (!options.KeepWorkDirectory)
        {
            Drop(source);
            File.Delete(file);
        }
    }

    /// <summary>Runs one insert-like operation into a fresh database in a child process, checks the result, drops the database.</summary>
    private Run Insert(string database, string operation, double scale, string? expected, string file = "-")
    {
        var target = Fresh(database);
        Checkpoint();
        var run = Measure.FromChild(Child.Run("postgres", operation, target, file, scale));
        if (expected is not null)
        {
            Verify(target, expected, operation);
        }

        Drop(target);
        return run;
    }

    /// <summary>Creates an empty database with the shop's schema (EnsureCreated); returns its connection string.</summary>
    private string Fresh(string database)
    {
        Admin("postgres", $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        Admin("postgres", $"CREATE DATABASE {database}");
        var connectionString = _server.ConnectionString(database);
        using var db = ShopContext.Postgres(connectionString);
        db.Database.EnsureCreated();
        return connectionString;
    }

    private void Drop(string connectionString)
        => Admin("postgres", $"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(connectionString).Database} WITH (FORCE)");

    /// <summary>Writes dirty buffers out before a measurement, so it does not pay for the previous one's.</summary>
    private void Checkpoint() => Admin("postgres", "CHECKPOINT");

    private void Admin(string database, string sql)
    {
        using var connection = new NpgsqlConnection(_server.ConnectionString(database));
        connection.Open();
        PostgresRaw.Execute(connection, null, sql);
    }

    private static string Fingerprint(string connectionString)
    {
        var sink = default(HashingSink);
        PostgresRaw.ReadAll(connectionString, ref sink);
        return sink.Hash;
    }

    private static void Verify(string connectionString, string expected, string what)
    {
        var actual = Fingerprint(connectionString);
        if (actual != expected)
        {
            throw new InvalidOperationException($"PostgreSQL {what}: the target's rows differ from the source's (fingerprint {actual} vs {expected})");
        }
    }

    private void Describe()
    {
        using var connection = new NpgsqlConnection(_server.ConnectionString());
        connection.Open();
        var settings = new List<string>();
        foreach (var name in new[] { "server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_level", "shared_buffers", "work_mem", "maintenance_work_mem", "max_wal_size" })
        {
            using var command = new NpgsqlCommand($"SHOW {name}", connection);
            settings.Add($"{name}={command.ExecuteScalar()}");
        }

        report.AddEnvironment("PostgreSQL", $"throwaway server from tests/DbPickle.TestServers on 127.0.0.1 (TCP loopback, same machine): {string.Join(", ", settings)}");
    }
}
