using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using DbPickle.Benchmarks.Raw;
using DbPickle.Benchmarks.Shop;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Benchmarks;

/// <summary>What one measured operation did, inside a fresh process.</summary>
public sealed record ChildResult(
    string Engine,
    string Operation,
    long Rows,
    long Bytes,
    double Seconds,
    List<TableTime> Tables,
    Dictionary<string, double> Phases,
    double BaselineRssMiB,
    double PeakRssMiB,
    double PeakManagedHeapMiB,
    double AllocatedMiB,
    int Gen0,
    int Gen1,
    int Gen2,
    double JitMilliseconds,
    double CpuSeconds);

/// <summary>
/// Runs one measured operation in a fresh process: DbPickle's and the raw limits' alike, so all start equally cold (JIT
/// included) and DbPickle's peak memory is its own. The parent (which holds the generated data set to populate the
/// source) starts <c>DbPickle.Benchmarks child ...</c> and reads one JSON line back.
/// </summary>
public static class Child
{
    private const string ResultPrefix = "RESULT ";

    public static ChildResult Run(string engine, string operation, string target, string file = "-", double scale = 0)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in new[] { "child", engine, operation, target, file, scale.ToString("R", System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the child process");
        ChildResult? result = null;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
            {
                result = JsonSerializer.Deserialize<ChildResult>(line[ResultPrefix.Length..]);
            }
            else
            {
                Console.WriteLine("    child: " + line);
            }
        }

        process.WaitForExit();
        if (process.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"child '{engine} {operation}' exited with {process.ExitCode} and no result (its errors are above)");
        }

        return result;
    }

    /// <summary>
    /// The child's side: <c>child ENGINE OPERATION TARGET FILE SCALE</c>. TARGET is a SQLite path or a PostgreSQL
    /// connection string; FILE the snapshot file (dump, load); SCALE the data set that raw and EF inserts generate
    /// (before the measurement starts).
    /// </summary>
    public static int RunChild(string[] args)
    {
        var (engine, operation, target, file) = (args[0], args[1], args[2], args[3]);
        var scale = double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
        var sqlite = engine == "sqlite";
        ShopContext Open() => sqlite ? ShopContext.Sqlite(target) : ShopContext.Postgres(target);
        var data = operation is "raw-insert" or "raw-insert-capi" or "copy" or "copy-fast" or "copy-rebuild" or "ef" ? ShopData.Generate(scale) : null;
        using var db = Open();
        if (operation == "schema")
        {
            // Not measured: creates the shop's empty schema in TARGET, for measuring single operations by hand.
            db.Database.EnsureCreated();
            return 0;
        }

        // What any application has done before calling DbPickle: built EF Core's model and opened a connection once.
        _ = db.Model;
        db.Database.OpenConnection();
        db.Database.CloseConnection();

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = ProcessMemory.CurrentRssBytes();
        ProcessMemory.ResetPeakRss();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var jit = System.Runtime.JitInfo.GetCompilationTime(currentThread: false);
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var phases = new PhaseRecorder(clock);
        using var sampler = new HeapSampler();
        long rows;
        long bytes = 0;
        List<TableTime> tables = [];
        SnapshotSummary? summary = null;
        switch (operation)
        {
            case "dump":
                summary = ShopContextSnapshot.Dump(db, file, new DumpOptions { Progress = phases });
                break;
            case "load":
                // The shop's times are UTC; a file dumped from SQLite holds them without a kind.
                summary = ShopContextSnapshot.Load(db, file, new LoadOptions { Progress = phases, UnspecifiedDateTimeKind = DateTimeKind.Utc });
                break;
            case "raw-read":
                var sink = default(CountingSink);
                tables = sqlite ? SqliteRaw.ReadAll(target, ref sink) : PostgresRaw.ReadAll(target, ref sink);
                break;
            case "raw-copy-out":
                var fields = default(CountingSink);
                tables = PostgresRaw.CopyOutAll(target, ref fields);
                break;
            case "raw-read-capi":
                var counts = default(CountingSink);
                tables = SqliteRaw.ReadAllCApi(target, ref counts);
                break;
            case "raw-insert":
                tables = SqliteRaw.Insert(db, data!);
                break;
            case "raw-insert-capi":
                tables = SqliteRaw.Insert(db, data!, cApi: true);
                break;
            case "copy" or "copy-fast" or "copy-rebuild":
                tables = PostgresRaw.Copy(target, data!, dropForeignKeys: operation != "copy", rebuildIndexes: operation == "copy-rebuild");
                break;
            case "ef":
                tables = EfBaseline.Insert(Open, data!);
                break;
            default:
                throw new ArgumentException($"unknown operation '{operation}'", nameof(args));
        }

        clock.Stop();
        sampler.Stop();
        if (summary is not null)
        {
            rows = summary.TotalRows;
            bytes = summary.Bytes;
            tables = summary.Tables.Select(t => new TableTime(t.Table, t.Rows, t.Elapsed.TotalSeconds)).ToList();
        }
        else
        {
            rows = tables!.Sum(t => t.Rows);
        }

        var result = new ChildResult(
            engine,
            operation,
            rows,
            bytes,
            clock.Elapsed.TotalSeconds,
            tables,
            summary is null ? [] : phases.Phases(operation, summary, clock.Elapsed.TotalSeconds),
            baseline / 1048576.0,
            ProcessMemory.PeakRssBytes() / 1048576.0,
            sampler.PeakBytes / 1048576.0,
            (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2,
            (System.Runtime.JitInfo.GetCompilationTime(currentThread: false) - jit).TotalMilliseconds,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>Timestamps DbPickle's progress reports to split a load into its passes.</summary>
    private sealed class PhaseRecorder(Stopwatch clock) : IProgress<SnapshotProgress>
    {
        private readonly Dictionary<string, double> _firstSeen = [];
        private double _lastInsert;

        public void Report(SnapshotProgress value)
        {
            var now = clock.Elapsed.TotalSeconds;
            _firstSeen.TryAdd(value.Phase, now);
            if (value.Phase == "insert")
            {
                _lastInsert = now;
            }
        }

        public Dictionary<string, double> Phases(string operation, SnapshotSummary summary, double total)
        {
            var phases = new Dictionary<string, double>();
            if (operation == "load")
            {
                // Pass 1 ends when the first write-phase report arrives (delete in Replace mode, else insert).
                var firstWrite = _firstSeen.Where(p => p.Key != "validate").Select(p => p.Value).DefaultIfEmpty(total).Min();
                var inserts = summary.Tables.Sum(t => t.Elapsed.TotalSeconds);
                phases["pass 1: read file, decode, validate, spool"] = firstWrite;
                phases["pass 2: insert rows (sum of per-table times)"] = inserts;
                phases["pass 2: the rest (open, delete, counts)"] = _lastInsert - firstWrite - inserts;
                // PostgreSQL builds set-aside indexes again ("index"), then re-creates foreign keys ("constraint").
                var index = _firstSeen.GetValueOrDefault("index", double.NaN);
                var constraint = _firstSeen.GetValueOrDefault("constraint", double.NaN);
                if (double.IsNaN(index) && double.IsNaN(constraint))
                {
                    phases["after inserts: FK verification, sequence reset, commit"] = total - _lastInsert;
                }
                else
                {
                    var rebuilding = double.IsNaN(index) ? constraint : index;
                    var recreating = double.IsNaN(constraint) ? total : constraint;
                    phases["after inserts: counts, FK verification"] = rebuilding - _lastInsert;
                    phases["after inserts: index builds"] = recreating - rebuilding;
                    phases["after inserts: foreign keys re-created, sequence reset, commit"] = total - recreating;
                }
            }
            else
            {
                var reads = summary.Tables.Sum(t => t.Elapsed.TotalSeconds);
                phases["read + encode + write (sum of per-table times)"] = reads;
                phases["the rest (open, counts, header, commit)"] = total - reads;
            }

            return phases;
        }
    }

    /// <summary>Samples the managed heap every 5 ms on its own thread.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _peak;

        public HeapSampler()
        {
            _peak = GC.GetTotalMemory(false);
            _thread = new Thread(Sample) { IsBackground = true, Name = "heap sampler" };
            _thread.Start();
        }

        public long PeakBytes => Interlocked.Read(ref _peak);

        public void Stop()
        {
            _stop = true;
            _thread.Join();
            _peak = Math.Max(_peak, GC.GetTotalMemory(false));
        }

        public void Dispose() => Stop();

        private void Sample()
        {
            while (!_stop)
            {
                var now = GC.GetTotalMemory(false);
                if (now > _peak)
                {
                    Interlocked.Exchange(ref _peak, now);
                }

                Thread.Sleep(5);
            }
        }
    }
}

/// <summary>Resident set size from /proc (Linux): current, and peak since the last reset.</summary>
public static class ProcessMemory
{
    public static long CurrentRssBytes() => StatusKiB("VmRSS:") * 1024;

    /// <summary>VmHWM, the resident-set high-water mark (what Process.PeakWorkingSet64 reports on Linux).</summary>
    public static long PeakRssBytes() => StatusKiB("VmHWM:") * 1024;

    /// <summary>Resets VmHWM to the current RSS (writing 5 to /proc/self/clear_refs), so the peak is the operation's.</summary>
    public static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("could not reset the RSS peak; it then includes start-up: " + exception.Message);
        }
    }

    private static long StatusKiB(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
