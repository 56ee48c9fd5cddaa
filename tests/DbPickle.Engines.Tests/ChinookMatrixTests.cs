using DbPickle.Engines.Tests.Chinook;
using DbPickle.Engines.Tests.Infrastructure;
using Chinook;

namespace DbPickle.Engines.Tests;

/// <summary>
/// Chinook from each engine's own source (the shipped SQLite file, the official PostgreSQL and MySQL scripts) dumped
/// and loaded into an empty database on each engine, created by EF Core: 9 directions, every row of every table
/// compared through EF Core.
/// </summary>
public sealed class ChinookMatrixTests
{
    public static TheoryData<Engine, Engine> Directions()
    {
        var data = new TheoryData<Engine, Engine>();
        foreach (var source in Enum.GetValues<Engine>())
        {
            foreach (var target in Enum.GetValues<Engine>())
            {
                data.Add(source, target);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Directions))]
    public async Task Every_row_of_every_table_arrives_intact(Engine source, Engine target)
    {
        var file = Path.Combine(Path.GetTempPath(), $"dbpickle-matrix-{Guid.NewGuid():N}.dbpickle");
        using var database = TestDatabase.Create(target);
        try
        {
            SnapshotSummary dumped;
            await using (var sourceDb = ChinookSources.OpenSource(source))
            await using (var stream = File.Create(file))
            {
                dumped = await ChinookContextSnapshot.DumpAsync(sourceDb, stream);
            }

            Assert.Equal(15_607, dumped.TotalRows);

            SnapshotSummary loaded;
            await using (var targetDb = ChinookSources.OpenChinook(target, database.ConnectionString))
            {
                await targetDb.Database.EnsureCreatedAsync();
                await using var stream = File.OpenRead(file);
                loaded = await ChinookContextSnapshot.LoadAsync(targetDb, stream);
            }

            Assert.Equal(dumped.TotalRows, loaded.TotalRows);
            await using var expected = ChinookSources.OpenSource(source);
            await using var actual = ChinookSources.OpenChinook(target, database.ConnectionString);
            var differences = EntityComparer.Compare(expected, actual);
            Assert.True(differences.Count == 0, $"{differences.Count} differences, first: {string.Join(Environment.NewLine, differences.Take(10))}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
