using DbPickle.Format;
using DbPickle.Tests.Infrastructure;
using DbPickle.Tests.Models.DirectRead;
using Microsoft.Extensions.Logging;

namespace DbPickle.Tests;

/// <summary>
/// A SQLite dump reads through SQLite's C API and encodes values straight from what SQLite stores. Its files must hold
/// exactly the bytes the provider's reader path writes, for canonical values (as EF Core stores them) and for values
/// in other forms, which go through Microsoft.Data.Sqlite itself; and a value neither can read must fail the same way.
/// </summary>
public sealed class SqliteDirectDumpTests : IDisposable
{
    private const string Key = "'0F8FAD5B-D9CB-469F-A165-70867728950E'";

    /// <summary>A row as EF Core would store it; each case overrides some columns with SQL of its own.</summary>
    private static readonly Dictionary<string, string> Canonical = new()
    {
        ["Flag"] = "1", ["MaybeFlag"] = "NULL", ["Tiny"] = "7", ["Small"] = "-3", ["Big"] = "9000000000", ["MaybeBig"] = "NULL",
        ["Ratio"] = "0.25", ["Single"] = "1.5", ["Name"] = "'n'", ["Note"] = "NULL", ["Blob"] = "NULL", ["Amount"] = "'1.5'",
        ["MaybeAmount"] = "NULL", ["At"] = "'2024-01-02 03:04:05'", ["MaybeAt"] = "NULL", ["Day"] = "'2024-01-02'", ["MaybeDay"] = "NULL",
        ["Key"] = Key, ["Rank"] = "1", ["Status"] = "'High'", ["MaybeStatus"] = "NULL", ["Count"] = "NULL",
    };

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Values_in_every_form_encode_exactly_as_through_the_provider_reader()
    {
        var path = CreateDatabase("values.sqlite");
        using (var db = DirectReadContext.Open(path))
        {
            var random = new Random(5);
            for (var i = 1; i <= 3000; i++)
            {
                db.Readings.Add(RandomReading(random, i));
            }

            db.SaveChanges();
        }

        var id = 10_000;
        foreach (var overrides in OddRows())
        {
            Insert(path, ++id, overrides);
        }

        using var logs = new ListLoggerProvider();
        var direct = Dump(path, "direct.dbpickle", providerReaderOnly: false, logs);
        var provider = Dump(path, "provider.dbpickle", providerReaderOnly: true);

        var directChunks = Chunks(direct);
        Assert.Equal(3000 + OddRows().Count(), directChunks.Sum(c => c.Rows));
        Assert.Equal(Chunks(provider), directChunks);
        Assert.Contains(logs.Entries, e => e.Message.StartsWith("Dumped table Readings:", StringComparison.Ordinal) && e.Message.EndsWith("read through SQLite's C API", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Tiny", "300")]
    [InlineData("Count", "2147483648")]
    [InlineData("Day", "'2024-02-30'")]
    [InlineData("Amount", "'1.2.3'")]
    [InlineData("At", "'yesterday'")]
    [InlineData("Key", "'not a guid'")]
    public void A_value_neither_path_can_read_fails_both_with_the_same_error_naming_table_row_and_column(string column, string sql)
    {
        var path = CreateDatabase("bad.sqlite");
        Insert(path, 1, []);
        Insert(path, 2, new() { [column] = sql });

        var direct = Assert.Throws<SnapshotException>(() => Dump(path, "direct.dbpickle", providerReaderOnly: false));
        var provider = Assert.Throws<SnapshotException>(() => Dump(path, "provider.dbpickle", providerReaderOnly: true));

        Assert.Equal(provider.Message, direct.Message);
        Assert.Contains($"Reading column '{column}' of table 'Readings' [Id=2]", direct.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Dictionary<string, string>> OddRows()
    {
        // Dates EF Core would not write: parsed by DateTime.Parse, with an offset (Microsoft.Data.Sqlite 10 reads UTC),
        // more digits than ticks hold, and the extremes.
        yield return new() { ["At"] = "'2024-01-02T03:04:05'" };
        yield return new() { ["At"] = "'2024-01-02 03:04:05+02:00'", ["MaybeAt"] = "'2024-01-02 03:04:05Z'" };
        yield return new() { ["At"] = "'2024-01-02 03:04:05.123456789'" };
        yield return new() { ["At"] = "'0001-01-01 00:00:00'", ["MaybeAt"] = "'9999-12-31 23:59:59.9999999'" };
        yield return new() { ["At"] = "'2024-02-29 12:00:00.5'", ["Day"] = "'2024-1-2'", ["MaybeDay"] = "' 2024-01-02'" };

        // Decimals in every form decimal.Parse takes.
        yield return new() { ["Amount"] = "'1E3'", ["MaybeAmount"] = "' 5.5 '" };
        yield return new() { ["Amount"] = "'1,234.5'", ["MaybeAmount"] = "'-0.000'" };
        yield return new() { ["Amount"] = "'79228162514264337593543950335'", ["MaybeAmount"] = "'0.0000000000000000000000000001'" };

        // Text that is not plain UTF-8, or not text at all.
        yield return new() { ["Name"] = "CAST(X'C328' AS TEXT)", ["Note"] = "'a' || char(0) || 'b'" };
        yield return new() { ["Name"] = "X'6869'", ["Note"] = "''" };
        yield return new() { ["Name"] = "'emoji 😀, עברית, ñ'", ["Note"] = "'" + new string('x', 5000) + "'" };

        // Numbers SQLite kept in another storage class: Microsoft.Data.Sqlite converts them with SQLite's rules.
        yield return new() { ["Big"] = "'abc'", ["MaybeBig"] = "1.5", ["Ratio"] = "'x'", ["Single"] = "3" };
        yield return new() { ["Flag"] = "2", ["MaybeFlag"] = "0", ["Tiny"] = "255", ["Small"] = "-32768", ["Count"] = "-2147483648" };

        // Binary, GUIDs and enums in their other forms.
        yield return new() { ["Blob"] = "X''", ["Key"] = "X'00112233445566778899AABBCCDDEEFF'" };
        yield return new() { ["Blob"] = "'text'", ["Key"] = "'0f8fad5b-d9cb-469f-a165-70867728950e'" };
        yield return new() { ["Key"] = "'0F8FAD5BD9CB469FA16570867728950E'", ["Rank"] = "2", ["MaybeStatus"] = "0" };
        yield return new() { ["Key"] = "X'30463846414435422D443943422D343639462D413136352D373038363737323839353045'", ["Status"] = "'Low'" };
    }

    private static Reading RandomReading(Random random, int id)
    {
        string? Text(int max) => random.Next(5) == 0 ? null : new string(Enumerable.Range(0, random.Next(max)).Select(_ => "aé😀字 z"[random.Next(6)]).ToArray());
        return new Reading
        {
            Id = id,
            Flag = random.Next(2) == 0,
            MaybeFlag = random.Next(3) switch { 0 => null, 1 => true, _ => false },
            Tiny = (byte)random.Next(256),
            Small = (short)random.Next(short.MinValue, short.MaxValue),
            Big = random.NextInt64(long.MinValue, long.MaxValue),
            MaybeBig = random.Next(2) == 0 ? null : random.NextInt64(),
            Ratio = random.NextDouble() * 1e6,
            Single = (float)random.NextDouble(),
            Name = Text(40) ?? string.Empty,
            Note = Text(300),
            Blob = random.Next(3) == 0 ? null : [.. Enumerable.Range(0, random.Next(20)).Select(_ => (byte)random.Next(256))],
            Amount = new decimal(random.Next(), random.Next(), 0, random.Next(2) == 0, (byte)random.Next(10)),
            MaybeAmount = random.Next(2) == 0 ? null : random.Next(-1000, 1000) / 100m,
            At = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks)),
            MaybeAt = random.Next(2) == 0 ? null : new DateTime(2024, 1, 1).AddSeconds(random.Next(100_000_000)),
            Day = DateOnly.FromDayNumber(random.Next(DateOnly.MaxValue.DayNumber)),
            MaybeDay = random.Next(2) == 0 ? null : new DateOnly(2000, 1, 1).AddDays(random.Next(10_000)),
            Key = Guid.NewGuid(),
            Rank = (Level)random.Next(3),
            Status = (Level)random.Next(3),
            MaybeStatus = random.Next(2) == 0 ? null : (Level)random.Next(3),
            Count = random.Next(2) == 0 ? null : random.Next(int.MinValue, int.MaxValue),
        };
    }

    private string CreateDatabase(string name)
    {
        var path = _directory.File(name);
        using var db = DirectReadContext.Open(path);
        Assert.True(db.Database.EnsureCreated());
        return path;
    }

    private static void Insert(string path, int id, Dictionary<string, string> overrides)
    {
        var values = Canonical.ToDictionary(p => p.Key, p => overrides.GetValueOrDefault(p.Key, p.Value));
        Sqlite.Execute(path, $"INSERT INTO Readings (Id, {string.Join(", ", values.Keys)}) VALUES ({id}, {string.Join(", ", values.Values)})");
    }

    private string Dump(string path, string file, bool providerReaderOnly, ILoggerProvider? logs = null)
    {
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs ?? new ListLoggerProvider()));
        using var db = DirectReadContext.Open(path, loggerFactory);
        var snapshot = _directory.File(file);
        DirectReadContextSnapshot.Dump(db, snapshot, new DumpOptions { ChunkSize = 4096, ProviderReaderOnly = providerReaderOnly });
        return snapshot;
    }

    /// <summary>Each chunk's table, row count and payload bytes (the header differs: it records when the file was made).</summary>
    private static List<(int Table, int Rows, string Payload)> Chunks(string file)
    {
        using var stream = File.OpenRead(file);
        using var reader = SnapshotFileReader.OpenAsync(stream, async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var chunks = new List<(int, int, string)>();
        while (reader.ReadChunkAsync(async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            chunks.Add((reader.TableIndex, reader.RowCount, Convert.ToHexString(reader.Payload, 0, reader.PayloadLength)));
        }

        return chunks;
    }
}
