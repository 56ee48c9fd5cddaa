using System.Diagnostics;
using DbPickle;

namespace Chinook.Demo;

/// <summary>
/// <c>demo</c>: dumps a copy of the bundled Chinook database, loads the snapshot into a new empty database, and
/// proves the round trip by comparing every value of every row, not just row counts.
/// </summary>
internal static class DemoCommand
{
    private const int MaxListedDifferences = 20;

    /// <summary>Runs the round trip in a new temporary directory, which is deleted afterwards.</summary>
    /// <returns>0 when every table round-tripped identically, 1 otherwise.</returns>
    public static int Run(TextWriter output)
    {
        var workDirectory = Path.Combine(Path.GetTempPath(), "dbpickle-chinook-" + Guid.NewGuid().ToString("N"));
        try
        {
            return Run(output, workDirectory);
        }
        finally
        {
            DeleteDirectory(workDirectory, output);
        }
    }

    private static int Run(TextWriter output, string workDirectory)
    {
        var sourcePath = ChinookDatabase.CopyTo(Path.Combine(workDirectory, "source.sqlite"));
        var snapshotPath = Path.Combine(workDirectory, "chinook.dbpickle");
        var targetPath = Path.Combine(workDirectory, "target.sqlite");
        output.WriteLine($"Chinook round trip in {workDirectory}");
        output.WriteLine();

        SnapshotSummary dumped;
        using (var source = ChinookDatabase.Open(sourcePath))
        {
            dumped = ChinookContextSnapshot.Dump(source, snapshotPath);
        }

        SnapshotSummary loaded;
        using (var target = ChinookDatabase.Open(targetPath))
        {
            target.Database.EnsureCreated();

            // Keeps the load's spool file inside the work directory, so the cleanup below removes it too.
            loaded = ChinookContextSnapshot.Load(target, snapshotPath, new LoadOptions { TempDirectory = workDirectory });
        }

        // Fresh contexts, so the comparison reads what is on disk and nothing either side may still hold.
        var compareTime = Stopwatch.StartNew();
        IReadOnlyList<TableComparison> tables;
        using (var source = ChinookDatabase.Open(sourcePath))
        using (var target = ChinookDatabase.Open(targetPath))
        {
            tables = ChinookDatabase.CompareTables(source, target);
        }

        compareTime.Stop();

        var problems = WriteReport(output, tables, dumped, loaded);
        output.WriteLine();
        output.WriteLine($"Snapshot file  {TextTable.Size(new FileInfo(snapshotPath).Length)}");
        output.WriteLine($"Dump           {TextTable.Duration(dumped.Elapsed)}");
        output.WriteLine($"Load           {TextTable.Duration(loaded.Elapsed)}");
        output.WriteLine($"Compare        {TextTable.Duration(compareTime.Elapsed)}");
        output.WriteLine();

        var differences = tables.SelectMany(t => t.Differences).ToList();
        if (differences.Count == 0 && problems.Count == 0)
        {
            output.WriteLine($"OK: all {TextTable.Count(tables.Sum(t => t.ExpectedRows))} rows of {tables.Count} tables round-tripped with identical values.");
            return 0;
        }

        output.WriteLine("FAILED: the loaded database differs from the source.");
        foreach (var problem in problems)
        {
            output.WriteLine($"  {problem}");
        }

        foreach (var difference in differences.Take(MaxListedDifferences))
        {
            output.WriteLine($"  {difference}");
        }

        if (differences.Count > MaxListedDifferences)
        {
            output.WriteLine($"  ... and {TextTable.Count(differences.Count - MaxListedDifferences, "more difference")}.");
        }

        return 1;
    }

    /// <summary>Writes the per-table table and returns mismatches between the summaries and the databases.</summary>
    private static List<string> WriteReport(TextWriter output, IReadOnlyList<TableComparison> tables, SnapshotSummary dumped, SnapshotSummary loaded)
    {
        var dumpedByTable = dumped.Tables.ToDictionary(t => t.Table, StringComparer.OrdinalIgnoreCase);
        var loadedByTable = loaded.Tables.ToDictionary(t => t.Table, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();

        var report = new TextTable(("Table", false), ("Source rows", true), ("Dumped", true), ("Loaded", true), ("Target rows", true), ("Equal", false));
        foreach (var table in tables)
        {
            dumpedByTable.TryGetValue(table.Table, out var dump);
            loadedByTable.TryGetValue(table.Table, out var load);

            // Equal data with summaries that disagree would still mean the runtime reports wrong numbers.
            if (dump?.Rows != table.ExpectedRows)
            {
                problems.Add($"{table.Table}: the dump summary reports {Rows(dump)} rows, the source table has {table.ExpectedRows}.");
            }

            if (load?.Rows != table.ExpectedRows)
            {
                problems.Add($"{table.Table}: the load summary reports {Rows(load)} rows, the source table has {table.ExpectedRows}.");
            }

            report.AddRow(
                table.Table,
                TextTable.Count(table.ExpectedRows),
                Rows(dump),
                Rows(load),
                TextTable.Count(table.ActualRows),
                table.IsEqual ? "yes" : $"NO ({TextTable.Count(table.Differences.Count, "difference")})");
        }

        report.AddRule();
        report.AddRow(
            "Total",
            TextTable.Count(tables.Sum(t => t.ExpectedRows)),
            TextTable.Count(dumped.TotalRows),
            TextTable.Count(loaded.TotalRows),
            TextTable.Count(tables.Sum(t => t.ActualRows)),
            tables.All(t => t.IsEqual) ? "yes" : "NO");
        report.Write(output);
        return problems;

        static string Rows(SnapshotTableSummary? summary) => summary is null ? "-" : TextTable.Count(summary.Rows);
    }

    private static void DeleteDirectory(string directory, TextWriter output)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A failed cleanup must not hide the demo's result; say what is left behind instead.
            output.WriteLine($"warning: could not delete {directory}: {e.Message}");
        }
    }
}
