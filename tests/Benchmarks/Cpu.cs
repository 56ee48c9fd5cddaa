using System.Globalization;

namespace DbPickle.Benchmarks;

/// <summary>
/// CPU accounting from /proc, because the benchmark shares its machine with whatever else runs there. It waits for a
/// quiet moment before each measurement, and measures how much CPU *other* processes used during it: the machine's
/// busy time minus this process's (with its reaped child processes) and the benchmark's database server's. A run that
/// others disturbed is repeated.
/// </summary>
public static class Cpu
{
    private static int? s_serverPid;

    public readonly record struct Sample(long MachineBusy, long MachineTotal, long Ours);

    /// <summary>Counts the PostgreSQL server listening on <paramref name="port"/> (the postmaster and its backends) as the benchmark's own.</summary>
    public static void AttributeServer(int port)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                var p = Array.IndexOf(arguments, "-p");
                if (Path.GetFileName(arguments[0]) == "postgres" && p >= 0 && p + 1 < arguments.Length && arguments[p + 1] == port.ToString(CultureInfo.InvariantCulture))
                {
                    s_serverPid = pid;
                    return;
                }
            }
            catch (IOException)
            {
            }
        }

        Console.WriteLine($"    (could not find the PostgreSQL server on port {port}; its CPU will count as other processes')");
    }

    public static Sample Take()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4]; // idle + iowait
        var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal
        var ours = ProcessJiffies("/proc/self/stat", withReapedChildren: true);
        if (s_serverPid is { } server)
        {
            ours += ProcessJiffies($"/proc/{server}/stat", withReapedChildren: true);
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), out _) && Stat(Path.Combine(directory, "stat")) is { } stat && stat[1] == server.ToString(CultureInfo.InvariantCulture))
                {
                    ours += long.Parse(stat[11], CultureInfo.InvariantCulture) + long.Parse(stat[12], CultureInfo.InvariantCulture);
                }
            }
        }

        return new Sample(total - idle, total, ours);
    }

    /// <summary>Share of the whole machine (all cores) that was busy between two samples, 0..1.</summary>
    public static double Busy(Sample from, Sample to)
        => to.MachineTotal == from.MachineTotal ? 0 : (double)(to.MachineBusy - from.MachineBusy) / (to.MachineTotal - from.MachineTotal);

    /// <summary>Share of the whole machine used by processes that are not the benchmark's, 0..1.</summary>
    public static double Others(Sample from, Sample to)
        => to.MachineTotal == from.MachineTotal
            ? 0
            : Math.Max(0, (double)(to.MachineBusy - from.MachineBusy - (to.Ours - from.Ours)) / (to.MachineTotal - from.MachineTotal));

    /// <summary>Waits until the machine used less than <paramref name="threshold"/> of its cores for a full second, or <paramref name="maxWait"/> passed.</summary>
    public static bool WaitUntilQuiet(TimeSpan maxWait, double threshold = 0.1)
    {
        var deadline = DateTime.UtcNow + maxWait;
        var announced = false;
        while (true)
        {
            var before = Take();
            Thread.Sleep(1000);
            var others = Others(before, Take());
            if (others < threshold)
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                Console.WriteLine($"    other processes still use {others:P0} of the machine after {maxWait.TotalSeconds:F0} s; measuring anyway");
                return false;
            }

            if (!announced)
            {
                Console.WriteLine($"    other processes use {others:P0} of the machine; waiting for a quiet moment...");
                announced = true;
            }
        }
    }

    /// <summary>utime + stime (+ cutime + cstime) in clock ticks.</summary>
    private static long ProcessJiffies(string path, bool withReapedChildren)
    {
        if (Stat(path) is not { } stat)
        {
            return 0;
        }

        var jiffies = long.Parse(stat[11], CultureInfo.InvariantCulture) + long.Parse(stat[12], CultureInfo.InvariantCulture);
        if (withReapedChildren)
        {
            jiffies += long.Parse(stat[13], CultureInfo.InvariantCulture) + long.Parse(stat[14], CultureInfo.InvariantCulture);
        }

        return jiffies;
    }

    /// <summary>The fields of /proc/PID/stat after the command name: [0] state, [1] ppid, ..., [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[]? Stat(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
