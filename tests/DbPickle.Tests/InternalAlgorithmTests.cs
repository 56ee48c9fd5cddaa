using DbPickle.Loading;

namespace DbPickle.Tests;

/// <summary>Internal algorithms whose edge cases no load can reach one by one.</summary>
public sealed class InternalAlgorithmTests
{
    [Theory]
    [InlineData("0", 0, 0)]
    [InlineData("0.000", 0, 0)]
    [InlineData("1.50", 1, 1)]
    [InlineData("0.05", 0, 2)]
    [InlineData("-99.9", 2, 1)]
    [InlineData("123.4500", 3, 2)]
    [InlineData("100", 3, 0)]
    [InlineData("100.00", 3, 0)]
    [InlineData("79228162514264337593543950335", 29, 0)]
    [InlineData("0.0000000000000000000000000001", 0, 28)]
    [InlineData("7.9228162514264337593543950335", 1, 28)]
    [InlineData("18446744073709551615", 20, 0)] // the largest 64-bit mantissa
    [InlineData("18446744073709551616", 20, 0)] // the smallest that needs the upper 32 bits
    [InlineData("1844674407370955161.50", 19, 1)]
    [InlineData("-0.0000000000000000001000", 0, 19)]
    public void Decimal_digits_are_counted_without_trailing_fraction_zeros(string text, int integerDigits, int fractionDigits)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((integerDigits, fractionDigits), RowValidator.Digits(value));
    }

    [Fact]
    public void A_key_stream_returns_every_entry_in_order_across_spilled_runs()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"dbpickle-keys-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            using var runs = new KeyRunFile(directory);
            var stream = new SortedKeyStream(runs);
            var random = new Random(42);
            var expected = new List<(long, long)>();
            for (var i = 0; i < SortedKeyStream.BufferEntries * 3 + 17; i++)
            {
                // Mostly ascending with stretches out of order and repeats, as real files are.
                var first = i % 5 == 0 ? random.Next(0, 1000) : i;
                var second = random.Next(0, 3);
                stream.Add(new KeyEntry(first, second, i));
                expected.Add((first, second));
            }

            Assert.Single(Directory.GetFiles(directory));
            expected.Sort();
            for (var pass = 0; pass < 2; pass++)
            {
                var cursor = stream.Open();
                var actual = new List<(long, long)>();
                while (cursor.MoveNext())
                {
                    actual.Add((cursor.Current.First, cursor.Current.Second));
                }

                Assert.Equal(expected, actual);
            }

            runs.Dispose();
            Assert.Empty(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static TheoryData<string, int> SortCases() => new()
    {
        { "random", 10_000 },
        { "random small", 17 },
        { "sorted", 5_000 },
        { "reversed", 5_000 },
        { "all equal", 3_000 },
        { "organ pipe", 4_001 },
        { "few distinct", 8_000 },
        { "one", 1 },
        { "empty", 0 },
        { "narrow random", 40_000 },
        { "narrow negative", 3_000 },
        { "narrow but one far", 3_000 },
        { "narrow, second word varies", 3_000 },
    };

    [Theory]
    [MemberData(nameof(SortCases))]
    public void Key_entries_sort_by_key_whatever_their_order(string shape, int count)
    {
        var random = new Random(count);
        var entries = Enumerable.Range(0, count).Select(i => shape switch
        {
            "sorted" => new KeyEntry(i, 0, i),
            "reversed" => new KeyEntry(count - i, -i, i),
            "all equal" => new KeyEntry(7, 7, i),
            "organ pipe" => new KeyEntry(Math.Min(i, count - i), 0, i),
            "few distinct" => new KeyEntry(random.Next(3), random.Next(2), i),
            "narrow random" => new KeyEntry(1_000_000 + random.Next(1 << 24), 5, i),
            "narrow negative" => new KeyEntry(random.Next(-300, 300), -1, i),
            "narrow but one far" => new KeyEntry(i == count / 2 ? long.MaxValue : random.Next(1000), 0, i),
            "narrow, second word varies" => new KeyEntry(random.Next(1000), i == count - 1 ? 1 : 0, i),
            _ => new KeyEntry(random.NextInt64(long.MinValue, long.MaxValue), random.Next(-5, 5), i),
        }).ToArray();

        var expected = entries.Select(e => (e.First, e.Second)).Order().ToArray();
        KeySort.Sort(entries);

        Assert.Equal(expected, entries.Select(e => (e.First, e.Second)).ToArray());
        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), entries.Select(e => e.Locator).Order());
    }

    [Fact]
    public void Narrow_keys_sort_stably_so_equal_keys_keep_their_rows_order()
    {
        var random = new Random(7);
        var entries = Enumerable.Range(0, 20_000).Select(i => new KeyEntry(random.Next(-50, 5000), 3, i)).ToArray();

        KeySort.Sort(entries);

        for (var i = 1; i < entries.Length; i++)
        {
            var (previous, current) = (entries[i - 1], entries[i]);
            Assert.True(
                previous.First < current.First || (previous.First == current.First && previous.Locator < current.Locator),
                $"entry {i}: ({previous.First}, row {previous.Locator}) before ({current.First}, row {current.Locator})");
        }
    }

    public static TheoryData<string> DecimalsToFit() => new()
    {
        "0", "0.000", "1", "-1", "9", "10", "99.99", "99.995", "100", "123.4500", "0.05", "0.005", "-0.0000000000000000001000",
        "9999999999999999999", "10000000000000000000", "18446744073709551615", "18446744073709551616", "1844674407370955161.5",
        "79228162514264337593543950335", "0.0000000000000000000000000001", "7.9228162514264337593543950335", "12345.678900",
    };

    [Theory]
    [MemberData(nameof(DecimalsToFit))]
    public void A_decimal_fits_a_column_exactly_when_its_digits_say_so(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var (integerDigits, fractionDigits) = RowValidator.Digits(value);
        for (var precision = 1; precision <= 38; precision++)
        {
            for (var scale = 0; scale <= precision + 1; scale++)
            {
                var expected = fractionDigits <= scale && integerDigits <= precision - scale;
                Assert.True(expected == RowValidator.Fits(value, precision, scale), $"{text} in decimal({precision},{scale}): expected {expected}");
            }
        }
    }

    [Fact]
    public void Random_decimals_fit_a_column_exactly_when_their_digits_say_so()
    {
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            // Mantissas of every length up to 64 bits, often ending in zeros, with every scale a decimal can have.
            var mantissa = (ulong)random.NextInt64() >> random.Next(64);
            mantissa -= mantissa % (ulong)Math.Pow(10, random.Next(4));
            var value = new decimal((int)mantissa, (int)(mantissa >> 32), 0, random.Next(2) == 0, (byte)random.Next(29));
            var precision = random.Next(1, 39);
            var scale = random.Next(0, precision + 1);
            var (integerDigits, fractionDigits) = RowValidator.Digits(value);
            Assert.Equal(fractionDigits <= scale && integerDigits <= precision - scale, RowValidator.Fits(value, precision, scale));
        }
    }
}
