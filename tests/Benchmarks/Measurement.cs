using DbPickle.Benchmarks.Raw;

namespace DbPickle.Benchmarks;

/// <summary>One measured operation (the median of its runs when repeated).</summary>
public sealed record Measurement(
    string Engine,
    string Group,
    string Operation,
    long Rows,
    double Seconds,
    bool IsLimit,
    List<TableTime> Tables,
    ChildResult? Child = null,
    string? Note = null,
    IReadOnlyList<double>? Runs = null,
    double MachineBusy = 0,
    double Others = 0)
{
    public double RowsPerSecond => Rows / Seconds;
}

/// <summary>One run's result before the median is taken.</summary>
public sealed record Run(long Rows, double Seconds, List<TableTime> Tables, ChildResult? Child = null)
{
    /// <summary>Share of all the machine's cores busy (anything, this benchmark included) while the run ran.</summary>
    public double MachineBusy { get; set; }

    /// <summary>Share of all the machine's cores used by other processes (not this benchmark, its children or its server).</summary>
    public double Others { get; set; }
}

/// <summary>One operation to measure: <see cref="Run"/> gets the round number and sets up its own target.</summary>
public sealed record Operation(string Engine, string Group, string Label, bool IsLimit, Func<int, Run> Run, string? Note = null);

public static class Measure
{
    /// <summary>Runs <paramref name="run"/> <paramref name="repeat"/> times (each run sets up its own target) and keeps the median.</summary>
    public static Measurement Repeat(int repeat, string engine, string group, string operation, bool isLimit, Func<int, Run> run, string? note = null)
        => Interleaved(repeat, [new Operation(engine, group, operation, isLimit, run, note)])[0];

    /// <summary>
    /// Runs each operation <paramref name="repeat"/> times, round by round (round 1 of every operation, then round 2,
    /// ...), and keeps each one's median. A limit and DbPickle's operation measured in the same rounds share the
    /// machine's slow and fast spells, which on a shared virtual machine last minutes and move a single run by ±20%.
    /// </summary>
    /// <remarks>
    /// Before each run: dirty pages are flushed and the machine is given up to <see cref="QuietWait"/> to become quiet.
    /// A run during which other processes used more than <see cref="OthersLimit"/> of the machine is run again, up to
    /// <see cref="MaxAttempts"/> times; the least disturbed attempt is kept.
    /// </remarks>
    public static IReadOnlyList<Measurement> Interleaved(int repeat, IReadOnlyList<Operation> operations)
    {
        var runs = operations.Select(_ => new List<Run>()).ToList();
        for (var i = 0; i < repeat; i++)
        {
            for (var o = 0; o < operations.Count; o++)
            {
                runs[o].Add(RunOnce(operations[o], i));
            }
        }

        return [.. operations.Select((operation, o) =>
        {
            var median = runs[o].OrderBy(r => r.Seconds).ElementAt(runs[o].Count / 2);
            return new Measurement(
                operation.Engine, operation.Group, operation.Label, median.Rows, median.Seconds, operation.IsLimit, median.Tables, median.Child, operation.Note,
                runs[o].Select(r => r.Seconds).ToList(), median.MachineBusy, median.Others);
        })];
    }

    /// <summary>Measures the ones of <paramref name="operations"/> that <c>--ops</c> chose (by name), round by round, into the report.</summary>
    public static void AddRounds(Options options, Report report, params (string Name, Operation Operation)[] operations)
    {
        var chosen = operations.Where(o => options.Runs(o.Name)).Select(o => o.Operation).ToList();
        if (chosen.Count > 0)
        {
            foreach (var measurement in Interleaved(options.Repeat, chosen))
            {
                report.Add(measurement);
            }
        }
    }

    private static Run RunOnce(Operation operation, int round)
    {
        Run? best = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            Sync();
            Cpu.WaitUntilQuiet(QuietWait);
            var before = Cpu.Take();
            var result = operation.Run(round);
            var after = Cpu.Take();
            result.MachineBusy = Cpu.Busy(before, after);
            result.Others = Cpu.Others(before, after);
            Console.WriteLine(
                $"  {operation.Engine,-8} {operation.Label}: {result.Rows:N0} rows in {result.Seconds:F2} s = {result.Rows / result.Seconds:N0} rows/s "
                + $"(machine {result.MachineBusy:P0} busy, other processes {result.Others:P0})");
            if (best is null || result.Others < best.Others)
            {
                best = result;
            }

            if (result.Others <= OthersLimit)
            {
                break;
            }

            if (attempt < MaxAttempts)
            {
                Console.WriteLine("    disturbed by other processes; running it again");
            }
        }

        return best!;
    }

    public static TimeSpan QuietWait { get; set; } = TimeSpan.FromMinutes(2);

    public static double OthersLimit { get; set; } = 0.05;

    public static int MaxAttempts { get; set; } = 4;

    public static Run FromChild(ChildResult child) => new(child.Rows, child.Seconds, child.Tables, child);

    /// <summary>Flushes dirty pages to disk so one measurement does not pay for the previous one's writes.</summary>
    public static void Sync()
    {
        using var sync = System.Diagnostics.Process.Start("sync");
        sync?.WaitForExit();
    }
}
