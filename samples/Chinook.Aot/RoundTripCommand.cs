using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using DbPickle;
using Microsoft.EntityFrameworkCore;

namespace Chinook.Aot;

/// <summary>
/// Dumps a copy of the bundled Chinook SQLite database, loads the snapshot into a fresh SQLite file or an empty
/// PostgreSQL database (schema from the embedded script), and compares every value of every row with the source.
/// </summary>
internal static class RoundTripCommand
{
    private const int MaxListedDifferences = 20;

    /// <param name="postgresConnectionString">The PostgreSQL target, or <see langword="null"/> for a new SQLite file.</param>
    /// <returns>0 when every table round-tripped identically, 1 otherwise.</returns>
    public static int Run(string? postgresConnectionString, TextWriter output)
    {
        var workDirectory = Directory.CreateTempSubdirectory("dbpickle-chinook-aot-").FullName;
        try
        {
            return Run(postgresConnectionString, workDirectory, output);
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    private static int Run(string? postgresConnectionString, string workDirectory, TextWriter output)
    {
        var sourcePath = ChinookDatabase.CopyTo(Path.Combine(workDirectory, "source.sqlite"));
        var snapshotPath = Path.Combine(workDirectory, "chinook.dbpickle");
        var targetName = postgresConnectionString is null ? "a new SQLite file" : "PostgreSQL";

        // Said up front so a run can be told apart from a JIT run of the same code at a glance (and by the tests).
        output.WriteLine($"Chinook round trip, SQLite -> {targetName}; dynamic code supported: {(RuntimeFeature.IsDynamicCodeSupported ? "yes" : "no")}");

        SnapshotSummary dumped;
        using (var source = CompiledContexts.Sqlite(sourcePath))
        {
            dumped = ChinookContextSnapshot.Dump(source, snapshotPath);
        }

        SnapshotSummary loaded;
        using (var target = OpenTarget(postgresConnectionString, workDirectory))
        {
            SchemaScript.Apply(target, postgresConnectionString is null ? SchemaScript.Sqlite : SchemaScript.Postgres);

            // Keeps the load's spool file inside the work directory, so the cleanup removes it too.
            loaded = ChinookContextSnapshot.Load(target, snapshotPath, new LoadOptions { TempDirectory = workDirectory });
        }

        // Fresh contexts, so the comparison reads what is in the databases and nothing either side may still hold.
        var compareTime = Stopwatch.StartNew();
        IReadOnlyList<TableComparison> tables;
        using (var source = CompiledContexts.Sqlite(sourcePath))
        using (var target = OpenTarget(postgresConnectionString, workDirectory))
        {
            tables = ChinookDatabase.CompareTables(source, target);
        }

        compareTime.Stop();
        return Report(output, tables, dumped, loaded, compareTime.Elapsed);
    }

    private static ChinookContext OpenTarget(string? postgresConnectionString, string workDirectory)
        => postgresConnectionString is null
            ? CompiledContexts.Sqlite(Path.Combine(workDirectory, "target.sqlite"))
            : CompiledContexts.Postgres(postgresConnectionString);

    private static int Report(TextWriter output, IReadOnlyList<TableComparison> tables, SnapshotSummary dumped, SnapshotSummary loaded, TimeSpan compare)
    {
        var problems = new List<string>();
        output.WriteLine();
        output.WriteLine($"{"Table",-14}{"Source",8}{"Dumped",8}{"Loaded",8}{"Target",8}  Equal");
        foreach (var table in tables)
        {
            var dump = dumped.Tables.FirstOrDefault(t => string.Equals(t.Table, table.Table, StringComparison.OrdinalIgnoreCase));
            var load = loaded.Tables.FirstOrDefault(t => string.Equals(t.Table, table.Table, StringComparison.OrdinalIgnoreCase));

            // Equal data with summaries that disagree would still mean the runtime reports wrong numbers.
            if (dump?.Rows != table.ExpectedRows || load?.Rows != table.ExpectedRows)
            {
                problems.Add($"{table.Table}: the source has {table.ExpectedRows} rows, the dump reported {Rows(dump)}, the load {Rows(load)}.");
            }

            output.WriteLine($"{table.Table,-14}{table.ExpectedRows,8}{Rows(dump),8}{Rows(load),8}{table.ActualRows,8}  {(table.IsEqual ? "yes" : $"NO ({table.Differences.Count})")}");
        }

        output.WriteLine();
        output.WriteLine($"Snapshot {dumped.Bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes; dump {Ms(dumped.Elapsed)}, load {Ms(loaded.Elapsed)}, compare {Ms(compare)}");

        var differences = tables.SelectMany(t => t.Differences).ToList();
        if (differences.Count == 0 && problems.Count == 0)
        {
            output.WriteLine($"OK: all {tables.Sum(t => t.ExpectedRows)} rows of {tables.Count} tables round-tripped with identical values.");
            return 0;
        }

        output.WriteLine("FAILED: the loaded database differs from the source.");
        foreach (var line in problems.Concat(differences.Take(MaxListedDifferences).Select(d => d.ToString())))
        {
            output.WriteLine($"  {line}");
        }

        if (differences.Count > MaxListedDifferences)
        {
            output.WriteLine($"  ... and {differences.Count - MaxListedDifferences} more differences.");
        }

        return 1;

        static string Rows(SnapshotTableSummary? summary) => summary is null ? "-" : summary.Rows.ToString(CultureInfo.InvariantCulture);
        static string Ms(TimeSpan time) => $"{time.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms";
    }
}
