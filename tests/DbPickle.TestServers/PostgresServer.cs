using System.Diagnostics;

namespace DbPickle.TestServers;

/// <summary>
/// A throwaway PostgreSQL server started from the installed Debian binaries: a temporary data directory, loopback
/// only, fsync off. One per test run; stopped by its own pid when the process exits.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> s_shared = new(() => Start(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Process _process;
    private readonly string _dataDirectory;

    private PostgresServer(Process process, string dataDirectory, int port)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server shared by every test of this run, started on first use.</summary>
    public static PostgresServer Shared => s_shared.Value;

    /// <summary>Connection string for <paramref name="database"/> as the superuser <c>postgres</c> (trust authentication).</summary>
    public string ConnectionString(string database = "postgres")
        => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Include Error Detail=true";

    public static PostgresServer Start()
    {
        var bin = FindBinaries();
        var data = ServerProcess.CreateDataDirectory("dbpickle-pg", "postgres");
        System.Diagnostics.Process? started = null;
        try
        {
            var (initFile, initArgs) = ServerProcess.AsUser(
                "postgres", Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
            ServerProcess.Run(initFile, initArgs, TimeSpan.FromMinutes(1));
            var port = ServerProcess.FreeLoopbackPort();
            var (file, args) = ServerProcess.AsUser(
                "postgres",
                Path.Combine(bin, "postgres"),
                "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", data,
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=50");
            var process = started = ServerProcess.StartServer(file, args, data + ".log", "-INT", data);
            var server = new PostgresServer(process, data, port);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
            ServerProcess.WaitUntilAccepting(process, port, data + ".log");

            // PostgreSQL accepts TCP connections while it is still starting up and then rejects them ("the database system
            // is starting up"); pg_isready answers at once with exit code 1 then, so ask until it says ready (0).
            WaitUntilReady(bin, process, port, data + ".log");
            return server;
        }
        catch (Exception exception) when (exception is not ServerUnavailableException)
        {
            if (started is not null)
            {
                ServerProcess.Stop(started);
            }

            throw new ServerUnavailableException(
                $"Could not start a throwaway PostgreSQL server ({exception.Message}). Install it with `apt-get install -y postgresql` (.ci/run does).", exception);
        }
    }

    public void Dispose()
    {
        ServerProcess.Stop(_process);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
            File.Delete(_dataDirectory + ".log");
        }
        catch (IOException)
        {
        }
    }

    private static void WaitUntilReady(string bin, System.Diagnostics.Process process, int port, string logPath)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (true)
        {
            try
            {
                ServerProcess.Run(Path.Combine(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", portText, "-t", "5"], TimeSpan.FromSeconds(15));
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                Thread.Sleep(100);
            }
            catch (InvalidOperationException exception)
            {
                throw new InvalidOperationException($"{exception.Message}\nserver log ({logPath}):\n{(File.Exists(logPath) ? File.ReadAllText(logPath) : "(none)")}", exception);
            }
        }
    }

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "postgres"))).OrderDescending().FirstOrDefault()
            : null;
        return bin ?? throw new ServerUnavailableException(
            "PostgreSQL binaries not found under /usr/lib/postgresql. Install them with `apt-get install -y postgresql` (.ci/run does).");
    }
}
