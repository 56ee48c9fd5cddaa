using System.Diagnostics;
using DbPickle.Engines.Tests.Infrastructure;
using DbPickle.TestServers;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Chinook;

/// <summary>
/// Chinook as each engine's source: the shipped SQLite file, and the official PostgreSQL and MySQL scripts run once
/// per test run with the engines' own command-line clients (so the source data owes nothing to DbPickle).
/// </summary>
public static class ChinookSources
{
    private static readonly Lazy<string> s_postgres = new(LoadPostgres);
    private static readonly Lazy<string> s_mariaDb = new(LoadMariaDb);
    private static readonly Lazy<string> s_sqlite = new(() => global::Chinook.ChinookDatabase.CopyTo(
        Path.Combine(Path.GetTempPath(), $"dbpickle-chinook-source-{Guid.NewGuid():N}.sqlite")));

    /// <summary>A context on the Chinook source of <paramref name="engine"/>; callers only read from it.</summary>
    public static global::Chinook.ChinookContext OpenSource(Engine engine) => engine switch
    {
        Engine.Sqlite => OpenChinook(engine, $"Data Source={s_sqlite.Value};Pooling=False"),
        Engine.PostgreSql => OpenChinook(engine, s_postgres.Value),
        _ => OpenChinook(engine, s_mariaDb.Value),
    };

    /// <summary>The Chinook model with the physical names and types of <paramref name="engine"/>.</summary>
    public static global::Chinook.ChinookContext OpenChinook(Engine engine, string connectionString)
    {
        if (engine == Engine.PostgreSql)
        {
            var options = (DbContextOptions<PostgresChinookContext>)TestDatabase
                .Configure(new DbContextOptionsBuilder<PostgresChinookContext>(), engine, connectionString).Options;
            return new PostgresChinookContext(options);
        }

        var chinookOptions = (DbContextOptions<global::Chinook.ChinookContext>)TestDatabase
            .Configure(new DbContextOptionsBuilder<global::Chinook.ChinookContext>(), engine, connectionString).Options;
        return new global::Chinook.ChinookContext(chinookOptions);
    }

    private static string LoadPostgres()
    {
        var server = PostgresServer.Shared;
        RunClient(
            "psql",
            ["-h", "127.0.0.1", "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
             "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-f", ScriptPath("Chinook_PostgreSql.sql")],
            stdin: null);
        return server.ConnectionString("chinook");
    }

    private static string LoadMariaDb()
    {
        var server = MariaDbServer.Shared;
        RunClient(
            "mariadb",
            ["-h", "127.0.0.1", "-P", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", "root",
             "--default-character-set=utf8mb4"],
            stdin: File.ReadAllText(ScriptPath("Chinook_MySql.sql")));
        return server.ConnectionString("Chinook");
    }

    private static string ScriptPath(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    private static void RunClient(string file, string[] arguments, string? stdin)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(TimeSpan.FromMinutes(3)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed loading the Chinook script:\n{output.Result}\n{error.Result}");
        }
    }
}
