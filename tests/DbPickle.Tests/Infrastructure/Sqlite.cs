using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DbPickle.Tests.Infrastructure;

/// <summary>Real SQLite files for the tests: contexts without connection pooling, raw SQL, and file fingerprints.</summary>
public static class Sqlite
{
    /// <summary>Without pooling a closed connection releases the file, so it can be hashed, compared and deleted.</summary>
    public static string ConnectionString(string path)
        => new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

    public static DbContextOptions<TContext> Options<TContext>(string path, ILoggerFactory? loggerFactory = null)
        where TContext : DbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>().UseSqlite(ConnectionString(path));
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return builder.Options;
    }

    /// <summary>Runs statements on a connection of its own, closed afterwards.</summary>
    public static void Execute(string path, params string[] statements)
    {
        using var connection = new SqliteConnection(ConnectionString(path));
        connection.Open();
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The first column of the first row, on a connection of its own.</summary>
    public static long Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection(ConnectionString(path));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every value of the first column, on a connection of its own.</summary>
    public static List<long> Column(string path, string sql)
    {
        using var connection = new SqliteConnection(ConnectionString(path));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }

    /// <summary>SHA-256 of the file's bytes. Call only when every connection to it is closed.</summary>
    public static string Hash(string path) => Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(path)));

    /// <summary>Asserts the database file is byte-for-byte what it was, and that no journal was left beside it.</summary>
    public static void AssertUnchanged(string path, string hashBefore)
    {
        Assert.False(System.IO.File.Exists(path + "-journal"), "a rollback journal was left beside the database");
        Assert.False(System.IO.File.Exists(path + "-wal"), "a write-ahead log was left beside the database");
        Assert.Equal(hashBefore, Hash(path));
    }
}
