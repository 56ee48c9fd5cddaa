using DbPickle.Engines.Tests.Infrastructure;
using DbPickle.Engines.Tests.Validation.KindedSource;
using DbPickle.Engines.Tests.Validation.PlainSource;
using DbPickle.Engines.Tests.Validation.Zoned;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DbPickle.Engines.Tests.Validation;

/// <summary>
/// SQLite and MariaDB keep no DateTime kind; PostgreSQL's <c>timestamp with time zone</c> takes UTC values only (and
/// <c>timestamp without time zone</c> no UTC value). The mismatch, the first thing a SQLite → PostgreSQL move meets, is
/// reported before anything is written, agrees with what Npgsql itself refuses, and has a one-line fix for the common
/// case: <see cref="LoadOptions.UnspecifiedDateTimeKind"/>.
/// </summary>
public sealed class TimestampKindTests
{
    private static readonly DateTime Noon = new(2024, 3, 4, 12, 30, 15, 123);

    [Fact]
    public async Task Timestamps_PostgreSQL_would_refuse_are_reported_before_the_first_write_exactly_as_Npgsql_refuses_them()
    {
        using var source = TestDatabase.Create(Engine.Sqlite);
        using var target = TestDatabase.Create(Engine.PostgreSql);
        var file = await DumpAsync(source, [
            new KindedSource.Stamp { Id = 1, Instant = Noon, LocalInstant = Noon, Clock = Noon, Offset = new DateTimeOffset(Noon, TimeSpan.Zero), Infinite = DateTime.MinValue },
            new KindedSource.Stamp { Id = 2, Instant = Noon, LocalInstant = Noon, Clock = Noon, Offset = new DateTimeOffset(Noon, TimeSpan.FromHours(2)), Infinite = DateTime.MaxValue, Missing = Noon },
        ]);
        await using (var db = new ZonedContext(target.Options<ZonedContext>()))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var error = await Assert.ThrowsAsync<SnapshotValidationException>(async () =>
        {
            await using var db = new ZonedContext(target.Options<ZonedContext>());
            await using var stream = File.OpenRead(file);
            await ZonedContextSnapshot.LoadAsync(db, stream);
        });

        // Infinite (DateTime.MinValue and MaxValue, written as -infinity and infinity) and Id=1's UTC offset and null are fine.
        Assert.Equal(
            ["Id=1 Clock", "Id=1 Instant", "Id=1 LocalInstant", "Id=2 Clock", "Id=2 Instant", "Id=2 LocalInstant", "Id=2 Missing", "Id=2 Offset"],
            error.Violations.Select(v => $"{v.Key} {v.Column}").Order(StringComparer.Ordinal));
        Assert.Equal(8, error.TotalViolations);
        Assert.All(error.Violations, v => Assert.Equal("Stamps", v.Table));

        // The fix is given once per column and cause; later rows point back to it.
        var unspecified = error.Violations.Where(v => v.Column == "Instant").ToList();
        Assert.Contains("LoadOptions.UnspecifiedDateTimeKind = DateTimeKind.Utc", unspecified[0].Problem, StringComparison.Ordinal);
        Assert.Contains("same cause", unspecified[1].Problem, StringComparison.Ordinal);
        Assert.Contains("is a local time", error.Violations.First(v => v.Column == "LocalInstant").Problem, StringComparison.Ordinal);
        Assert.Contains("is UTC", error.Violations.First(v => v.Column == "Clock").Problem, StringComparison.Ordinal);
        Assert.Contains("offset 02:00:00", error.Violations.Single(v => v.Column == "Offset").Problem, StringComparison.Ordinal);

        // Nothing was written.
        await using (var db = new ZonedContext(target.Options<ZonedContext>()))
        {
            Assert.Equal(0, await db.Stamps.CountAsync());
        }

        // Each value reported is one Npgsql refuses; each one let through it writes.
        Assert.False(NpgsqlWrites(target, "timestamp with time zone", DateTime.SpecifyKind(Noon, DateTimeKind.Unspecified)));
        Assert.False(NpgsqlWrites(target, "timestamp with time zone", DateTime.SpecifyKind(Noon, DateTimeKind.Local)));
        Assert.False(NpgsqlWrites(target, "timestamp without time zone", DateTime.SpecifyKind(Noon, DateTimeKind.Utc)));
        Assert.False(NpgsqlWrites(target, "timestamp with time zone", new DateTimeOffset(Noon, TimeSpan.FromHours(2))));
        Assert.True(NpgsqlWrites(target, "timestamp with time zone", new DateTimeOffset(Noon, TimeSpan.Zero)));
        Assert.True(NpgsqlWrites(target, "timestamp with time zone", DateTime.MinValue));
        Assert.True(NpgsqlWrites(target, "timestamp with time zone", DateTime.MaxValue));
        Assert.False(NpgsqlWrites(target, "timestamp without time zone", DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)));
        File.Delete(file);
    }

    [Theory]
    [InlineData(DateTimeKind.Utc)]
    [InlineData(DateTimeKind.Local)]
    public async Task Unspecified_times_are_taken_as_the_kind_the_options_assume(DateTimeKind assumed)
    {
        using var source = TestDatabase.Create(Engine.Sqlite);
        using var target = TestDatabase.Create(Engine.PostgreSql);
        var later = Noon.AddDays(200).AddTicks(10);
        string file;
        await using (var db = new PlainSourceContext(source.Options<PlainSourceContext>()))
        {
            await db.Database.EnsureCreatedAsync();
            db.Stamps.AddRange(
                Plain(1, Noon, Noon),
                Plain(2, later, null),

                // Nothing to change in this row (infinity takes any kind): the load keeps the file's bytes for it.
                Plain(3, DateTime.MinValue, null));
            await db.SaveChangesAsync();
            file = Path.Combine(Path.GetTempPath(), $"dbpickle-timestamps-{Guid.NewGuid():N}.dbpickle");
            await using var stream = File.Create(file);
            await PlainSourceContextSnapshot.DumpAsync(db, stream);
        }

        await using (var db = new ZonedContext(target.Options<ZonedContext>()))
        {
            await db.Database.EnsureCreatedAsync();
        }

        await using (var db = new ZonedContext(target.Options<ZonedContext>()))
        {
            await using var stream = File.OpenRead(file);
            var summary = await ZonedContextSnapshot.LoadAsync(db, stream, new LoadOptions { UnspecifiedDateTimeKind = assumed });
            Assert.Equal(3, summary.TotalRows);
        }

        DateTime Expected(DateTime clock) => clock == DateTime.MinValue ? clock
            : assumed == DateTimeKind.Utc ? DateTime.SpecifyKind(clock, DateTimeKind.Utc)
            : DateTime.SpecifyKind(clock, DateTimeKind.Local).ToUniversalTime();
        await using (var db = new ZonedContext(target.Options<ZonedContext>()))
        {
            var rows = await db.Stamps.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
            Assert.Equal([Expected(Noon), Expected(later), DateTime.MinValue], rows.Select(r => r.Instant));
            Assert.Equal([DateTimeKind.Utc, DateTimeKind.Utc], rows.Take(2).Select(r => r.Instant.Kind));
            Assert.Equal([Expected(Noon.AddHours(1)), Expected(later.AddHours(1))], rows.Take(2).Select(r => r.LocalInstant));
            Assert.Equal(Expected(Noon), rows[0].Missing);
            Assert.Null(rows[1].Missing);
            Assert.All(rows, r => Assert.Equal(new DateTimeOffset(Noon, TimeSpan.Zero), r.Offset));

            // The clock-time column takes the values as they were, kind and all.
            Assert.Equal([Noon, later, DateTime.MinValue], rows.Select(r => r.Clock));
            Assert.All(rows, r => Assert.Equal(DateTimeKind.Unspecified, r.Clock.Kind));
        }

        File.Delete(file);

        static PlainSource.Stamp Plain(int id, DateTime instant, DateTime? missing) => new()
        {
            Id = id,
            Instant = instant,
            LocalInstant = instant == DateTime.MinValue ? instant : instant.AddHours(1),
            Clock = instant,
            Offset = new DateTimeOffset(Noon, TimeSpan.Zero),
            Infinite = DateTime.MaxValue,
            Missing = missing,
        };
    }

    private static async Task<string> DumpAsync(TestDatabase source, KindedSource.Stamp[] stamps)
    {
        await using var db = new KindedSourceContext(source.Options<KindedSourceContext>());
        await db.Database.EnsureCreatedAsync();
        db.Stamps.AddRange(stamps);
        await db.SaveChangesAsync();
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-timestamps-{Guid.NewGuid():N}.dbpickle");
        await using var stream = File.Create(file);
        await KindedSourceContextSnapshot.DumpAsync(db, stream);
        return file;
    }

    /// <summary>Whether Npgsql writes <paramref name="value"/> to a column of <paramref name="storeType"/> through binary COPY, as a load does.</summary>
    private static bool NpgsqlWrites<T>(TestDatabase database, string storeType, T value)
    {
        using var connection = new NpgsqlConnection(database.ConnectionString);
        connection.Open();
        using (var create = new NpgsqlCommand($"CREATE TEMPORARY TABLE probe (value {storeType})", connection))
        {
            create.ExecuteNonQuery();
        }

        try
        {
            using var import = connection.BeginBinaryImport("COPY probe (value) FROM STDIN (FORMAT BINARY)");
            import.StartRow();
            import.Write(value, storeType);
            import.Complete();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
