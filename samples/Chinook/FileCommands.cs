using DbPickle;

namespace Chinook.Demo;

/// <summary>
/// <c>dump</c>, <c>load</c> and <c>compare</c>: the generated snapshot API and the data comparer on SQLite files of
/// the user's choice.
/// </summary>
internal static class FileCommands
{
    /// <summary>Dumps the Chinook tables of <paramref name="sourcePath"/> into the snapshot file <paramref name="snapshotPath"/>.</summary>
    /// <returns>The process exit code.</returns>
    public static int Dump(string sourcePath, string snapshotPath, TextWriter output, TextWriter error)
    {
        // Opening a missing file would silently create an empty database and dump nothing.
        if (!File.Exists(sourcePath))
        {
            error.WriteLine($"error: source database {sourcePath} not found.");
            return 1;
        }

        using var db = ChinookDatabase.Open(sourcePath);
        var summary = ChinookContextSnapshot.Dump(db, snapshotPath);
        WriteSummary(output, summary);
        output.WriteLine();
        output.WriteLine($"Dumped {TextTable.Count(summary.TotalRows)} rows to {snapshotPath}: {TextTable.Size(summary.Bytes)} in {TextTable.Duration(summary.Elapsed)}.");
        return 0;
    }

    /// <summary>
    /// Loads the snapshot file <paramref name="snapshotPath"/> into <paramref name="targetPath"/>, creating the file
    /// and the Chinook schema first if needed. Rows already in the Chinook tables are replaced.
    /// </summary>
    /// <returns>The process exit code.</returns>
    public static int Load(string snapshotPath, string targetPath, TextWriter output, TextWriter error)
    {
        if (!File.Exists(snapshotPath))
        {
            error.WriteLine($"error: snapshot file {snapshotPath} not found.");
            return 1;
        }

        using var db = ChinookDatabase.Open(targetPath);
        if (db.Database.EnsureCreated())
        {
            output.WriteLine($"Created the Chinook schema in {targetPath}.");
        }

        var summary = ChinookContextSnapshot.Load(db, snapshotPath);
        WriteSummary(output, summary);
        output.WriteLine();
        output.WriteLine($"Loaded {TextTable.Count(summary.TotalRows)} rows into {targetPath} in {TextTable.Duration(summary.Elapsed)}.");
        return 0;
    }

    /// <summary>
    /// Compares every row of every Chinook table of <paramref name="expectedPath"/> with <paramref name="actualPath"/>
    /// and lists the differences.
    /// </summary>
    /// <returns>0 when the data is identical, 1 otherwise.</returns>
    public static int Compare(string expectedPath, string actualPath, TextWriter output, TextWriter error)
    {
        foreach (var path in new[] { expectedPath, actualPath })
        {
            if (!File.Exists(path))
            {
                error.WriteLine($"error: database {path} not found.");
                return 1;
            }
        }

        using var expected = ChinookDatabase.Open(expectedPath);
        using var actual = ChinookDatabase.Open(actualPath);
        var tables = ChinookDatabase.CompareTables(expected, actual);

        var report = new TextTable(("Table", false), ("Expected rows", true), ("Actual rows", true), ("Equal", false));
        foreach (var table in tables)
        {
            report.AddRow(
                table.Table,
                TextTable.Count(table.ExpectedRows),
                TextTable.Count(table.ActualRows),
                table.IsEqual ? "yes" : $"NO ({TextTable.Count(table.Differences.Count, "difference")})");
        }

        report.Write(output);
        var differences = tables.SelectMany(t => t.Differences).ToList();
        output.WriteLine();
        if (differences.Count == 0)
        {
            output.WriteLine("The databases hold identical data.");
            return 0;
        }

        output.WriteLine($"{TextTable.Count(differences.Count, "difference")}:");
        foreach (var difference in differences)
        {
            output.WriteLine($"  {difference}");
        }

        return 1;
    }

    private static void WriteSummary(TextWriter output, SnapshotSummary summary)
    {
        var table = new TextTable(("Table", false), ("Entity", false), ("Rows", true), ("Skipped", true), ("Time", true));
        foreach (var entry in summary.Tables)
        {
            table.AddRow(entry.Table, entry.EntityType, TextTable.Count(entry.Rows), TextTable.Count(entry.SkippedRows), TextTable.Duration(entry.Elapsed));
        }

        table.AddRule();
        table.AddRow("Total", string.Empty, TextTable.Count(summary.TotalRows), TextTable.Count(summary.Tables.Sum(t => t.SkippedRows)), TextTable.Duration(summary.Elapsed));
        table.Write(output);
    }
}
