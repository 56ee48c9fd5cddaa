using DbPickle.Engines.Tests.Infrastructure;
using DbPickle.Format;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.CopyOut;

/// <summary>
/// A PostgreSQL dump reads each table through <c>COPY … TO STDOUT (FORMAT BINARY)</c> and encodes values straight from
/// PostgreSQL's binary forms. Its files must hold exactly the bytes the Npgsql reader path writes, for ordinary values
/// and for the ones that path leaves to Npgsql (infinities, numerics a decimal holds only after Npgsql's arithmetic),
/// and a value neither can read must fail the same way.
/// </summary>
public sealed class CopyOutDumpTests
{
    /// <summary>A row as EF Core would store it; each case overrides some columns with SQL of its own.</summary>
    private static readonly Dictionary<string, string> Canonical = new()
    {
        ["Flag"] = "true", ["MaybeFlag"] = "NULL", ["Small"] = "1", ["Count"] = "2", ["MaybeCount"] = "NULL", ["Big"] = "3",
        ["Single"] = "1.5", ["Ratio"] = "0.25", ["MaybeRatio"] = "NULL", ["Name"] = "'n'", ["Note"] = "NULL", ["Code"] = "'ab'",
        ["Blob"] = "NULL", ["Amount"] = "1.50", ["Loose"] = "NULL", ["Key"] = "'0f8fad5b-d9cb-469f-a165-70867728950e'",
        ["Day"] = "'2024-01-02'", ["MaybeDay"] = "NULL", ["At"] = "'2024-01-02 03:04:05+00'", ["Clock"] = "'2024-01-02 03:04:05'",
        ["MaybeAt"] = "NULL", ["Rank"] = "1", ["Status"] = "'Running'", ["MaybeStatus"] = "NULL",
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Values_in_every_form_encode_exactly_as_through_the_Npgsql_reader(bool async)
    {
        using var database = TestDatabase.Create(Engine.PostgreSql);
        await using (var db = new CopyOutContext(database.Options<CopyOutContext>()))
        {
            await db.Database.EnsureCreatedAsync();
            var random = new Random(11);
            db.Measurements.AddRange(Enumerable.Range(1, 3000).Select(i => RandomMeasurements.Next(random, i)));
            await db.SaveChangesAsync();
        }

        var id = 10_000;
        foreach (var overrides in OddRows())
        {
            Insert(database, ++id, overrides);
        }

        var log = new LogCapture();
        var copied = await DumpAsync(database, providerReaderOnly: false, async, log);
        var read = await DumpAsync(database, providerReaderOnly: true, async);

        var chunks = Chunks(copied);
        Assert.Equal(3000 + OddRows().Count(), chunks.Sum(c => c.Rows));
        Assert.True(chunks.SequenceEqual(Chunks(read)), FirstDifference(read, copied));
        Assert.Contains(log.Messages, m => m.Contains("Dumped table Measurements:", StringComparison.Ordinal) && m.EndsWith("read through binary COPY", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Loose", "'NaN'")]
    [InlineData("Loose", "12345678901234567890123456789012")]
    [InlineData("Loose", "0.12345678901234567890123456789")]
    public async Task A_value_neither_path_can_read_fails_both_with_the_same_error_naming_table_row_and_column(string column, string sql)
    {
        using var database = TestDatabase.Create(Engine.PostgreSql);
        await using (var db = new CopyOutContext(database.Options<CopyOutContext>()))
        {
            await db.Database.EnsureCreatedAsync();
        }

        Insert(database, 1, []);
        Insert(database, 2, new() { [column] = sql });

        var copied = await Assert.ThrowsAsync<SnapshotException>(() => DumpAsync(database, providerReaderOnly: false, async: false));
        var read = await Assert.ThrowsAsync<SnapshotException>(() => DumpAsync(database, providerReaderOnly: true, async: false));

        var named = $"Reading column '{column}' of table 'Measurements' [Id=2] failed: ";
        Assert.StartsWith(named, read.Message, StringComparison.Ordinal);
        Assert.StartsWith(named, copied.Message, StringComparison.Ordinal);
        Assert.Equal(read.InnerException?.GetType(), copied.InnerException?.GetType());
        Assert.Equal(read.InnerException?.Message, copied.InnerException?.Message);
    }

    [Fact]
    public async Task A_dump_canceled_in_the_middle_of_a_COPY_stops_and_leaves_the_connection_usable_for_the_next_dump()
    {
        using var database = TestDatabase.Create(Engine.PostgreSql);
        await using (var db = new CopyOutContext(database.Options<CopyOutContext>()))
        {
            await db.Database.EnsureCreatedAsync();
            var random = new Random(3);
            db.Measurements.AddRange(Enumerable.Range(1, 20_000).Select(i => RandomMeasurements.Next(random, i)));
            await db.SaveChangesAsync();
        }

        await using var context = new CopyOutContext(database.Options<CopyOutContext>());
        using var cancellation = new CancellationTokenSource();
        long rowsWhenCanceled = 0;
        var progress = new SyncProgress(p =>
        {
            if (p.RowsDone > 0 && !cancellation.IsCancellationRequested)
            {
                rowsWhenCanceled = p.RowsDone;
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => CopyOutContextSnapshot.DumpAsync(context, new MemoryStream(), new DumpOptions { ChunkSize = 4096, Progress = progress }, cancellation.Token));
        Assert.InRange(rowsWhenCanceled, 1, 19_999);

        // Disposing the COPY stream mid-way raised nothing else, and the same context dumps every row afterwards.
        using var file = new MemoryStream();
        var summary = await CopyOutContextSnapshot.DumpAsync(context, file);
        Assert.Equal(20_000, summary.TotalRows);
    }

    private sealed class SyncProgress(Action<SnapshotProgress> report) : IProgress<SnapshotProgress>
    {
        public void Report(SnapshotProgress value) => report(value);
    }

    private static IEnumerable<Dictionary<string, string>> OddRows()
    {
        // Infinities, which Npgsql turns into DateTime's and DateOnly's extremes, and the extremes themselves.
        yield return new() { ["At"] = "'infinity'", ["Clock"] = "'-infinity'", ["Day"] = "'infinity'", ["MaybeDay"] = "'-infinity'", ["MaybeAt"] = "'-infinity'" };
        yield return new() { ["At"] = "'0001-01-01 00:00:00+00'", ["Clock"] = "'9999-12-31 23:59:59.999999'", ["Day"] = "'0001-01-01'", ["MaybeDay"] = "'9999-12-31'" };

        // Numerics at every scale, long and short, and ones only Npgsql's arithmetic turns into a decimal.
        yield return new() { ["Loose"] = "123456789012345678.123456789", ["Amount"] = "-0.01" };
        yield return new() { ["Loose"] = "79228162514264337593543950335", ["Amount"] = "9999999999.99" };
        yield return new() { ["Loose"] = "0.0000000000000000000000000001", ["Amount"] = "0" };
        yield return new() { ["Loose"] = "1.0000" };
        yield return new() { ["Loose"] = "0.00" };
        yield return new() { ["Loose"] = "-5.5" };
        yield return new() { ["Loose"] = "100000000000000000000" };
        yield return new() { ["Loose"] = "1500.000000" };
        yield return new() { ["Loose"] = "-79228162514264337593543950335" };

        // Text: padded character(n), empty, long (stored out of line), non-ASCII.
        yield return new() { ["Code"] = "'abcdef'", ["Name"] = "''", ["Note"] = "'" + new string('x', 5000) + "'" };
        yield return new() { ["Code"] = "'a'", ["Name"] = "'emoji 😀, עברית, ñ'", ["Note"] = "''" };

        // Binary, floating point specials, extremes of the integers, enums.
        yield return new() { ["Blob"] = "'\\x'", ["Single"] = "'NaN'", ["Ratio"] = "'-0'", ["MaybeRatio"] = "'Infinity'" };
        yield return new() { ["Blob"] = "'\\x00ff'", ["Big"] = "-9223372036854775808", ["Small"] = "-32768", ["Count"] = "2147483647" };
        yield return new() { ["Status"] = "'Done'", ["MaybeStatus"] = "2", ["Rank"] = "0", ["MaybeFlag"] = "false", ["MaybeCount"] = "-1" };
    }

    private static void Insert(TestDatabase database, long id, Dictionary<string, string> overrides)
    {
        var values = Canonical.ToDictionary(p => p.Key, p => overrides.GetValueOrDefault(p.Key, p.Value));
        TestDatabase.ExecutePostgres(
            database.ConnectionString,
            $"INSERT INTO \"Measurements\" (\"Id\", {string.Join(", ", values.Keys.Select(k => $"\"{k}\""))}) VALUES ({id}, {string.Join(", ", values.Values)})");
    }

    private static async Task<byte[]> DumpAsync(TestDatabase database, bool providerReaderOnly, bool async, LogCapture? log = null)
    {
        var builder = new DbContextOptionsBuilder<CopyOutContext>(database.Options<CopyOutContext>());
        if (log is not null)
        {
            builder.UseLoggerFactory(log.Factory);
        }

        await using var db = new CopyOutContext(builder.Options);
        using var file = new MemoryStream();
        var options = new DumpOptions { ChunkSize = 4096, ProviderReaderOnly = providerReaderOnly };
        if (async)
        {
            await CopyOutContextSnapshot.DumpAsync(db, file, options);
        }
        else
        {
            CopyOutContextSnapshot.Dump(db, file, options);
        }

        return file.ToArray();
    }

    /// <summary>The first value that differs between two files of the same rows, decoded, for the failure message.</summary>
    private static string FirstDifference(byte[] expected, byte[] actual)
    {
        var left = Values(expected);
        var right = Values(actual);
        for (var i = 0; i < Math.Min(left.Count, right.Count); i++)
        {
            if (left[i] != right[i])
            {
                return $"value {i}: expected {left[i]}, actual {right[i]}";
            }
        }

        return $"{left.Count} values against {right.Count}";
    }

    private static List<string> Values(byte[] file)
    {
        using var stream = new MemoryStream(file);
        using var reader = SnapshotFileReader.OpenAsync(stream, async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var values = new List<string>();
        while (reader.ReadChunkAsync(async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            var columns = reader.Header.Tables[reader.TableIndex].Columns;
            var bytes = reader.Payload.AsSpan(0, reader.PayloadLength).ToArray();
            var memory = new MemoryPack.MemoryPackReader(bytes, MemoryPack.MemoryPackReaderOptionalStatePool.Rent(null));
            for (var r = 0; r < reader.RowCount; r++)
            {
                foreach (var column in columns)
                {
                    var value = DbPickle.Infrastructure.ValueCodec.ReadBoxed(ref memory, column.Kind, column.Nullable);
                    values.Add($"{column.Property}={value switch { DateTime d => d.ToString("O") + d.Kind, decimal m => m.ToString(System.Globalization.CultureInfo.InvariantCulture), byte[] b => Convert.ToHexString(b), _ => value }}");
                }
            }
        }

        return values;
    }

    /// <summary>Each chunk's table, row count and payload bytes (the header differs: it records when the file was made).</summary>
    private static List<(int Table, int Rows, string Payload)> Chunks(byte[] file)
    {
        using var stream = new MemoryStream(file);
        using var reader = SnapshotFileReader.OpenAsync(stream, async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var chunks = new List<(int, int, string)>();
        while (reader.ReadChunkAsync(async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            chunks.Add((reader.TableIndex, reader.RowCount, Convert.ToHexString(reader.Payload, 0, reader.PayloadLength)));
        }

        return chunks;
    }
}
