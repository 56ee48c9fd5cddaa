using System.Globalization;
using DbPickle.Engines.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.TypeFidelity;

/// <summary>
/// Every type of <see cref="Sample"/> in all 9 directions of {SQLite, PostgreSQL, MariaDB}: rows inserted into the
/// source with EF Core, dumped with the generated <c>FidelityContextSnapshot</c> (1 KiB chunks, so the 4,000-character
/// strings and 64 KiB binaries span many chunks), loaded into a database EnsureCreated on the target, read back with
/// EF Core and compared with the original values (through <see cref="EngineStorage.Stored"/>: the engines' own
/// precision limits), with the source as read back, and, column by column in the target's own representation, with a
/// database into which EF Core itself saved the same values.
/// </summary>
public sealed class TypeFidelityMatrixTests
{
    public static TheoryData<Engine, Engine> Directions()
    {
        var data = new TheoryData<Engine, Engine>();
        foreach (var source in Enum.GetValues<Engine>())
        {
            foreach (var target in Enum.GetValues<Engine>())
            {
                data.Add(source, target);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Directions))]
    public Task Every_value_arrives_as_the_target_engine_can_hold_it(Engine source, Engine target) => MoveAsync(source, target, sync: false);

    /// <summary>The synchronous Dump and Load (separate code paths down to the inserters) on one direction into each engine.</summary>
    [Theory]
    [InlineData(Engine.MariaDb, Engine.Sqlite)]
    [InlineData(Engine.Sqlite, Engine.PostgreSql)]
    [InlineData(Engine.PostgreSql, Engine.MariaDb)]
    public Task Every_value_arrives_through_the_synchronous_API_too(Engine source, Engine target) => MoveAsync(source, target, sync: true);

    private static async Task MoveAsync(Engine source, Engine target, bool sync)
    {
        var originals = FidelityRows.All();
        using var sourceDatabase = TestDatabase.Create(source);
        using var targetDatabase = TestDatabase.Create(target);
        using var referenceDatabase = TestDatabase.Create(target);

        await using (var db = FidelityContext.Open(source, sourceDatabase.ConnectionString))
        {
            await db.Database.EnsureCreatedAsync();
            db.Samples.AddRange(originals.Select(EngineStorage.Copy));
            await db.SaveChangesAsync();
        }

        // 1. The source holds what its engine can hold of the originals.
        var fromSource = await ReadAsync(source, sourceDatabase.ConnectionString);
        var differences = new List<string>();
        foreach (var original in originals)
        {
            differences.AddRange(EngineStorage.Differences(EngineStorage.Stored(source, original), fromSource[original.Id], $"source {source}"));
        }

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));

        // 2. Dump and load.
        var file = new MemoryStream();
        await using (var db = FidelityContext.Open(source, sourceDatabase.ConnectionString))
        {
            var options = new DumpOptions { ChunkSize = 1024 };
            var dumped = sync ? FidelityContextSnapshot.Dump(db, file, options) : await FidelityContextSnapshot.DumpAsync(db, file, options);
            Assert.Equal(originals.Count, dumped.TotalRows);
        }

        await using (var db = FidelityContext.Open(target, targetDatabase.ConnectionString))
        {
            await db.Database.EnsureCreatedAsync();
            file.Position = 0;
            var loaded = sync ? FidelityContextSnapshot.Load(db, file) : await FidelityContextSnapshot.LoadAsync(db, file);
            Assert.Equal(originals.Count, loaded.TotalRows);
        }

        // 3. The target holds the originals as both engines' limits allow, and the source's values as the target allows.
        var fromTarget = await ReadAsync(target, targetDatabase.ConnectionString);
        Assert.Equal(originals.Select(o => o.Id).Order(), fromTarget.Keys.Order());
        foreach (var original in originals)
        {
            var expected = EngineStorage.Stored(target, EngineStorage.Held(source, original));
            differences.AddRange(EngineStorage.Differences(expected, fromTarget[original.Id], $"{source}->{target} vs original"));
            if (source != Engine.MariaDb)
            {
                // EF Core's read of a MariaDB source is coarser than the table (and the dump), so only other sources compare here.
                differences.AddRange(EngineStorage.Differences(EngineStorage.Stored(target, fromSource[original.Id]), fromTarget[original.Id], $"{source}->{target} vs source"));
            }
        }

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));

        // The repository's own comparer agrees (values normalized to what the target keeps).
        await using (var expectedDb = FidelityContext.Open(source, sourceDatabase.ConnectionString))
        await using (var actualDb = FidelityContext.Open(target, targetDatabase.ConnectionString))
        {
            // Both sides coarsened to what EF Core reads from either engine (a MariaDB source reads coarser than it holds).
            var compared = EntityComparer.Compare(
                expectedDb, actualDb, (property, value) => Normalize(target, property.Name, StoredValue(source, property.Name, value)));
            Assert.True(compared.Count == 0, string.Join(Environment.NewLine, compared));
        }

        // 4. Stored exactly as EF Core stores the same values on the target: same text, same storage class, same bytes.
        await using (var db = FidelityContext.Open(target, referenceDatabase.ConnectionString))
        {
            await db.Database.EnsureCreatedAsync();
            db.Samples.AddRange(originals.Select(o => EngineStorage.Held(source, o)));
            await db.SaveChangesAsync();
        }

        var reference = RawRows(target, referenceDatabase.ConnectionString);
        var loadedRaw = RawRows(target, targetDatabase.ConnectionString);
        foreach (var (key, columns) in reference)
        {
            foreach (var (column, value) in columns)
            {
                var found = loadedRaw[key][column];
                if (value != found)
                {
                    differences.Add($"{source}->{target} [Id={key}].{column}: EF Core stores {value}, the load stored {found}");
                }
            }
        }

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    /// <summary>A value's full text: whole strings, binaries by length and SHA-256, doubles and floats round-trippable.</summary>
    private static string Exact(object value) => value switch
    {
        string s => '"' + s + '"',
        byte[] b => $"byte[{b.Length}] {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(b))}",
        _ => EngineStorage.Format(value),
    };

    private static async Task<Dictionary<int, Sample>> ReadAsync(Engine engine, string connectionString)
    {
        await using var db = FidelityContext.Open(engine, connectionString);
        return await db.Samples.AsNoTracking().ToDictionaryAsync(s => s.Id);
    }

    private static object? Normalize(Engine engine, string propertyName, object? value)
    {
        var stored = StoredValue(engine, propertyName, value);
        return stored is decimal ? stored : EngineStorage.Format(stored); // decimals by value: the scale differs per engine
    }

    private static object? StoredValue(Engine engine, string propertyName, object? value)
    {
        var property = typeof(Sample).GetProperty(propertyName)!;
        var probe = new Sample();
        property.SetValue(probe, value);
        return property.GetValue(EngineStorage.Stored(engine, probe));
    }

    /// <summary>
    /// Every column of every row in the engine's own representation, read without EF Core: SQLite's <c>quote()</c>
    /// (storage class and exact text), PostgreSQL's text output, MariaDB's binary protocol values with their types.
    /// </summary>
    internal static Dictionary<int, Dictionary<string, string>> RawRows(Engine engine, string connectionString)
    {
        var columns = typeof(Sample).GetProperties().Select(p => p.Name).ToList();
        var sql = engine switch
        {
            Engine.Sqlite => $"SELECT \"Id\", {string.Join(", ", columns.Select(c => $"quote(\"{c}\")"))} FROM \"Samples\"",
            Engine.PostgreSql => $"SELECT \"Id\", {string.Join(", ", columns.Select(c => $"\"{c}\"::text"))} FROM \"Samples\"",
            _ => $"SELECT `Id`, {string.Join(", ", columns.Select(c => $"`{c}`"))} FROM `Samples`",
        };
        using var connection = engine switch
        {
            Engine.Sqlite => (System.Data.Common.DbConnection)new Microsoft.Data.Sqlite.SqliteConnection(connectionString),
            Engine.PostgreSql => new Npgsql.NpgsqlConnection(connectionString),
            _ => new MySql.Data.MySqlClient.MySqlConnection(connectionString),
        };
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (engine == Engine.MariaDb)
        {
            command.Prepare(); // binary protocol: FLOAT arrives with all its bits, datetime(6) with its microseconds
        }

        using var reader = command.ExecuteReader();
        var rows = new Dictionary<int, Dictionary<string, string>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, string>();
            for (var i = 0; i < columns.Count; i++)
            {
                row[columns[i]] = reader.IsDBNull(i + 1)
                    ? "NULL"
                    : reader.GetDataTypeName(i + 1) + ":" + Exact(reader.GetValue(i + 1));
            }

            rows[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = row;
        }

        return rows;
    }
}
