namespace DbPickle.Engines.Tests.CopyOut;

/// <summary>Random <see cref="Measurement"/> rows over each type's whole range (non-ASCII text, any decimal scale, dates from year 1 to 9999).</summary>
internal static class RandomMeasurements
{
    public static Measurement Next(Random random, int id)
    {
        string[] pieces = ["a", "é", "😀", "字", " ", "z"];
        string? Text(int max) => random.Next(5) == 0 ? null : string.Concat(Enumerable.Range(0, random.Next(max)).Select(_ => pieces[random.Next(pieces.Length)]));
        return new Measurement
        {
            Id = id,
            Flag = random.Next(2) == 0,
            MaybeFlag = random.Next(3) switch { 0 => null, 1 => true, _ => false },
            Small = (short)random.Next(short.MinValue, short.MaxValue),
            Count = random.Next(),
            MaybeCount = random.Next(2) == 0 ? null : random.Next(int.MinValue, int.MaxValue),
            Big = random.NextInt64(long.MinValue, long.MaxValue),
            Single = (float)(random.NextDouble() * 1000),
            Ratio = random.NextDouble() * 1e9,
            MaybeRatio = random.Next(2) == 0 ? null : -random.NextDouble(),
            Name = Text(20) ?? string.Empty,
            Note = Text(300),
            Code = new string('q', random.Next(1, 7)),
            Blob = random.Next(3) == 0 ? null : [.. Enumerable.Range(0, random.Next(20)).Select(_ => (byte)random.Next(256))],
            Amount = random.Next(-100_000_000, 100_000_000) / 100m,
            Loose = random.Next(3) switch
            {
                0 => null,
                1 => new decimal(random.Next(), random.Next(), random.Next(1000), random.Next(2) == 0, (byte)random.Next(20)),
                _ => random.Next(100_000) * 1000m,
            },
            Key = Guid.NewGuid(),
            Day = DateOnly.FromDayNumber(random.Next(DateOnly.MaxValue.DayNumber)),
            MaybeDay = random.Next(2) == 0 ? null : new DateOnly(2000, 1, 1).AddDays(random.Next(-5000, 5000)),
            At = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks) / 10 * 10, DateTimeKind.Utc),
            Clock = new DateTime(2024, 1, 1).AddTicks(random.NextInt64(-10_000_000_000_000, 10_000_000_000_000) / 10 * 10),
            MaybeAt = random.Next(2) == 0 ? null : new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.Next()),
            Rank = (Phase)random.Next(3),
            Status = (Phase)random.Next(3),
            MaybeStatus = random.Next(2) == 0 ? null : (Phase)random.Next(3),
        };
    }
}
