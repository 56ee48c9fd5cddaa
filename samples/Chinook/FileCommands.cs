using DbPickle;

namespace Chinook.Demo;

/// <summary><c>dump</c> and <c>load</c>: the generated snapshot API on SQLite files of the user's choice.</summary>
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
