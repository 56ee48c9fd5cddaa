using DbPickle.Engines.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DbPickle.Engines.Tests.Keys;

/// <summary>
/// Primary keys survive a load exactly (0, bigint, composite, Guid.Empty, strings), and afterwards the application's
/// own insert through EF Core, without a key, succeeds with a key above every key in the table: on each engine and
/// for each kind of generated key (PostgreSQL identity BY DEFAULT and ALWAYS, serial, bigint identity; MariaDB
/// AUTO_INCREMENT; SQLite AUTOINCREMENT and a plain rowid table), loaded by RequireEmpty, Replace and Append into
/// targets whose counters stand below or above the file's keys.
/// </summary>
public sealed class KeyPreservationTests
{
    public static TheoryData<Engine, TargetState> EnginesAndTargets()
    {
        var data = new TheoryData<Engine, TargetState>();
        foreach (var engine in Enum.GetValues<Engine>())
        {
            foreach (var state in Enum.GetValues<TargetState>())
            {
                data.Add(engine, state);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EnginesAndTargets))]
    public async Task Keys_are_kept_exactly_and_the_next_app_insert_gets_a_higher_key(Engine engine, TargetState state)
    {
        var snapshot = KeyDatabases.KeysSnapshot(engine);
        using var database = KeyDatabases.CreateKeys(engine);
        KeyDatabases.SeedTarget(database, state);

        SnapshotSummary summary;
        await using (var db = KeyDatabases.OpenKeys(database))
        {
            summary = await KeysContextSnapshot.LoadAsync(db, new MemoryStream(snapshot), new LoadOptions { Mode = KeyDatabases.ModeFor(state) });
        }

        Assert.Equal(KeyDatabases.IntTables.Sum(t => t.SourceKeys.Length) + 9, summary.TotalRows);
        var expected = KeyDatabases.Expected(state);
        KeyDatabases.AssertContents(expected, database);
        KeyDatabases.AssertAppInsertsGetHigherKeys(database, expected);
    }

    [Fact]
    public void Sqlite_tables_are_what_the_tests_claim_AUTOINCREMENT_and_a_plain_rowid_table()
    {
        using var database = KeyDatabases.CreateKeys(Engine.Sqlite);
        var auto = (string)KeyDatabases.Scalar(database, "SELECT sql FROM sqlite_master WHERE name = 'AutoRows'")!;
        var rowid = (string)KeyDatabases.Scalar(database, "SELECT sql FROM sqlite_master WHERE name = 'RowidRows'")!;
        Assert.Contains("AUTOINCREMENT", auto, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AUTOINCREMENT", rowid, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("INTEGER PRIMARY KEY", rowid, StringComparison.OrdinalIgnoreCase);

        // The target held keys up to 99 (AutoRows): SQLite keeps that high-water mark after DELETE; docs/ENGINES.md
        // says a load sets it to the largest loaded key.
        KeyDatabases.SeedTarget(database, TargetState.ReplaceMoreRowsHigherKeys);
        Assert.Equal(99L, KeyDatabases.Scalar(database, "SELECT seq FROM sqlite_sequence WHERE name = 'AutoRows'"));
        using (var db = KeyDatabases.OpenKeys(database))
        {
            KeysContextSnapshot.Load(db, new MemoryStream(KeyDatabases.KeysSnapshot(Engine.Sqlite)));
        }

        Assert.Equal(40L, KeyDatabases.Scalar(database, "SELECT seq FROM sqlite_sequence WHERE name = 'AutoRows'"));
        Assert.Equal(5_000_000_043L, KeyDatabases.Scalar(database, "SELECT seq FROM sqlite_sequence WHERE name = 'BigRows'"));
        Assert.Equal(0L, KeyDatabases.Scalar(database, "SELECT COUNT(*) FROM sqlite_sequence WHERE name = 'RowidRows'"));
    }

    [Fact]
    public void PostgreSql_tables_have_the_key_generation_the_tests_claim()
    {
        using var database = KeyDatabases.CreateKeys(Engine.PostgreSql);
        string Identity(string table) => (string)(KeyDatabases.Scalar(
            database,
            $"SELECT COALESCE(NULLIF(is_identity, 'NO') || ':' || identity_generation, column_default) FROM information_schema.columns WHERE table_name = '{table}' AND column_name = 'Id'") ?? "none");
        Assert.Equal("YES:BY DEFAULT", Identity("AutoRows"));
        Assert.Equal("YES:ALWAYS", Identity("AlwaysRows"));
        Assert.StartsWith("nextval(", Identity("SerialRows"), StringComparison.Ordinal);
        Assert.Equal("YES:BY DEFAULT", Identity("BigRows"));
        Assert.Equal("bigint", KeyDatabases.Scalar(database, "SELECT data_type FROM information_schema.columns WHERE table_name = 'BigRows' AND column_name = 'Id'"));
    }

    [Fact]
    public void MariaDb_key_0_stays_0_and_the_session_sql_mode_is_restored()
    {
        using var database = KeyDatabases.CreateKeys(Engine.MariaDb);
        using var db = KeyDatabases.OpenKeys(database);
        db.Database.OpenConnection();
        try
        {
            var modeBefore = db.Database.SqlQueryRaw<string>("SELECT @@SESSION.sql_mode AS Value").AsEnumerable().Single();
            Assert.DoesNotContain("NO_AUTO_VALUE_ON_ZERO", modeBefore, StringComparison.Ordinal);
            KeysContextSnapshot.Load(db, new MemoryStream(KeyDatabases.KeysSnapshot(Engine.MariaDb)));
            Assert.Equal(modeBefore, db.Database.SqlQueryRaw<string>("SELECT @@SESSION.sql_mode AS Value").AsEnumerable().Single());
            Assert.Equal(1L, Convert.ToInt64(KeyDatabases.Scalar(database, "SELECT COUNT(*) FROM `AutoRows` WHERE `Id` = 0")));
            Assert.Equal("src-0", KeyDatabases.Scalar(database, "SELECT `Name` FROM `AutoRows` WHERE `Id` = 0"));
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    /// <summary>
    /// ResetSequences = false leaves PostgreSQL's sequences exactly where they were; explicit keys never move them, so
    /// the application's next insert takes key 2, which the file holds, and fails with a duplicate key. Loading again
    /// with the default (true) is what fixes it.
    /// </summary>
    [Fact]
    public void Without_ResetSequences_PostgreSql_sequences_stay_put_and_the_next_app_insert_collides()
    {
        using var database = KeyDatabases.CreateKeys(Engine.PostgreSql);
        KeyDatabases.SeedTarget(database, TargetState.ReplaceFewerRowsLowerKeys);
        var before = KeyDatabases.IntTables.ToDictionary(t => t.Label, t => SequenceState(database, t));
        Assert.All(before.Values, s => Assert.Equal("1:True", s));

        using (var db = KeyDatabases.OpenKeys(database))
        {
            KeysContextSnapshot.Load(db, new MemoryStream(KeyDatabases.KeysSnapshot(Engine.PostgreSql)), new LoadOptions { ResetSequences = false });
        }

        KeyDatabases.AssertContents(KeyDatabases.Expected(TargetState.ReplaceFewerRowsLowerKeys), database);
        foreach (var table in KeyDatabases.IntTables)
        {
            Assert.Equal(before[table.Label], SequenceState(database, table));
        }

        using (var db = KeyDatabases.OpenKeys(database))
        {
            db.AutoRows.Add(new AutoRow { Name = "app" });
            var exception = Assert.Throws<DbUpdateException>(() => db.SaveChanges());
            var postgres = Assert.IsType<PostgresException>(exception.InnerException);
            Assert.Equal(PostgresErrorCodes.UniqueViolation, postgres.SqlState);
            Assert.Contains("(\"Id\")=(2)", postgres.Detail, StringComparison.Ordinal);
        }

        using (var db = KeyDatabases.OpenKeys(database))
        {
            KeysContextSnapshot.Load(db, new MemoryStream(KeyDatabases.KeysSnapshot(Engine.PostgreSql)));
        }

        KeyDatabases.AssertAppInsertsGetHigherKeys(database, KeyDatabases.Expected(TargetState.ReplaceFewerRowsLowerKeys));
    }

    /// <summary>
    /// Where the engine itself moves its counter past explicit keys (MariaDB's AUTO_INCREMENT, SQLite's
    /// sqlite_sequence and rowid), ResetSequences = false does no harm after loading into a target with lower keys.
    /// </summary>
    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.MariaDb)]
    public void Without_ResetSequences_engines_that_move_counters_themselves_still_take_app_inserts(Engine engine)
    {
        using var database = KeyDatabases.CreateKeys(engine);
        KeyDatabases.SeedTarget(database, TargetState.ReplaceFewerRowsLowerKeys);
        using (var db = KeyDatabases.OpenKeys(database))
        {
            KeysContextSnapshot.Load(db, new MemoryStream(KeyDatabases.KeysSnapshot(engine)), new LoadOptions { ResetSequences = false });
        }

        var expected = KeyDatabases.Expected(TargetState.ReplaceFewerRowsLowerKeys);
        KeyDatabases.AssertContents(expected, database);
        KeyDatabases.AssertAppInsertsGetHigherKeys(database, expected);
    }

    /// <summary>"last_value:is_called" of the table's identity or serial sequence.</summary>
    private static string SequenceState(TestDatabase database, IntTable table)
    {
        var sequence = (string)KeyDatabases.Scalar(database, $"SELECT pg_get_serial_sequence('\"{table.Label}s\"', 'Id')")!;
        return (string)KeyDatabases.Scalar(database, $"SELECT last_value::text || ':' || CASE WHEN is_called THEN 'True' ELSE 'False' END FROM {sequence}")!;
    }
}
