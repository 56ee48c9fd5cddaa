using DbPickle.Engines.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.TypeFidelity;

/// <summary>
/// Values some engine cannot hold, and what moving them does: an error that names the table and row and changes
/// nothing, a documented engine limit, or (marked <c>bug:</c>) what should happen and does not yet.
/// </summary>
public sealed class TypeFidelityEdgeTests
{
    private const int SentinelId = 1000;

    /// <summary>The model variants: <see cref="FidelityContext"/>, <see cref="ProviderDefaultsContext"/>, <see cref="OffsetsAsGivenContext"/>.</summary>
    public enum Mapping
    {
        Portable,
        ProviderDefaults,
        OffsetsAsGiven,
    }

    /// <summary>The offending value per case: source engine and model, target engine and model, the change to a harmless row.</summary>
    private static readonly Dictionary<string, (Engine Source, Engine Target, Mapping SourceMapping, Mapping TargetMapping, Action<Sample> Change)> Refused = new()
    {
        // MariaDB has no NaN or infinities; MySql.Data writes them as bare words: "Unknown column 'NaN' in 'VALUES'".
        ["NaN into MariaDB"] = (Engine.PostgreSql, Engine.MariaDb, Mapping.Portable, Mapping.Portable, s => s.DoubleValue = double.NaN),
        ["+Infinity into MariaDB"] = (Engine.Sqlite, Engine.MariaDb, Mapping.Portable, Mapping.Portable, s => s.DoubleValue = double.PositiveInfinity),
        ["-Infinity float into MariaDB"] = (Engine.PostgreSql, Engine.MariaDb, Mapping.Portable, Mapping.Portable, s => s.NullableSingle = float.NegativeInfinity),

        // float.MaxValue is MariaDB's FLOAT maximum, but MySql.Data sends "3.4028235E+38", which is above it: "Out of range value for column 'SingleValue'".
        ["float.MaxValue into MariaDB"] = (Engine.Sqlite, Engine.MariaDb, Mapping.Portable, Mapping.Portable, s => s.SingleValue = float.MaxValue),

        // MariaDB's TIME holds -838:59:59.999999 to 838:59:59.999999: "Incorrect time value: '34 23:00:00.000000' for column ...`Duration`".
        ["TimeSpan 839 h into MariaDB"] = (Engine.Sqlite, Engine.MariaDb, Mapping.Portable, Mapping.Portable, s => s.Duration = TimeSpan.FromHours(839)),
        ["TimeSpan.MaxValue into MariaDB"] = (Engine.PostgreSql, Engine.MariaDb, Mapping.Portable, Mapping.Portable, s => s.NullableDuration = TimeSpan.MaxValue),

        // PostgreSQL text cannot hold U+0000: "22021: invalid byte sequence for encoding "UTF8": 0x00".
        ["NUL in a string into PostgreSQL"] = (Engine.Sqlite, Engine.PostgreSql, Mapping.Portable, Mapping.Portable, s => s.Text = "a\0b"),
        ["NUL char into PostgreSQL"] = (Engine.MariaDb, Engine.PostgreSql, Mapping.Portable, Mapping.Portable, s => s.NullableChar = '\0'),

        // Npgsql writes only Kind=Utc to timestamp with time zone (its default for DateTime), and SQLite with provider
        // defaults reads every DateTime back as Unspecified; it writes only offset 0 there (its default for DateTimeOffset).
        // Both are found before the first write (TimestampKindTests covers them in detail).
        ["Kind=Unspecified into timestamptz"] = (Engine.Sqlite, Engine.PostgreSql, Mapping.ProviderDefaults, Mapping.ProviderDefaults, s => s.UtcStamp = DateTime.UnixEpoch),
        ["offset +05:30 into timestamptz"] = (Engine.Sqlite, Engine.PostgreSql, Mapping.Portable, Mapping.OffsetsAsGiven, s => s.OffsetStamp = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(5.5))),

        // Errors raised by the client library rather than the server.
        ["NaN into SQLite"] = (Engine.PostgreSql, Engine.Sqlite, Mapping.Portable, Mapping.Portable, s => s.NullableDouble = double.NaN),
        ["TimeSpan.MinValue into MariaDB"] = (Engine.Sqlite, Engine.MariaDb, Mapping.Portable, Mapping.Portable, s => s.Duration = TimeSpan.MinValue),
    };

    [Theory]
    [InlineData("NaN into MariaDB")]
    [InlineData("+Infinity into MariaDB")]
    [InlineData("-Infinity float into MariaDB")]
    [InlineData("float.MaxValue into MariaDB")]
    [InlineData("TimeSpan 839 h into MariaDB")]
    [InlineData("TimeSpan.MaxValue into MariaDB")]
    [InlineData("Kind=Unspecified into timestamptz")]
    [InlineData("NUL in a string into PostgreSQL")]
    [InlineData("NUL char into PostgreSQL")]
    [InlineData("offset +05:30 into timestamptz")]
    [InlineData("NaN into SQLite")]
    [InlineData("TimeSpan.MinValue into MariaDB")]
    public async Task A_value_the_target_refuses_fails_the_load_naming_table_and_row_and_changes_nothing(string name)
    {
        var (source, target, sourceMapping, targetMapping, change) = Refused[name];
        var outcome = await MoveAsync(source, target, [Offending(change)], sourceMapping, targetMapping);

        var error = Assert.IsAssignableFrom<SnapshotException>(outcome.Error);
        if (error is SnapshotValidationException validation)
        {
            // Caught before the first write (e.g. NUL, which PostgreSQL text cannot hold), every offending value of the
            // row at once (with provider defaults, all three DateTime columns of a SQLite row lack the kind Npgsql needs).
            Assert.NotEmpty(validation.Violations);
            Assert.All(validation.Violations, v => Assert.Equal(("Samples", "Id=1"), (v.Table, v.Key)));
        }
        else
        {
            Assert.Contains("'Samples'", error.Message, StringComparison.Ordinal);
            Assert.Contains("Id=1", error.Message, StringComparison.Ordinal);
        }

        AssertOnlySentinel(target, outcome);
    }

    /// <summary>
    /// The cases above whose error is not yet right (today: SnapshotException without the row, ObjectDisposedException,
    /// InvalidOperationException, OverflowException) still fail the load and leave the target exactly as it was.
    /// </summary>
    [Theory]
    [InlineData("NUL in a string into PostgreSQL")]
    [InlineData("NUL char into PostgreSQL")]
    [InlineData("offset +05:30 into timestamptz")]
    [InlineData("NaN into SQLite")]
    [InlineData("TimeSpan.MinValue into MariaDB")]
    public async Task Where_the_error_is_not_yet_right_the_load_still_fails_and_changes_nothing(string name)
    {
        var (source, target, sourceMapping, targetMapping, change) = Refused[name];
        var outcome = await MoveAsync(source, target, [Offending(change)], sourceMapping, targetMapping);

        Assert.NotNull(outcome.Error);
        AssertOnlySentinel(target, outcome);
    }

    [Fact]
    public async Task A_refused_value_among_good_rows_is_named_by_its_row_and_property()
    {
        var rows = new List<Sample> { FidelityRows.Typical(1), Offending(s => s.Duration = TimeSpan.FromHours(839)), FidelityRows.Typical(3) };
        rows[1].Id = 2;
        var outcome = await MoveAsync(Engine.Sqlite, Engine.MariaDb, rows, Mapping.Portable, Mapping.Portable);

        var error = Assert.IsAssignableFrom<SnapshotException>(outcome.Error);
        Assert.Contains("Id=2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Id=1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Duration", error.Message, StringComparison.Ordinal);
        AssertOnlySentinel(Engine.MariaDb, outcome);
    }

    /// <summary>
    /// SQLite stores decimals as TEXT and keeps any scale; PostgreSQL and MariaDB would silently round to the column's
    /// scale. The load's pre-flight check refuses such values on every target (SQLite included, since the model says
    /// decimal(18,4)), listing table, row and property, before anything is written.
    /// </summary>
    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.PostgreSql)]
    [InlineData(Engine.MariaDb)]
    public async Task A_decimal_beyond_its_precision_or_scale_is_refused_before_anything_is_written(Engine target)
    {
        var tooPrecise = Offending(s => s.Money = 1.23456m);
        var tooLarge = Offending(s => s.Precise = 1_000_000_000_000_000_000m);
        tooLarge.Id = 2;
        var outcome = await MoveAsync(Engine.Sqlite, target, [tooPrecise, tooLarge], Mapping.Portable, Mapping.Portable);

        var error = Assert.IsType<SnapshotValidationException>(outcome.Error);
        Assert.Equal(2, error.TotalViolations);
        Assert.Contains(error.Violations, v => v.Table == "Samples" && v.Key == "Id=1" && v.Column == "Money");
        Assert.Contains(error.Violations, v => v.Table == "Samples" && v.Key == "Id=2" && v.Column == "Precise");
        AssertOnlySentinel(target, outcome);
    }

    /// <summary>NaN and the infinities move exactly wherever the target holds them (PostgreSQL: all; SQLite: the infinities).</summary>
    [Theory]
    [InlineData(Engine.PostgreSql, Engine.PostgreSql)]
    [InlineData(Engine.PostgreSql, Engine.Sqlite)]
    [InlineData(Engine.Sqlite, Engine.PostgreSql)]
    [InlineData(Engine.Sqlite, Engine.Sqlite)]
    public async Task NaN_and_infinities_arrive_exactly_where_the_target_holds_them(Engine source, Engine target)
    {
        var bothHoldNaN = source == Engine.PostgreSql && target == Engine.PostgreSql;
        var row = Offending(s =>
        {
            s.DoubleValue = double.PositiveInfinity;
            s.NullableDouble = bothHoldNaN ? double.NaN : double.NegativeInfinity;
            s.SingleValue = float.NegativeInfinity;
            s.NullableSingle = bothHoldNaN ? float.NaN : float.PositiveInfinity;
        });
        var outcome = await MoveAsync(source, target, [row], Mapping.Portable, Mapping.Portable);

        Assert.Null(outcome.Error);
        var differences = EngineStorage.Differences(EngineStorage.Stored(target, EngineStorage.Held(source, row)), outcome.Target[1], $"{source}->{target}");
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
        Assert.Equal(double.PositiveInfinity, outcome.Target[1].DoubleValue);
        Assert.Equal(float.NegativeInfinity, outcome.Target[1].SingleValue);
    }

    /// <summary>
    /// Loaded into MariaDB, a DateTimeOffset keeps its microseconds (as UTC) and a float all its bits in the table, although
    /// EF Core reads them back without the fraction and with 6 significant digits (MySql.Data's text protocol).
    /// </summary>
    [Fact]
    public async Task Loaded_into_MariaDb_the_table_keeps_what_EF_Core_reads_back_rounded()
    {
        var row = Offending(s =>
        {
            s.OffsetStamp = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(5.5)).AddTicks(1_234_567);
            s.SingleValue = 1f / 3;
        });
        var outcome = await MoveAsync(Engine.Sqlite, Engine.MariaDb, [row], Mapping.Portable, Mapping.Portable, inspect: connectionString =>
        {
            Assert.Equal(
                ["2024-05-06 01:38:09.123456"],
                EngineStorage.Query<string>(Engine.MariaDb, connectionString, "SELECT CAST(`OffsetStamp` AS CHAR) FROM `Samples` WHERE `Id` = 1"));
            Assert.Equal([1f / 3], EngineStorage.Query<float>(Engine.MariaDb, connectionString, "SELECT `SingleValue` FROM `Samples` WHERE `Id` = 1", prepare: true));
        });

        Assert.Null(outcome.Error);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 1, 38, 9, TimeSpan.Zero), outcome.Target[1].OffsetStamp);
        Assert.Equal(0.333333f, outcome.Target[1].SingleValue);
    }

    [Fact]
    public async Task A_MariaDb_dump_keeps_every_bit_of_a_float() => await MariaDbDumpKeepsAsync(
        s => s.SingleValue = 1f / 3,
        (original, arrived) => Assert.Equal(original.SingleValue, arrived.SingleValue));

    [Fact]
    public async Task A_MariaDb_dump_keeps_the_microseconds_of_a_DateTimeOffset() => await MariaDbDumpKeepsAsync(
        s => s.OffsetStamp = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(5.5)).AddTicks(1_234_567),
        (original, arrived) => Assert.Equal(new DateTimeOffset(2024, 5, 6, 1, 38, 9, TimeSpan.Zero).AddTicks(1_234_560), arrived.OffsetStamp));

    [Fact]
    public async Task MariaDb_to_MariaDb_leaves_the_table_as_it_was()
    {
        var row = Offending(s =>
        {
            s.SingleValue = 1f / 3;
            s.OffsetStamp = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(5.5)).AddTicks(1_234_567);
        });
        var outcome = await MoveAsync(Engine.MariaDb, Engine.MariaDb, [row], Mapping.Portable, Mapping.Portable, inspect: connectionString =>
        {
            Assert.Equal([1f / 3], EngineStorage.Query<float>(Engine.MariaDb, connectionString, "SELECT `SingleValue` FROM `Samples` WHERE `Id` = 1", prepare: true));
            Assert.Equal(
                ["2024-05-06 01:38:09.123456"],
                EngineStorage.Query<string>(Engine.MariaDb, connectionString, "SELECT CAST(`OffsetStamp` AS CHAR) FROM `Samples` WHERE `Id` = 1"));
        });

        Assert.Null(outcome.Error);
    }

    /// <summary>
    /// With provider defaults MySql.Data cannot read DateOnly (nor TimeOnly): EF Core's own queries throw, and so does the
    /// dump, naming the table and column, before the file is complete.
    /// </summary>
    [Fact]
    public async Task A_MariaDb_DateOnly_column_without_a_converter_fails_the_dump_naming_the_column()
    {
        using var database = TestDatabase.Create(Engine.MariaDb);
        await using (var db = ProviderDefaultsContext.Open(Engine.MariaDb, database.ConnectionString))
        {
            await db.Database.EnsureCreatedAsync();
            db.Samples.Add(Sentinel());
            await db.SaveChangesAsync();
        }

        await using (var db = ProviderDefaultsContext.Open(Engine.MariaDb, database.ConnectionString))
        {
            await Assert.ThrowsAsync<InvalidCastException>(() => db.Samples.AsNoTracking().ToListAsync());
            var error = await Assert.ThrowsAsync<SnapshotException>(() => FidelityContextSnapshot.DumpAsync(db, new MemoryStream()));
            Assert.Contains("'Date'", error.Message, StringComparison.Ordinal);
            Assert.Contains("'Samples'", error.Message, StringComparison.Ordinal);
        }
    }

    private static async Task MariaDbDumpKeepsAsync(Action<Sample> change, Action<Sample, Sample> assert)
    {
        var row = Offending(change);
        var outcome = await MoveAsync(Engine.MariaDb, Engine.Sqlite, [row], Mapping.Portable, Mapping.Portable);
        Assert.Null(outcome.Error);
        assert(row, outcome.Target[1]);
    }

    /// <summary>A row every engine holds, changed by <paramref name="change"/>; Id 1.</summary>
    private static Sample Offending(Action<Sample> change)
    {
        var row = Sentinel();
        row.Id = 1;
        change(row);
        return row;
    }

    /// <summary>
    /// A row every engine holds exactly (offset zero, whole microseconds); wall-clock columns are Unspecified, or Utc
    /// when <paramref name="allUtc"/> (provider defaults map every DateTime to timestamp with time zone on PostgreSQL).
    /// </summary>
    private static Sample Sentinel(bool allUtc = false)
    {
        var utc = new DateTime(2020, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(7_000);
        var wallClock = allUtc ? utc : DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
        return new Sample
        {
            Id = SentinelId,
            Int32Value = 7,
            Money = 7.25m,
            Text = "sentinel",
            CharValue = 's',
            GuidValue = Guid.Parse("5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716"),
            Bytes = [7],
            UtcStamp = utc,
            LocalStamp = wallClock,
            UnspecifiedStamp = wallClock,
            OffsetStamp = new DateTimeOffset(utc),
            Date = new DateOnly(2020, 2, 3),
            Time = new TimeOnly(4, 5, 6),
            Duration = TimeSpan.FromMinutes(7),
            ShadeAsInt = Shade.Red,
            ShadeAsString = Shade.Red,
        };
    }

    private static FidelityContext Open(Mapping mapping, Engine engine, string connectionString) => mapping switch
    {
        Mapping.ProviderDefaults => ProviderDefaultsContext.Open(engine, connectionString),
        Mapping.OffsetsAsGiven => OffsetsAsGivenContext.Open(engine, connectionString),
        _ => FidelityContext.Open(engine, connectionString),
    };

    private static void AssertOnlySentinel(Engine target, Outcome outcome)
    {
        Assert.Equal([SentinelId], outcome.Target.Keys);
        var differences = EngineStorage.Differences(outcome.SentinelBefore, outcome.Target[SentinelId], $"{target} sentinel");
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    private sealed record Outcome(Exception? Error, Sample SentinelBefore, Dictionary<int, Sample> Target);

    /// <summary>
    /// Inserts <paramref name="rows"/> into a new source with EF Core, dumps it, and loads it (Replace) into a new target
    /// that already holds one sentinel row; returns the load's error and the target's rows read back with EF Core.
    /// </summary>
    private static async Task<Outcome> MoveAsync(
        Engine source, Engine target, IReadOnlyList<Sample> rows, Mapping sourceMapping, Mapping targetMapping, Action<string>? inspect = null)
    {
        using var sourceDatabase = TestDatabase.Create(source);
        using var targetDatabase = TestDatabase.Create(target);
        await using (var db = Open(sourceMapping, source, sourceDatabase.ConnectionString))
        {
            await db.Database.EnsureCreatedAsync();
            db.Samples.AddRange(rows.Select(EngineStorage.Copy));
            await db.SaveChangesAsync();
        }

        var file = new MemoryStream();
        await using (var db = Open(sourceMapping, source, sourceDatabase.ConnectionString))
        {
            await FidelityContextSnapshot.DumpAsync(db, file);
        }

        Sample sentinelBefore;
        await using (var db = Open(targetMapping, target, targetDatabase.ConnectionString))
        {
            await db.Database.EnsureCreatedAsync();
            db.Samples.Add(Sentinel(allUtc: targetMapping == Mapping.ProviderDefaults));
            await db.SaveChangesAsync();
        }

        await using (var db = Open(targetMapping, target, targetDatabase.ConnectionString))
        {
            sentinelBefore = await db.Samples.AsNoTracking().SingleAsync();
        }

        Exception? error = null;
        await using (var db = Open(targetMapping, target, targetDatabase.ConnectionString))
        {
            file.Position = 0;
            try
            {
                await FidelityContextSnapshot.LoadAsync(db, file);
            }
            catch (Exception exception)
            {
                error = exception;
            }
        }

        inspect?.Invoke(targetDatabase.ConnectionString);
        await using (var db = Open(targetMapping, target, targetDatabase.ConnectionString))
        {
            return new Outcome(error, sentinelBefore, await db.Samples.AsNoTracking().ToDictionaryAsync(s => s.Id));
        }
    }
}
