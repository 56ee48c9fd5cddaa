using Chinook;

namespace DbPickle.Tests.Infrastructure;

/// <summary>Copies of the bundled Chinook database, empty Chinook databases, dumps and whole-database comparisons.</summary>
public static class ChinookFiles
{
    /// <summary>The 11 tables of the Chinook model.</summary>
    public static readonly string[] Tables =
    [
        "Album", "Artist", "Customer", "Employee", "Genre", "Invoice", "InvoiceLine", "MediaType", "Playlist", "PlaylistTrack", "Track",
    ];

    /// <summary>Each table with a single integer key that the database generates, and that key's column.</summary>
    public static readonly (string Table, string Key)[] IdentityTables =
    [
        ("Album", "AlbumId"), ("Artist", "ArtistId"), ("Customer", "CustomerId"), ("Employee", "EmployeeId"), ("Genre", "GenreId"),
        ("Invoice", "InvoiceId"), ("InvoiceLine", "InvoiceLineId"), ("MediaType", "MediaTypeId"), ("Playlist", "PlaylistId"), ("Track", "TrackId"),
    ];

    /// <summary>A copy of the bundled Chinook file (as the sample ships it, not created by EF Core).</summary>
    public static string CopySource(TempDirectory directory, string name = "source.sqlite") => ChinookDatabase.CopyTo(directory.File(name));

    /// <summary>A new database with the Chinook schema as EF Core creates it, and no rows.</summary>
    public static string CreateEmpty(TempDirectory directory, string name)
    {
        var path = directory.File(name);
        using var db = ChinookDatabase.Open(path);
        Assert.True(db.Database.EnsureCreated());
        return path;
    }

    /// <summary>Dumps the Chinook database at <paramref name="databasePath"/> to a new snapshot file.</summary>
    public static string Dump(string databasePath, string snapshotPath, DumpOptions? options = null)
    {
        using var db = ChinookDatabase.Open(databasePath);
        ChinookContextSnapshot.Dump(db, snapshotPath, options);
        return snapshotPath;
    }

    public static Dictionary<string, long> RowCounts(string databasePath)
        => Tables.ToDictionary(t => t, t => Sqlite.Scalar(databasePath, $"SELECT COUNT(*) FROM \"{t}\""));

    /// <summary>Asserts both databases hold the same rows with the same values in every Chinook table (not only counts).</summary>
    public static void AssertSameData(string expectedPath, string actualPath)
    {
        using var expected = ChinookDatabase.Open(expectedPath);
        using var actual = ChinookDatabase.Open(actualPath);
        var tables = ChinookDatabase.CompareTables(expected, actual);
        Assert.Equal(Tables.Order(StringComparer.Ordinal), tables.Select(t => t.Table).Order(StringComparer.Ordinal));
        var differences = tables.SelectMany(t => t.Differences).Take(20).Select(d => d.ToString()).ToList();
        Assert.True(differences.Count == 0, "the databases differ:" + Environment.NewLine + string.Join(Environment.NewLine, differences));
        Assert.All(tables, t => Assert.True(t.ExpectedRows > 0, $"{t.Table} is empty, so comparing it proves nothing"));
    }
}
