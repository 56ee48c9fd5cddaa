using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Chinook;

/// <summary>The bundled Chinook SQLite file, contexts over SQLite files, and a data comparer for tests and demos.</summary>
public static class ChinookDatabase
{
    /// <summary>
    /// Path of the Chinook SQLite file copied into the <c>data</c> folder of the build output. Treat it as read-only:
    /// work on a copy made with <see cref="CopyTo"/>.
    /// </summary>
    public static string SourcePath { get; } = Path.Combine(AppContext.BaseDirectory, "data", "Chinook_Sqlite.sqlite");

    /// <summary>Copies the Chinook file to <paramref name="destinationPath"/>, replacing any file there.</summary>
    /// <param name="destinationPath">Where to put the copy; missing directories are created.</param>
    /// <returns>The full path of the copy.</returns>
    public static string CopyTo(string destinationPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        if (!File.Exists(SourcePath))
        {
            throw new FileNotFoundException("The Chinook database was not copied to the build output.", SourcePath);
        }

        var fullPath = Path.GetFullPath(destinationPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.Copy(SourcePath, fullPath, overwrite: true);

        // A read-only checkout would otherwise hand its read-only bit on to the copy, and SQLite could not write it.
        File.SetAttributes(fullPath, FileAttributes.Normal);
        return fullPath;
    }

    /// <summary>Creates a <see cref="ChinookContext"/> over a SQLite file, which SQLite creates if missing.</summary>
    /// <param name="sqliteFilePath">The database file.</param>
    /// <returns>A context the caller disposes.</returns>
    public static ChinookContext Open(string sqliteFilePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(sqliteFilePath);

        // Without pooling the file handle is released on dispose, so temporary files can be deleted right after.
        var connectionString = new SqliteConnectionStringBuilder { DataSource = sqliteFilePath, Pooling = false }.ToString();
        var options = new DbContextOptionsBuilder<ChinookContext>().UseSqlite(connectionString).Options;
        return new ChinookContext(options);
    }

    /// <summary>
    /// Compares the data of every table mapped by <paramref name="expected"/>'s model with the same table of
    /// <paramref name="actual"/>: row counts, and every column of every row paired by primary key.
    /// </summary>
    /// <param name="expected">Context over the reference database; its model decides which tables and columns are compared.</param>
    /// <param name="actual">Context over the database to check; it may use another model that maps the same tables.</param>
    /// <returns>Every difference found, table by table in primary-key order; empty when the data is identical.</returns>
    public static IReadOnlyList<TableDifference> Compare(DbContext expected, DbContext actual)
        => CompareTables(expected, actual).SelectMany(t => t.Differences).ToList();

    /// <summary>Like <see cref="Compare"/>, but grouped per table with the row counts of both sides.</summary>
    /// <param name="expected">Context over the reference database; its model decides which tables and columns are compared.</param>
    /// <param name="actual">Context over the database to check.</param>
    /// <returns>One entry per table of <paramref name="expected"/>'s model.</returns>
    public static IReadOnlyList<TableComparison> CompareTables(DbContext expected, DbContext actual)
        => DatabaseComparer.Compare(expected, actual);
}
