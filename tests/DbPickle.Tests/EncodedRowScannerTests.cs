using System.Buffers;
using System.Reflection;
using DbPickle.Engines;
using DbPickle.Format;
using DbPickle.Infrastructure;
using DbPickle.Loading;
using DbPickle.Model;
using DbPickle.Tests.Infrastructure;
using DbPickle.Tests.Models.Scan;
using MemoryPack;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace DbPickle.Tests;

/// <summary>
/// The validation pass clears most rows from their bytes (<see cref="EncodedRowScanner"/>) and sends the rest through
/// the full path (decode, <see cref="RowValidator.Check"/>). The scanner must never clear a row the full path would
/// report, change or fail on: checked here on thousands of random rows, valid and invalid, and on corrupted bytes,
/// against the full path itself, with PostgreSQL's rules (text without NUL, timestamp kinds) in force.
/// </summary>
public sealed class EncodedRowScannerTests : IDisposable
{
    private static readonly DateTime Noon = new(2024, 3, 4, 12, 30, 15);

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(DateTimeKind.Unspecified)]
    [InlineData(DateTimeKind.Utc)]
    public async Task Cleared_rows_are_exactly_those_the_full_path_finds_nothing_in(DateTimeKind assumed)
    {
        await using var bench = await Bench.CreateAsync(_directory, assumed);
        var random = new Random(20261125);
        var cleared = 0;
        var reported = 0;
        for (var i = 0; i < 4000; i++)
        {
            var bytes = bench.Encode(RandomRow(random, i));
            var full = bench.FullPath(bytes);
            var scan = bench.Scan(bytes);

            // Valid rows: the scanner clears exactly the rows the full path leaves alone, with the same keys.
            Assert.True(full.Threw is null, full.Threw?.ToString());
            Assert.Equal(full.Clean, scan.Cleared);
            if (scan.Cleared)
            {
                Assert.Equal(bytes.Length, scan.Length);
                Assert.Equal(full.Keys, scan.Keys);
                cleared++;
            }
            else
            {
                reported++;
            }
        }

        // Both kinds occur often enough for the comparison to mean something.
        Assert.InRange(cleared, 1000, 3500);
        Assert.InRange(reported, 500, 3000);
    }

    [Fact]
    public async Task Corrupted_rows_are_never_cleared_when_the_full_path_would_refuse_them()
    {
        await using var bench = await Bench.CreateAsync(_directory, DateTimeKind.Unspecified);
        var random = new Random(7);
        var clearedCorrupt = 0;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = bench.Encode(ValidRow(random, i));
            var flips = 1 + random.Next(3);
            for (var f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var scan = bench.Scan(bytes);
            if (!scan.Cleared)
            {
                continue;
            }

            // Cleared: the full path must decode exactly these bytes, find nothing and read the same keys.
            var full = bench.FullPath(bytes[..scan.Length]);
            Assert.True(full.Threw is null, full.Threw?.ToString());
            Assert.True(full.Clean, $"row {i}: the scanner cleared a row the full path reports or changes");
            Assert.Equal(full.Keys, scan.Keys);
            clearedCorrupt++;
        }

        // Most flips land in values that stay valid (digits of a number): those rows are rightly cleared.
        Assert.InRange(clearedCorrupt, 100, 3000);
    }

    [Fact]
    public async Task Tables_whose_rows_need_an_entity_in_pass_one_get_no_scanner()
    {
        await using var bench = await Bench.CreateAsync(_directory, DateTimeKind.Unspecified);
        Assert.NotNull(EncodedRowScanner.For(bench.Plan, bench.Dialect));

        // A table skipped from the load, or one whose file columns differ from the model's, is decoded as before.
        Assert.Null(EncodedRowScanner.For(new TableLoadPlan(0, bench.Plan.File, null, []), bench.Dialect));
        var reordered = bench.Plan.Actions.Reverse().ToArray();
        Assert.Null(EncodedRowScanner.For(new TableLoadPlan(0, bench.Plan.File, bench.Plan.Target, reordered) { Keys = bench.Plan.Keys, References = bench.Plan.References }, bench.Dialect));
    }

    private static ScanRow ValidRow(Random random, int id) => new()
    {
        Id = id,
        ParentId = new Guid(random.Next(), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
        Big = random.Next(2) == 0 ? null : random.NextInt64(long.MinValue, long.MaxValue),
        Small = (short)random.Next(short.MinValue, short.MaxValue),
        Tiny = (byte)random.Next(256),
        Signed = (sbyte)random.Next(-128, 128),
        Unsigned = (uint)random.NextInt64(uint.MaxValue),
        Flag = random.Next(2) == 0,
        Name = Text(random, 5, allowNul: false),
        Note = random.Next(3) == 0 ? null : Text(random, 40, allowNul: false),
        Blob = random.Next(3) == 0 ? null : Bytes(random, 4),
        Amount = Math.Round((decimal)(random.NextDouble() * 9999), 2),
        Loose = random.Next(2) == 0 ? null : (decimal)random.NextDouble() * 1e10m,
        Letter = (char)('a' + random.Next(26)),
        Instant = DateTime.SpecifyKind(Noon.AddSeconds(random.Next()), DateTimeKind.Utc),
        MaybeInstant = random.Next(2) == 0 ? null : DateTime.SpecifyKind(Noon, DateTimeKind.Utc),
        Clock = Noon.AddMinutes(random.Next(100_000)),
        Offset = new DateTimeOffset(Noon.AddHours(random.Next(1000)), TimeSpan.Zero),
        Day = DateOnly.FromDayNumber(random.Next(DateOnly.MaxValue.DayNumber)),
        Time = new TimeOnly(random.NextInt64(TimeOnly.MaxValue.Ticks)),
        Span = TimeSpan.FromTicks(random.NextInt64()),
        Ratio = random.NextDouble(),
        Single = (float)random.NextDouble(),
        RequiredCount = random.Next(),
    };

    /// <summary>A valid row with, now and then, one or more values the target refuses or the load changes.</summary>
    private static ScanRow RandomRow(Random random, int id)
    {
        var row = ValidRow(random, id);
        var faults = random.Next(4) == 0 ? 0 : 1 + random.Next(2);
        for (var f = 0; f < faults; f++)
        {
            switch (random.Next(14))
            {
                case 0: row.Name = Text(random, 9, allowNul: false); break;
                case 1: row.Name = "a\0b"; break;
                case 2: row.Note = "nul \0 inside"; break;
                case 3: row.Blob = Bytes(random, 8); break;
                case 4: row.Amount = 12.345m; break;
                case 5: row.Amount = 123456.5m; break;
                case 6: row.Letter = '\0'; break;
                case 7: row.Instant = DateTime.SpecifyKind(row.Instant, random.Next(2) == 0 ? DateTimeKind.Unspecified : DateTimeKind.Local); break;
                case 8: row.Instant = random.Next(2) == 0 ? DateTime.MinValue : DateTime.MaxValue; break;
                case 9: row.MaybeInstant = new DateTime(2020, 1, 1); break;
                case 10: row.Clock = DateTime.SpecifyKind(row.Clock, DateTimeKind.Utc); break;
                case 11: row.Offset = new DateTimeOffset(Noon, TimeSpan.FromHours(random.Next(1, 14))); break;
                case 12: row.RequiredCount = null; break;
                default: row.Name = random.Next(2) == 0 ? string.Empty : "😀é"; break;
            }
        }

        return row;
    }

    private static string Text(Random random, int maxLength, bool allowNul)
    {
        const string alphabet = "abcXYZ é中😀\u05D0";
        var length = random.Next(maxLength + 1);
        var text = new System.Text.StringBuilder();
        while (text.Length < length)
        {
            var c = alphabet[random.Next(alphabet.Length)];
            if (char.IsHighSurrogate(c) || char.IsLowSurrogate(c))
            {
                text.Append("😀");
            }
            else if (c != '\0' || allowNul)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static byte[] Bytes(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(maxLength + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>What one path made of a row.</summary>
    private sealed record Outcome(bool Clean, string Keys, Exception? Threw);

    private sealed record Scanned(bool Cleared, int Length, string Keys);

    /// <summary>A loaded model, its plan for the ScanRow table of a dumped file, the PostgreSQL dialect's rules and both paths.</summary>
    private sealed class Bench : IAsyncDisposable
    {
        private readonly ScanContext _db;
        private readonly KeyRunFile _keyRuns;
        private readonly EncodedRowScanner _scanner;
        private readonly DateTimeKind _assumed;
        private readonly MemoryPackReaderOptionalState _readerState = MemoryPackReaderOptionalStatePool.Rent(null);
        private readonly MemoryPackWriterOptionalState _writerState = MemoryPackWriterOptionalStatePool.Rent(MemoryPackSerializerOptions.Utf8);

        private Bench(ScanContext db, KeyRunFile keyRuns, EngineDialect dialect, TableLoadPlan plan, DateTimeKind assumed)
        {
            _db = db;
            _keyRuns = keyRuns;
            Dialect = dialect;
            Plan = plan;
            _assumed = assumed;
            _scanner = EncodedRowScanner.For(plan, dialect) ?? throw new InvalidOperationException("ScanRow should be scanned");
        }

        public EngineDialect Dialect { get; }

        public TableLoadPlan Plan { get; }

        private TableMapping Table => Plan.Target!;

        public static async Task<Bench> CreateAsync(TempDirectory directory, DateTimeKind assumed)
        {
            var path = directory.File($"scan-{Guid.NewGuid():N}.db");
            var db = ScanContext.Open(path);
            db.Database.EnsureCreated();
            var file = directory.File($"scan-{Guid.NewGuid():N}.dbpickle");
            ScanContextSnapshot.Dump(db, file);

            // The generated definition is private to the snapshot class; the test reaches it as the runtime is given it.
            var definition = (SnapshotDefinition)typeof(ScanContextSnapshot).GetField("s_definition", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
            var model = SnapshotModel.Bind(db, definition, NullLogger.Instance);
            var dialect = new PostgreSqlDialect(db.GetService<ISqlGenerationHelper>(), NullLogger.Instance, copy: null);
            foreach (var table in model.Tables)
            {
                table.BindTimestamps(dialect.TimeKindOf, assumed);
            }

            await using var stream = File.OpenRead(file);
            using var reader = await SnapshotFileReader.OpenAsync(stream, async: true, TestContext.Token);
            var plans = LoadPlanner.Plan(reader.Header, model, new LoadOptions { UnspecifiedDateTimeKind = assumed }, NullLogger.Instance);
            var keyRuns = new KeyRunFile(directory.Path);
            _ = new ReferenceChecker(plans, LoadMode.Replace, keyRuns);
            return new Bench(db, keyRuns, dialect, plans.Single(p => p.Target?.EntityName == typeof(ScanRow).FullName), assumed);
        }

        /// <summary>The row's values in file order, as a dump encodes them.</summary>
        public byte[] Encode(ScanRow row)
        {
            var buffer = new ArrayBufferWriter<byte>();
            var writer = new MemoryPackWriter<ArrayBufferWriter<byte>>(ref buffer, _writerState);
            foreach (var column in Table.Columns)
            {
                Table.Codec.WriteValue(ref writer, row, column.PropertyIndex);
            }

            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }

        public Outcome FullPath(byte[] bytes)
        {
            var validator = new RowValidator(10, Dialect, _assumed);
            var entity = Table.Codec.CreateEntity();
            try
            {
                var end = SnapshotLoader.DecodeRow(bytes, 0, bytes.Length, Plan, Table, entity, validator, _readerState);
                var changed = validator.Check(Table, entity);
                var key = CompactKey.TryRead(Table, entity, Table.KeyColumns, 0, out var k) ? k.ToString() : "none";
                var references = string.Join(",", Plan.References!.Compact.Select(f => CompactKey.TryRead(Table, entity, f.DependentColumns, 0, out var r) ? r.ToString() : "none"));
                return new Outcome(end == bytes.Length && validator.Total == 0 && !changed, key + "|" + references, null);
            }
            catch (Exception exception) when (exception is MemoryPackSerializationException or InvalidDataException or ArgumentException or IndexOutOfRangeException)
            {
                return new Outcome(false, string.Empty, exception);
            }
        }

        public Scanned Scan(byte[] bytes)
        {
            var count = Plan.References!.Compact.Length;
            var references = new KeyEntry[count];
            var present = new bool[count];
            if (!_scanner.TryClear(bytes, out var length, out var key, out var keyPresent, references, present))
            {
                return new Scanned(false, 0, string.Empty);
            }

            var keys = (keyPresent ? key.ToString() : "none") + "|" + string.Join(",", references.Select((r, i) => present[i] ? r.ToString() : "none"));
            return new Scanned(true, length, keys);
        }

        public async ValueTask DisposeAsync()
        {
            ((IDisposable)_readerState).Dispose();
            ((IDisposable)_writerState).Dispose();
            _keyRuns.Dispose();
            await _db.DisposeAsync();
        }
    }
}
