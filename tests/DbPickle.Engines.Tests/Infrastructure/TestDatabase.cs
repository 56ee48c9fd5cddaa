using DbPickle.TestServers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MySql.Data.MySqlClient;
using Npgsql;

namespace DbPickle.Engines.Tests.Infrastructure;

/// <summary>
/// A new, empty database on one engine: a file for SQLite, a database on the run's throwaway server for PostgreSQL
/// and MariaDB. Dropped on dispose.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private TestDatabase(Engine engine, string name, string connectionString)
    {
        Engine = engine;
        Name = name;
        ConnectionString = connectionString;
    }

    public Engine Engine { get; }

    public string Name { get; }

    public string ConnectionString { get; }

    public static TestDatabase Create(Engine engine)
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..16];
        switch (engine)
        {
            case Engine.Sqlite:
                var path = Path.Combine(Path.GetTempPath(), $"dbpickle-engines-{name}.sqlite");
                return new TestDatabase(engine, path, $"Data Source={path};Pooling=False");
            case Engine.PostgreSql:
                var pg = PostgresServer.Shared;
                ExecutePostgres(pg.ConnectionString(), $"CREATE DATABASE \"{name}\"");
                return new TestDatabase(engine, name, pg.ConnectionString(name));
            default:
                var maria = MariaDbServer.Shared;
                ExecuteMariaDb(maria.ConnectionString(), $"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                return new TestDatabase(engine, name, maria.ConnectionString(name));
        }
    }

    /// <summary>Wraps an existing database (e.g. one a script created); not dropped on dispose.</summary>
    public static TestDatabase Existing(Engine engine, string name, string connectionString) => new(engine, "existing:" + name, connectionString);

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, Engine engine, string connectionString)
        => engine switch
        {
            Engine.Sqlite => builder.UseSqlite(connectionString),
            Engine.PostgreSql => builder.UseNpgsql(connectionString),
            _ => builder.UseMySQL(connectionString),
        };

    public DbContextOptions<TContext> Options<TContext>()
        where TContext : DbContext
        => (DbContextOptions<TContext>)Configure(new DbContextOptionsBuilder<TContext>(), Engine, ConnectionString).Options;

    public static void ExecutePostgres(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public static void ExecuteMariaDb(string connectionString, string sql)
    {
        using var connection = new MySqlConnection(connectionString);
        connection.Open();
        using var command = new MySqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (Name.StartsWith("existing:", StringComparison.Ordinal))
        {
            return;
        }

        switch (Engine)
        {
            case Engine.Sqlite:
                SqliteConnection.ClearAllPools();
                File.Delete(Name);
                break;
            case Engine.PostgreSql:
                ExecutePostgres(PostgresServer.Shared.ConnectionString(), $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
                break;
            default:
                ExecuteMariaDb(MariaDbServer.Shared.ConnectionString(), $"DROP DATABASE IF EXISTS `{Name}`");
                break;
        }
    }
}
