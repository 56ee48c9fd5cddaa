namespace DbPickle.Engines.Tests.TypeFidelity;

/// <summary>
/// The rows every engine accepts (each within its documented precision), so every one of the 9 directions loads them
/// all: minima, maxima, zeros, nulls, sub-microsecond ticks, every DateTimeKind, non-zero offsets, long and non-ASCII
/// text, empty and 64 KiB binaries, enums beyond their named members. Values an engine refuses are in
/// <see cref="TypeFidelityEdgeTests"/>.
/// </summary>
public static class FidelityRows
{
    /// <summary>4,503 code points (4,803 UTF-16 chars, 7,803 bytes of UTF-8) mixing ASCII, accented letters, CJK, emoji (4-byte UTF-8, surrogate pairs) and right-to-left text.</summary>
    public static readonly string LongText = string.Concat(Enumerable.Range(0, 300).Select(i => $"{i:D4} é中😀 עברית ")) + "END";

    public const string MixedText = "Grüße, 日本語, emoji 😀👍🏽 (4-byte UTF-8), RTL עברית العربية \u200F! and a zero-width joiner 👩\u200D💻";

    /// <summary>64 KiB covering every byte value.</summary>
    public static readonly byte[] LargeBinary = [.. Enumerable.Range(0, 64 * 1024).Select(i => (byte)((i * 7) ^ (i >> 8)))];

    public static List<Sample> All() => [Typical(1), Maxima(2), Minima(3), Zeros(4), Rounding(5), Offsets(6)];

    /// <summary>Ordinary values with 100-ns ticks everywhere (123.4567 ms), non-zero offsets, every nullable set.</summary>
    public static Sample Typical(int id) => new()
    {
        Id = id,
        Int32Value = 123_456,
        Int64Value = 1_234_567_890_123,
        Int16Value = -1234,
        ByteValue = 200,
        BoolValue = true,
        Money = 1234.5678m,
        Precise = 12_345_678.1234567891m,
        DoubleValue = 0.1 + 0.2,
        SingleValue = 1f / 3,
        Text = MixedText,
        CharValue = 'é',
        GuidValue = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Bytes = [0x00, 0xFF, 0x7F, 0x80],
        UtcStamp = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1_234_567),
        LocalStamp = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Local).AddTicks(1_234_567),
        UnspecifiedStamp = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Unspecified).AddTicks(1_234_567),
        OffsetStamp = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(5.5)).AddTicks(1_234_567),
        Date = new DateOnly(2024, 2, 29),
        Time = new TimeOnly(13, 14, 15).Add(TimeSpan.FromTicks(1_234_567)),
        Duration = new TimeSpan(1, 2, 3, 4).Add(TimeSpan.FromTicks(1_234_567)),
        ShadeAsInt = Shade.Red,
        ShadeAsString = Shade.Blue,
        NullableInt32 = -1,
        NullableInt64 = long.MinValue,
        NullableInt16 = short.MaxValue,
        NullableByte = 1,
        NullableBool = false,
        NullableMoney = -5.5m,
        NullableDouble = -6.25e-100,
        NullableSingle = 7.5f,
        NullableText = LongText,
        NullableChar = '中',
        NullableGuid = Guid.AllBitsSet,
        NullableBytes = LargeBinary,
        NullableUtcStamp = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(1),
        NullableUnspecifiedStamp = new DateTime(1999, 12, 31, 23, 59, 59).AddTicks(9_999_999),
        NullableOffsetStamp = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromMinutes(-210)).AddTicks(15),
        NullableDate = new DateOnly(1970, 1, 1),
        NullableTime = new TimeOnly(0, 0, 0).Add(TimeSpan.FromTicks(19)),
        NullableDuration = TimeSpan.FromTicks(-1),
        NullableShadeAsInt = Shade.Negative,
        NullableShadeAsString = (Shade)42,
    };

    /// <summary>The largest value of every type that all three engines accept; nullables null.</summary>
    public static Sample Maxima(int id) => new()
    {
        Id = id,
        Int32Value = int.MaxValue,
        Int64Value = long.MaxValue,
        Int16Value = short.MaxValue,
        ByteValue = byte.MaxValue,
        BoolValue = true,
        Money = 99_999_999_999_999.9999m,
        Precise = 999_999_999_999_999_999.9999999999m,
        DoubleValue = double.MaxValue,
        SingleValue = 3.4e38f, // float.MaxValue itself is refused by MariaDB through MySql.Data: see the edge tests
        Text = LongText,
        CharValue = '\uFFFD',
        GuidValue = Guid.AllBitsSet,
        Bytes = LargeBinary,
        UtcStamp = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc),
        LocalStamp = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Local),
        UnspecifiedStamp = DateTime.MaxValue,
        OffsetStamp = DateTimeOffset.MaxValue,
        Date = DateOnly.MaxValue,
        Time = TimeOnly.MaxValue,
        Duration = new TimeSpan(838, 59, 59).Add(TimeSpan.FromTicks(9_999_999)), // MariaDB's TIME maximum, plus a tick
        ShadeAsInt = Shade.Blue,
        ShadeAsString = Shade.Blue,
    };

    /// <summary>The smallest value of every type that all three engines accept; nullables null.</summary>
    public static Sample Minima(int id) => new()
    {
        Id = id,
        Int32Value = int.MinValue,
        Int64Value = long.MinValue,
        Int16Value = short.MinValue,
        ByteValue = byte.MinValue,
        BoolValue = false,
        Money = -99_999_999_999_999.9999m,
        Precise = -999_999_999_999_999_999.9999999999m,
        DoubleValue = double.MinValue,
        SingleValue = -3.4e38f,
        Text = string.Empty,
        CharValue = '!',
        GuidValue = Guid.Empty,
        Bytes = [],
        UtcStamp = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
        LocalStamp = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Local),
        UnspecifiedStamp = DateTime.MinValue,
        OffsetStamp = DateTimeOffset.MinValue,
        Date = DateOnly.MinValue,
        Time = TimeOnly.MinValue,
        Duration = -new TimeSpan(838, 59, 59).Add(TimeSpan.FromTicks(9_999_999)),
        ShadeAsInt = Shade.Negative,
        ShadeAsString = Shade.Negative,
    };

    /// <summary>Zero, false, empty and default values everywhere, nullables set to them (not null); -0.0 and subnormals.</summary>
    public static Sample Zeros(int id) => new()
    {
        Id = id,
        Money = 0m,
        Precise = 0.0000000001m,
        DoubleValue = -0.0,
        SingleValue = float.Epsilon,
        Text = "  padded  ",
        CharValue = ' ',
        GuidValue = Guid.Empty,
        Bytes = [],
        UtcStamp = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        LocalStamp = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Local),
        UnspecifiedStamp = new DateTime(1970, 1, 1),
        OffsetStamp = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Date = new DateOnly(1970, 1, 1),
        Time = TimeOnly.MinValue,
        Duration = TimeSpan.Zero,
        ShadeAsInt = Shade.None,
        ShadeAsString = Shade.None,
        NullableInt32 = 0,
        NullableInt64 = 0,
        NullableInt16 = 0,
        NullableByte = 0,
        NullableBool = false,
        NullableMoney = 0.0001m,
        NullableDouble = double.Epsilon,
        NullableSingle = -0.0f,
        NullableText = string.Empty,
        NullableChar = '\'',
        NullableGuid = Guid.Empty,
        NullableBytes = [],
        NullableUtcStamp = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        NullableUnspecifiedStamp = new DateTime(1970, 1, 1),
        NullableOffsetStamp = new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero),
        NullableDate = DateOnly.MinValue,
        NullableTime = TimeOnly.MinValue,
        NullableDuration = TimeSpan.Zero,
        NullableShadeAsInt = Shade.None,
        NullableShadeAsString = Shade.None,
    };

    /// <summary>Values where truncation and rounding differ: .9999999 s, a trailing-zero decimal, awkward floats.</summary>
    public static Sample Rounding(int id) => new()
    {
        Id = id,
        Int32Value = -1,
        Int64Value = -1,
        Int16Value = -1,
        ByteValue = 1,
        Money = 1.50m,
        Precise = -0.0000000001m,
        DoubleValue = Math.PI,
        SingleValue = 123_456.79f,
        Text = "line1\r\nline2\ttab\\back'quote\"semicolon;--",
        CharValue = '"',
        GuidValue = new Guid("00112233-4455-6677-8899-aabbccddeeff"),
        Bytes = [0],
        UtcStamp = new DateTime(2024, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999),
        LocalStamp = new DateTime(2024, 12, 31, 23, 59, 59, DateTimeKind.Local).AddTicks(9_999_995),
        UnspecifiedStamp = new DateTime(2024, 12, 31, 23, 59, 59).AddTicks(5),
        OffsetStamp = new DateTimeOffset(2024, 12, 31, 23, 59, 59, TimeSpan.FromHours(-8)).AddTicks(9_999_999),
        Date = new DateOnly(1000, 1, 1),
        Time = new TimeOnly(23, 59, 59).Add(TimeSpan.FromTicks(9_999_995)),
        Duration = TimeSpan.FromTicks(-1_234_567),
        ShadeAsInt = (Shade)42,
        ShadeAsString = (Shade)(-42),
    };

    /// <summary>Offsets at both extremes of the allowed range (±14:00) and odd ones (+05:45, -03:30).</summary>
    public static Sample Offsets(int id)
    {
        var sample = Typical(id);
        sample.OffsetStamp = new DateTimeOffset(2024, 1, 1, 0, 30, 0, TimeSpan.FromHours(-14)).AddTicks(7);
        sample.NullableOffsetStamp = new DateTimeOffset(2024, 1, 1, 23, 30, 0, TimeSpan.FromHours(14)).AddTicks(1_234_567);
        sample.UtcStamp = new DateTime(1000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        sample.LocalStamp = new DateTime(1899, 12, 30, 12, 0, 0, DateTimeKind.Local);
        sample.Duration = TimeSpan.FromHours(-23).Add(TimeSpan.FromTicks(-9));
        sample.NullableDuration = null;
        sample.NullableTime = null;
        sample.NullableDate = null;
        sample.Text = "offsets -14:00 and +14:00";
        return sample;
    }
}
