using System.Globalization;
using System.Text;

namespace DbPickle.Benchmarks;

/// <summary>Collects measurements and prints them as markdown.</summary>
public sealed class Report(Options options, DateTime started)
{
    private readonly List<Measurement> _measurements = [];
    private readonly List<(string Name, string Value)> _environment = [];
    private readonly List<string> _notes = [];

    public void Add(Measurement measurement) => _measurements.Add(measurement);

    public void AddEnvironment(string name, string value) => _environment.Add((name, value));

    public void AddNote(string note) => _notes.Add(note);

    private static string Short(Measurement m) => m.Child!.Operation switch
    {
        "dump" => "DbPickle Dump",
        "load" => "DbPickle Load",
        "raw-read" => "raw reader",
        "raw-read-capi" => "raw C-API reader",
        "raw-copy-out" => "raw COPY TO reader",
        "raw-insert" => "raw INSERT",
        "raw-insert-capi" => "raw C-API INSERT",
        "copy" => "COPY, FKs in place",
        "copy-fast" => "COPY, FKs dropped + re-created",
        "copy-rebuild" => "COPY, FKs and indexes dropped + re-created",
        "ef" => "EF Core SaveChanges",
        var other => other,
    };

    public string ToMarkdown(long rows, double generationSeconds, TimeSpan total)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Scale {options.Scale.ToString(CultureInfo.InvariantCulture)}: {rows:N0} rows, {started:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project tests/Benchmarks -- {string.Join(' ', options.Arguments)}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"(whole run {total.TotalMinutes:F1} min; data generated in memory in {generationSeconds:F1} s; each DbPickle operation in a fresh child process; {(options.Repeat > 1 ? $"median of {options.Repeat} runs" : "one run each")})");
        md.AppendLine();
        foreach (var (name, value) in _environment)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- **{name}**: {value}");
        }

        md.AppendLine();
        foreach (var engine in _measurements.Select(m => m.Engine).Distinct())
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"### {engine}");
            md.AppendLine();
            md.AppendLine("| Operation | Rows | Seconds | Rows/s | Rows/s vs raw limit | Time vs raw limit | CPU: machine / others |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var group in _measurements.Where(m => m.Engine == engine).GroupBy(m => m.Group))
            {
                // Several raw limits (SQLite: through Microsoft.Data.Sqlite and through the C API): a ratio against each, in order.
                var limits = group.Where(m => m.IsLimit).ToList();
                md.AppendLine(CultureInfo.InvariantCulture, $"| **{group.Key}** | | | | | | |");
                foreach (var m in group)
                {
                    var name = m.Operation + (m.Note is null ? string.Empty : $" — *{m.Note}*");
                    if (m.Child is { Bytes: > 0 } child && m.Group == "Dump")
                    {
                        name += $" ({child.Bytes / 1048576.0:F1} MiB file)";
                    }

                    var runs = m.Runs is { Count: > 1 } r ? $" <sub>({string.Join(", ", r.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))})</sub>" : string.Empty;
                    var speed = string.Join(" / ", limits.Select(limit => $"{m.RowsPerSecond / limit.RowsPerSecond:F2}×"));
                    var time = string.Join(" / ", limits.Select(limit => $"{m.Seconds / limit.Seconds * limit.Rows / m.Rows:F2}×"));
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {m.Rows:N0} | {m.Seconds:F2}{runs} | {m.RowsPerSecond:N0} | {speed} | {time} | {m.MachineBusy * 100:F0}% / {m.Others * 100:F0}% |");
                }
            }

            md.AppendLine();
        }

        md.AppendLine("Where a group has two raw limits, the ratios are against each, in the order listed (\"a / b\").");
        md.AppendLine("\"Time vs raw limit\" is time per row relative to the raw limit (2.00× = takes twice as long for the same rows).");
        md.AppendLine(CultureInfo.InvariantCulture, $"\"CPU: machine / others\": share of all {Environment.ProcessorCount} cores in use during the kept run, by anything / by processes other than this benchmark,");
        md.AppendLine(CultureInfo.InvariantCulture, $"its child process and its database server (one busy core = {100.0 / Environment.ProcessorCount:F0}%). Runs where others used more than {Measure.OthersLimit:P0} were repeated (up to {Measure.MaxAttempts} attempts, least disturbed kept).");
        md.AppendLine();

        var children = _measurements.Where(m => m.Child is not null).ToList();
        if (children.Count > 0)
        {
            md.AppendLine("### Memory and CPU of each measured process");
            md.AppendLine();
            md.AppendLine("| Engine | Operation | Rows | RSS before | Peak RSS | Peak RSS − before | Peak managed heap | Allocated | GCs (0/1/2) | JIT time | Process CPU | Wall |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var m in children)
            {
                var c = m.Child!;
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {m.Engine} | {Short(m)} | {c.Rows:N0} | {c.BaselineRssMiB:F0} MiB | {c.PeakRssMiB:F0} MiB | {c.PeakRssMiB - c.BaselineRssMiB:F0} MiB | {c.PeakManagedHeapMiB:F0} MiB | {c.AllocatedMiB:N0} MiB | {c.Gen0}/{c.Gen1}/{c.Gen2} | {c.JitMilliseconds:F0} ms | {c.CpuSeconds:F2} s | {c.Seconds:F2} s |");
            }

            md.AppendLine();
            md.AppendLine("RSS before: after EF Core built its model and opened a connection once, and a full GC. Peak RSS: the process's VmHWM, reset to the");
            md.AppendLine("current RSS (`/proc/self/clear_refs`) right before the operation, so it is the operation's own high-water mark (native memory");
            md.AppendLine("included: SQLite's page cache, Npgsql's buffers). Peak managed heap: `GC.GetTotalMemory(false)` sampled every 5 ms.");
            md.AppendLine("Allocated: `GC.GetTotalAllocatedBytes` during the operation (garbage produced, not memory held). JIT time: `JitInfo.GetCompilationTime` during the operation");
            md.AppendLine("(all threads, wall time spent compiling). Process CPU: user + system time of the measuring process during the operation (the database server's");
            md.AppendLine("CPU is not in it; for SQLite, which runs in-process, it is all the work). The raw and EF processes also hold the generated data set, so their RSS says little.");
            md.AppendLine();

            md.AppendLine("### Where DbPickle's time goes");
            md.AppendLine();
            foreach (var m in children.Where(m => m.Child!.Phases.Count > 0))
            {
                var c = m.Child!;
                md.AppendLine(FormattableString.Invariant($"**{m.Engine} {c.Operation}** ({c.Seconds:F2} s): ") + string.Join("; ", c.Phases.Select(p => $"{p.Key} {p.Value:F2} s")));
                md.AppendLine();
            }

            md.AppendLine("Per table, DbPickle against the raw limit (seconds; DbPickle's load time per table is its insert pass only, and the raw limit's");
            md.AppendLine("steps that are not a table are listed after the tables):");
            md.AppendLine();
            foreach (var engine in children.Select(m => m.Engine).Distinct())
            {
                foreach (var m in children.Where(m => m.Engine == engine && m.Child!.Operation is "dump" or "load"))
                {
                    var limit = _measurements.FirstOrDefault(x => x.Engine == engine && x.Group == m.Group && x.IsLimit);
                    if (limit is null)
                    {
                        continue;
                    }

                    md.AppendLine(CultureInfo.InvariantCulture, $"| {engine} {m.Group} | Rows | Raw limit s | DbPickle s | DbPickle rows/s | Ratio |");
                    md.AppendLine("|---|---:|---:|---:|---:|---:|");
                    foreach (var table in m.Tables)
                    {
                        var raw = limit.Tables.FirstOrDefault(t => t.Table == table.Table);
                        var ratio = raw is { Seconds: > 0 } ? $"{table.Seconds / raw.Seconds:F2}×" : "";
                        md.AppendLine(CultureInfo.InvariantCulture,
                            $"| {table.Table} | {table.Rows:N0} | {raw?.Seconds.ToString("F3", CultureInfo.InvariantCulture) ?? ""} | {table.Seconds:F3} | {(table.Seconds > 0 ? table.Rows / table.Seconds : 0):N0} | {ratio} |");
                    }

                    foreach (var extra in limit.Tables.Where(t => t.Table.StartsWith('(')))
                    {
                        md.AppendLine(CultureInfo.InvariantCulture, $"| raw limit {extra.Table} | | {extra.Seconds:F3} | | | |");
                    }

                    md.AppendLine();
                }
            }
        }

        var fast = _measurements.Where(m => !m.IsLimit && m.Child?.Operation is "copy" or "copy-fast" or "copy-rebuild" or "ef").ToList();
        foreach (var m in fast)
        {
            md.AppendLine($"{m.Engine} \"{m.Operation}\" per step: " + string.Join(", ", m.Tables.Select(t => $"{t.Table} {t.Seconds:F2} s")));
            md.AppendLine();
        }

        foreach (var note in _notes.Distinct())
        {
            md.AppendLine("- " + note);
        }

        return md.ToString();
    }
}
