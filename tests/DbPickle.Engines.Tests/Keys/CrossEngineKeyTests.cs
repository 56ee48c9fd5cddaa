using DbPickle.Engines.Tests.Infrastructure;

namespace DbPickle.Engines.Tests.Keys;

/// <summary>
/// A file dumped on one engine loads into another with every key intact (0, bigint, composite, Guid, string), and the
/// application's next insert on the target works: the target's counters follow the loaded keys, not the source's.
/// The target already took one application insert (key 1), so its counters stand below the file's keys.
/// </summary>
public sealed class CrossEngineKeyTests
{
    public static TheoryData<Engine, Engine> Directions()
    {
        var data = new TheoryData<Engine, Engine>();
        foreach (var source in Enum.GetValues<Engine>())
        {
            foreach (var target in Enum.GetValues<Engine>().Where(t => t != source))
            {
                data.Add(source, target);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Directions))]
    public async Task Dumped_on_one_engine_loaded_into_another_keeps_keys_and_takes_app_inserts(Engine source, Engine target)
    {
        var snapshot = KeyDatabases.KeysSnapshot(source);
        Assert.Contains(
            source switch { Engine.Sqlite => "Sqlite", Engine.PostgreSql => "PostgreSQL", _ => "MySql" },
            SnapshotFile.ReadHeader(new MemoryStream(snapshot)).SourceEngine,
            StringComparison.Ordinal);

        using var database = KeyDatabases.CreateKeys(target);
        KeyDatabases.SeedTarget(database, TargetState.ReplaceFewerRowsLowerKeys);
        await using (var db = KeyDatabases.OpenKeys(database))
        {
            await KeysContextSnapshot.LoadAsync(db, new MemoryStream(snapshot));
        }

        var expected = KeyDatabases.Expected(TargetState.ReplaceFewerRowsLowerKeys);
        KeyDatabases.AssertContents(expected, database);
        KeyDatabases.AssertAppInsertsGetHigherKeys(database, expected);
    }
}
