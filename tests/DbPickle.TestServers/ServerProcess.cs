using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DbPickle.TestServers;

/// <summary>Process plumbing shared by the throwaway database servers: running setup commands, free ports, stopping by pid.</summary>
internal static class ServerProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a command to completion; throws with its output when it fails.</summary>
    public static string Run(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }

        return stdout.Result;
    }

    /// <summary>
    /// Starts a long-running server in the foreground (a child of this process, so its pid is ours), logging to a file,
    /// with a watchdog that stops it (with <paramref name="stopSignal"/>) and deletes its data directory once this
    /// process is gone: a test host can be killed before its exit handlers run, and servers must not outlive it.
    /// </summary>
    public static Process StartServer(string file, IEnumerable<string> arguments, string logPath, string stopSignal, string dataDirectory)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        StartWatchdog(Environment.ProcessId, process.Id, stopSignal, dataDirectory);
        return process;
    }

    /// <summary>Asks a server to shut down with <paramref name="signal"/>, then kills it if it lingers.</summary>
    public static void Stop(Process process, string signal = "-INT")
    {
        if (process.HasExited)
        {
            return;
        }

        try
        {
            Run("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
            if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception) when (process.HasExited)
        {
        }
    }

    private static void StartWatchdog(int ownerPid, int serverPid, string stopSignal, string dataDirectory)
    {
        var script =
            $"while kill -0 {ownerPid} 2>/dev/null && kill -0 {serverPid} 2>/dev/null; do sleep 1; done; " +
            $"kill {stopSignal} {serverPid} 2>/dev/null; for i in $(seq 1 30); do kill -0 {serverPid} 2>/dev/null || break; sleep 0.5; done; " +
            $"kill -KILL {serverPid} 2>/dev/null; rm -rf '{dataDirectory}' '{dataDirectory}.log'";
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "bash", "-c", script })
        {
            info.ArgumentList.Add(argument);
        }

        // setsid puts the watchdog in its own session, so signals aimed at the test host's group leave it running.
        Process.Start(info)?.Dispose();
    }

    /// <summary>Waits until the server accepts TCP connections on loopback (readiness, not just a started process).</summary>
    public static void WaitUntilAccepting(Process process, int port, string logPath)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {process.ExitCode}; its log ({logPath}):\n{SafeRead(logPath)}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        Stop(process);
        throw new TimeoutException($"the server did not accept connections within 60 s; its log ({logPath}):\n{SafeRead(logPath)}");
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A temporary directory the server's OS user can own.</summary>
    public static string CreateDataDirectory(string prefix, string owner)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        if (IsRoot)
        {
            Run("chown", [$"{owner}:{owner}", path], TimeSpan.FromSeconds(10));
        }

        return path;
    }

    /// <summary>Runs a server binary as its own OS user when we are root (PostgreSQL refuses to run as root).</summary>
    public static (string File, List<string> Arguments) AsUser(string user, string file, params string[] arguments)
        => IsRoot
            ? ("setpriv", [$"--reuid={user}", $"--regid={user}", "--init-groups", file, .. arguments])
            : (file, [.. arguments]);
}
