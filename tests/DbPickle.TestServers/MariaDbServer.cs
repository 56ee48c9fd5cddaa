using System.Diagnostics;

namespace DbPickle.TestServers;

/// <summary>
/// A throwaway MariaDB server started from the installed Debian binaries: a temporary data directory, loopback
/// only, utf8mb4 (without it, --no-defaults gives latin1 and non-Latin text turns into '?'). One per test run, with
/// <c>local_infile</c> on, so loads take the LOAD DATA LOCAL INFILE path; another can be started without it.
/// </summary>
public sealed class MariaDbServer : IDisposable
{
    private static readonly Lazy<MariaDbServer> s_shared = new(() => Start(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Process _process;
    private readonly string _dataDirectory;

    private MariaDbServer(Process process, string dataDirectory, int port)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Port = port;
    }

    public int Port { get; }

    public static MariaDbServer Shared => s_shared.Value;

    /// <summary>
    /// Connection string for <paramref name="database"/> as root (no password, TLS off: loopback only). It allows
    /// <c>LOAD DATA LOCAL INFILE</c> (MySql.Data's <c>AllowLoadLocalInfile</c>) unless
    /// <paramref name="allowLoadLocalInfile"/> is false, which makes a load fall back to INSERT batches.
    /// </summary>
    public string ConnectionString(string? database = null, bool allowLoadLocalInfile = true)
        => $"Server=127.0.0.1;Port={Port};User ID=root;Password=;SslMode=Disabled;AllowPublicKeyRetrieval=true;Pooling=false"
           + (allowLoadLocalInfile ? ";AllowLoadLocalInfile=true" : string.Empty)
           + (database is null ? string.Empty : $";Database={database}");

    /// <summary>Starts a server; <paramref name="localInfile"/> false refuses <c>LOAD DATA LOCAL</c> on the server side.</summary>
    public static MariaDbServer Start(bool localInfile = true)
    {
        var daemon = new[] { "/usr/sbin/mariadbd", "/usr/sbin/mysqld" }.FirstOrDefault(File.Exists)
            ?? throw new ServerUnavailableException("mariadbd not found. Install it with `apt-get install -y mariadb-server` (.ci/run does).");
        var data = ServerProcess.CreateDataDirectory("dbpickle-mariadb", "mysql");
        System.Diagnostics.Process? started = null;
        try
        {
            var user = ServerProcess.IsRoot ? "mysql" : Environment.UserName;
            ServerProcess.Run(
                "mariadb-install-db",
                ["--no-defaults", $"--datadir={data}", $"--user={user}", "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"],
                TimeSpan.FromMinutes(2));
            var port = ServerProcess.FreeLoopbackPort();
            var process = started = ServerProcess.StartServer(
                daemon,
                [
                    "--no-defaults", $"--datadir={data}", $"--user={user}", "--bind-address=127.0.0.1", $"--port={port}",
                    $"--socket={data}/mysqld.sock", $"--pid-file={data}/mysqld.pid", "--character-set-server=utf8mb4",
                    "--collation-server=utf8mb4_unicode_ci", "--skip-log-bin", "--innodb-flush-log-at-trx-commit=0",
                    "--innodb-doublewrite=0", "--max-connections=50", localInfile ? "--local-infile=1" : "--local-infile=0",
                ],
                data + ".log", "-TERM", data);
            var server = new MariaDbServer(process, data, port);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
            ServerProcess.WaitUntilAccepting(process, port, data + ".log");
            return server;
        }
        catch (Exception exception) when (exception is not ServerUnavailableException)
        {
            if (started is not null)
            {
                ServerProcess.Stop(started, "-TERM");
            }

            throw new ServerUnavailableException(
                $"Could not start a throwaway MariaDB server ({exception.Message}). Install it with `apt-get install -y mariadb-server` (.ci/run does).", exception);
        }
    }

    public void Dispose()
    {
        // mariadbd ignores SIGINT; SIGTERM is its clean shutdown.
        ServerProcess.Stop(_process, "-TERM");
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
            File.Delete(_dataDirectory + ".log");
        }
        catch (IOException)
        {
        }
    }
}
