using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DbPickle.Benchmarks;

/// <summary>What the report says about the machine and the code measured.</summary>
public static class EnvironmentInfo
{
    public static string Machine()
    {
        var cpu = ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ReadField("/proc/meminfo", "MemTotal") is { } total && long.TryParse(total.Split(' ')[0], out var kib)
            ? $"{kib / 1048576.0:F0} GiB RAM"
            : "RAM unknown";
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory}, {RuntimeInformation.OSDescription}";
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";

    /// <summary>The repository's commit and whether src/ had uncommitted changes when measured.</summary>
    public static string Source()
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !Directory.Exists(Path.Combine(root, ".git")))
        {
            root = Path.GetDirectoryName(root.TrimEnd('/'));
        }

        if (root is null)
        {
            return "source revision unknown";
        }

        var commit = Git(root, "log", "-1", "--format=%h %cd %s", "--date=format:%Y-%m-%d %H:%M").Trim();
        var dirty = Git(root, "status", "--porcelain", "--", "src").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        var assembly = typeof(SnapshotSummary).Assembly;
        var built = File.GetLastWriteTimeUtc(assembly.Location);
        return $"commit {commit}" + (dirty > 0 ? $", with {dirty} uncommitted file(s) under src/" : ", src/ clean")
            + $"; DbPickle.dll built {built:yyyy-MM-dd HH:mm} UTC (MVID {assembly.ManifestModule.ModuleVersionId.ToString()[..8]})";
    }

    private static string Git(string directory, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    private static string? ReadField(string path, string field)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
