using System.Globalization;
using DbPickle.Engines.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DbPickle.Engines.Tests.Keys;

/// <summary>What the target of a load holds beforehand, and so which <see cref="LoadMode"/> the load uses.</summary>
public enum TargetState
{
    /// <summary>Freshly created (LoadMode.RequireEmpty).</summary>
    Empty,

    /// <summary>More rows than the file, every key above the file's largest, counters past them (LoadMode.Replace).</summary>
    ReplaceMoreRowsHigherKeys,

    /// <summary>One row with key 1, counters at 1 (LoadMode.Replace).</summary>
    ReplaceFewerRowsLowerKeys,

    /// <summary>Rows with keys 20 and 21, between the file's keys (LoadMode.Append).</summary>
    AppendBelowLoadedMax,

    /// <summary>Rows with keys above the file's largest (LoadMode.Append).</summary>
    AppendAboveLoadedMax,
}

/// <summary>An integer-keyed table of <see cref="KeysContext"/> whose key the engine generates.</summary>
public sealed record IntTable(
    Type Entity,
    long[] SourceKeys,
    Func<KeysContext, IEnumerable<(long Id, string Name)>> Read,
    Func<KeysContext, string, long> AppInsert)
{
    public string Label => Entity.Name;

    public long SourceMax => SourceKeys.Max();

    public override string ToString() => Label;
}

/// <summary>
/// Databases for the key tests: schemas created by EF Core, rows written with plain SQL (explicit keys, the engine's
/// own way of keeping counters consistent), so nothing about the expected state depends on DbPickle. Each source is
/// seeded and dumped once per run and kept as bytes.
/// </summary>
public static class KeyDatabases
{
    public static readonly IntTable[] IntTables =
    [
        Int<AutoRow>([0, 1, 2, 7, 40], r => r.Id, r => r.Name, n => new AutoRow { Name = n }),
        Int<AlwaysRow>([3, 9, 41], r => r.Id, r => r.Name, n => new AlwaysRow { Name = n }),
        Int<SerialRow>([1, 5, 42], r => r.Id, r => r.Name, n => new SerialRow { Name = n }),
        Int<BigRow>([1, 5_000_000_000, 5_000_000_043], r => r.Id, r => r.Name, n => new BigRow { Name = n }),
        Int<RowidRow>([2, 44], r => r.Id, r => r.Name, n => new RowidRow { Name = n }),
    ];

    private static readonly (int Tenant, int Number)[] s_sourceComposite = [(1, 1), (1, 2), (2, 1)];
    private static readonly Guid[] s_sourceGuids = [Guid.Empty, Guid.Parse("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff")];
    private static readonly string[] s_sourceCodes = ["alpha", "Beta", "ünï-ß"];
    private static readonly Guid s_targetGuid = Guid.Parse("0badc0de-0000-4000-8000-000000000007");

    private static readonly Dictionary<Engine, Lazy<byte[]>> s_keySnapshots =
        Enum.GetValues<Engine>().ToDictionary(e => e, e => new Lazy<byte[]>(() => DumpKeysSource(e)));

    public static KeysContext OpenKeys(TestDatabase database) => new(database.Options<KeysContext>());

    public static OrgContext OpenOrg(TestDatabase database) => new(database.Options<OrgContext>());

    /// <summary>The snapshot of a <see cref="KeysContext"/> source on <paramref name="engine"/> seeded with the source rows.</summary>
    public static byte[] KeysSnapshot(Engine engine) => s_keySnapshots[engine].Value;

    /// <summary>An empty <see cref="KeysContext"/> schema; on SQLite <c>RowidRows</c> is a plain rowid table.</summary>
    public static TestDatabase CreateKeys(Engine engine)
    {
        var database = TestDatabase.Create(engine);
        try
        {
            using var db = OpenKeys(database);
            db.Database.EnsureCreated();
            if (engine == Engine.Sqlite)
            {
                db.Database.ExecuteSqlRaw("DROP TABLE \"RowidRows\"; CREATE TABLE \"RowidRows\" (\"Id\" INTEGER PRIMARY KEY, \"Name\" TEXT NOT NULL)");
            }

            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    public static LoadMode ModeFor(TargetState state) => state switch
    {
        TargetState.Empty => LoadMode.RequireEmpty,
        TargetState.AppendBelowLoadedMax or TargetState.AppendAboveLoadedMax => LoadMode.Append,
        _ => LoadMode.Replace,
    };

    public static long[] TargetKeys(IntTable table, TargetState state) => state switch
    {
        TargetState.ReplaceMoreRowsHigherKeys => [.. Enumerable.Range(50, 10).Select(i => table.SourceMax + i)],
        TargetState.ReplaceFewerRowsLowerKeys => [1],
        TargetState.AppendBelowLoadedMax => [20, 21],
        TargetState.AppendAboveLoadedMax => [table.SourceMax + 100, table.SourceMax + 101],
        _ => [],
    };

    /// <summary>Writes the rows <paramref name="state"/> describes into a <see cref="KeysContext"/> target.</summary>
    public static void SeedTarget(TestDatabase database, TargetState state)
    {
        if (state == TargetState.Empty)
        {
            return;
        }

        using var db = OpenKeys(database);
        db.Database.OpenConnection();
        foreach (var table in IntTables)
        {
            InsertIntRows(db, database.Engine, table, TargetKeys(table, state), "old");
        }

        db.CompositeRows.Add(new CompositeRow { TenantId = 7, Number = 7, Name = "old-7-7" });
        db.GuidRows.Add(new GuidRow { Id = s_targetGuid, Name = "old-guid" });
        db.CodeRows.Add(new CodeRow { Code = "zzz-old", Name = "old-code" });
        db.SaveChanges();
    }

    /// <summary>Every table's rows as sorted "key:name" lines, as they should be after loading into <paramref name="state"/>.</summary>
    public static Dictionary<string, List<string>> Expected(TargetState state)
    {
        var append = ModeFor(state) == LoadMode.Append;
        var expected = new Dictionary<string, List<string>>();
        foreach (var table in IntTables)
        {
            var rows = table.SourceKeys.Select(k => Line(k, "src-" + k)).ToList();
            if (append)
            {
                rows.AddRange(TargetKeys(table, state).Select(k => Line(k, "old-" + k)));
            }

            expected[table.Label] = Sorted(rows);
        }

        var composite = s_sourceComposite.Select(c => $"{c.Tenant},{c.Number}:src-{c.Tenant}-{c.Number}").ToList();
        var guids = s_sourceGuids.Select((g, i) => $"{g:D}:src-guid-{i}").ToList();
        var codes = s_sourceCodes.Select((c, i) => $"{c}:src-code-{i}").ToList();
        if (append)
        {
            composite.Add("7,7:old-7-7");
            guids.Add($"{s_targetGuid:D}:old-guid");
            codes.Add("zzz-old:old-code");
        }

        expected[nameof(CompositeRow)] = Sorted(composite);
        expected[nameof(GuidRow)] = Sorted(guids);
        expected[nameof(CodeRow)] = Sorted(codes);
        return expected;
    }

    /// <summary>Every table's rows as sorted "key:name" lines, read through EF Core.</summary>
    public static Dictionary<string, List<string>> Actual(TestDatabase database)
    {
        using var db = OpenKeys(database);
        db.Database.OpenConnection();
        var actual = new Dictionary<string, List<string>>();
        foreach (var table in IntTables)
        {
            actual[table.Label] = Sorted(table.Read(db).Select(r => Line(r.Id, r.Name)));
        }

        actual[nameof(CompositeRow)] = Sorted(db.CompositeRows.AsNoTracking().AsEnumerable().Select(r => $"{r.TenantId},{r.Number}:{r.Name}"));
        actual[nameof(GuidRow)] = Sorted(db.GuidRows.AsNoTracking().AsEnumerable().Select(r => $"{r.Id:D}:{r.Name}"));
        actual[nameof(CodeRow)] = Sorted(db.CodeRows.AsNoTracking().AsEnumerable().Select(r => $"{r.Code}:{r.Name}"));
        return actual;
    }

    public static void AssertContents(Dictionary<string, List<string>> expected, TestDatabase database)
    {
        var actual = Actual(database);
        foreach (var (table, rows) in expected)
        {
            Assert.True(
                rows.SequenceEqual(actual[table]),
                $"{database.Engine} {table}: expected [{string.Join(" | ", rows)}], found [{string.Join(" | ", actual[table])}]");
        }
    }

    /// <summary>
    /// Inserts one row through EF Core without a key into every integer-keyed table; each must succeed and get a key
    /// above every key the table holds.
    /// </summary>
    public static void AssertAppInsertsGetHigherKeys(TestDatabase database, Dictionary<string, List<string>> expected)
    {
        using var db = OpenKeys(database);
        db.Database.OpenConnection();
        foreach (var table in IntTables)
        {
            var largest = expected[table.Label].Select(l => long.Parse(l[..l.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture)).Max();
            long key;
            try
            {
                key = table.AppInsert(db, "app");
            }
            catch (DbUpdateException exception)
            {
                Assert.Fail($"{database.Engine} {table.Label}: the application's insert after the load failed "
                    + $"(largest loaded key {largest}): {exception.InnerException?.Message ?? exception.Message}");
                throw;
            }

            Assert.True(key > largest, $"{database.Engine} {table.Label}: the application's insert got key {key}, not above the largest key {largest}");
            Assert.Contains(Line(key, "app"), table.Read(db).Select(r => Line(r.Id, r.Name)));
        }
    }

    /// <summary>Raw SQL on the database's own engine.</summary>
    public static void Execute(TestDatabase database, string sql)
    {
        switch (database.Engine)
        {
            case Engine.PostgreSql:
                TestDatabase.ExecutePostgres(database.ConnectionString, sql);
                break;
            case Engine.MariaDb:
                TestDatabase.ExecuteMariaDb(database.ConnectionString, sql);
                break;
            default:
                using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString))
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = sql;
                    command.ExecuteNonQuery();
                }

                break;
        }
    }

    /// <summary>A scalar read with raw SQL on the database's own engine.</summary>
    public static object? Scalar(TestDatabase database, string sql)
    {
        System.Data.Common.DbConnection connection = database.Engine switch
        {
            Engine.PostgreSql => new Npgsql.NpgsqlConnection(database.ConnectionString),
            Engine.MariaDb => new MySql.Data.MySqlClient.MySqlConnection(database.ConnectionString),
            _ => new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString),
        };
        using (connection)
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }
    }

    public static string Line(long key, string name) => key.ToString(CultureInfo.InvariantCulture) + ":" + name;

    public static List<string> Sorted(IEnumerable<string> lines) => [.. lines.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Inserts rows with explicit keys the way a tool other than DbPickle would: PostgreSQL needs OVERRIDING SYSTEM
    /// VALUE for GENERATED ALWAYS and a setval to keep the sequence consistent, MariaDB NO_AUTO_VALUE_ON_ZERO for a key
    /// of 0; SQLite and MariaDB move their counters past explicit keys themselves. The caller opens the connection
    /// (one session for every statement).
    /// </summary>
    private static void InsertIntRows(KeysContext db, Engine engine, IntTable table, long[] keys, string prefix)
    {
        if (keys.Length == 0)
        {
            return;
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var name = sql.DelimitIdentifier(db.Model.FindEntityType(table.Entity)!.GetTableName()!);
        var id = sql.DelimitIdentifier("Id");
        var values = string.Join(", ", keys.Select(k => $"({k.ToString(CultureInfo.InvariantCulture)}, '{prefix}-{k.ToString(CultureInfo.InvariantCulture)}')"));
        if (engine == Engine.MariaDb)
        {
            db.Database.ExecuteSqlRaw("SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'NO_AUTO_VALUE_ON_ZERO')");
        }

        var overriding = engine == Engine.PostgreSql ? " OVERRIDING SYSTEM VALUE" : string.Empty;
        var insert = $"INSERT INTO {name} ({id}, {sql.DelimitIdentifier("Name")}){overriding} VALUES {values}";
        db.Database.ExecuteSqlRaw(insert);
        if (engine == Engine.PostgreSql)
        {
            var setval = $"SELECT setval(pg_get_serial_sequence('{name}', 'Id'), (SELECT MAX({id}) FROM {name}))";
            db.Database.ExecuteSqlRaw(setval);
        }
    }

    private static byte[] DumpKeysSource(Engine engine)
    {
        using var database = CreateKeys(engine);
        using (var db = OpenKeys(database))
        {
            db.Database.OpenConnection();
            foreach (var table in IntTables)
            {
                InsertIntRows(db, engine, table, table.SourceKeys, "src");
            }

            db.CompositeRows.AddRange(s_sourceComposite.Select(c => new CompositeRow { TenantId = c.Tenant, Number = c.Number, Name = $"src-{c.Tenant}-{c.Number}" }));
            db.GuidRows.AddRange(s_sourceGuids.Select((g, i) => new GuidRow { Id = g, Name = $"src-guid-{i}" }));
            db.CodeRows.AddRange(s_sourceCodes.Select((c, i) => new CodeRow { Code = c, Name = $"src-code-{i}" }));
            db.SaveChanges();
        }

        // The source must hold exactly the intended keys (key 0 included), or the tests would prove nothing.
        AssertContents(Expected(TargetState.Empty), database);
        using (var db = OpenKeys(database))
        using (var stream = new MemoryStream())
        {
            var summary = KeysContextSnapshot.Dump(db, stream);
            Assert.Equal(IntTables.Sum(t => t.SourceKeys.Length) + 9, summary.TotalRows);
            return stream.ToArray();
        }
    }

    private static IntTable Int<T>(long[] keys, Func<T, long> id, Func<T, string> name, Func<string, T> create)
        where T : class
        => new(
            typeof(T),
            keys,
            db => db.Set<T>().AsNoTracking().AsEnumerable().Select(r => (id(r), name(r))).ToList(),
            (db, text) =>
            {
                var entity = create(text);
                db.Add(entity);
                db.SaveChanges();
                return id(entity);
            });
}
