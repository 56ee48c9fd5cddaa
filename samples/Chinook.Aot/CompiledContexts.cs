using Chinook.Aot.CompiledModels.Postgres;
using Chinook.Aot.CompiledModels.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Chinook.Aot;

/// <summary>
/// Contexts for the AOT binary. Each names its compiled model with <c>UseModel</c>: EF Core would also find it by the
/// assembly attribute dotnet ef writes, but saying it here keeps obvious which model runs, and fails at compile time
/// when the generated model is missing.
/// </summary>
internal static class CompiledContexts
{
    public static ChinookContext Sqlite(string path)
        => new(new DbContextOptionsBuilder<ChinookContext>()
            .UseModel(ChinookContextModel.Instance)
            .UseSqlite(SqliteConnectionString(path))
            .Options);

    public static PostgresChinookContext Postgres(string connectionString)
        => new(new DbContextOptionsBuilder<PostgresChinookContext>()
            .UseModel(PostgresChinookContextModel.Instance)
            .UseNpgsql(connectionString)
            .Options);

    /// <summary>What an app that never ran <c>dotnet ef dbcontext optimize</c> has: a context without a compiled model.</summary>
    public static UncompiledChinookContext SqliteWithoutCompiledModel(string path)
        => new(new DbContextOptionsBuilder<UncompiledChinookContext>().UseSqlite(SqliteConnectionString(path)).Options);

    // Without pooling the file handle is released on dispose, so the work directory can be deleted right after.
    private static string SqliteConnectionString(string path)
        => new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
}
