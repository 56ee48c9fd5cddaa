using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Chinook.Aot;

/// <summary>
/// How <c>dotnet ef</c> creates the SQLite context for <c>dbcontext optimize</c> and <c>dbcontext script</c>
/// (regenerate-model.sh). Neither command connects, so the connection string only names the provider.
/// </summary>
public sealed class ChinookContextDesignTimeFactory : IDesignTimeDbContextFactory<ChinookContext>
{
    /// <inheritdoc />
    public ChinookContext CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<ChinookContext>().UseSqlite("Data Source=design-time.sqlite").Options);
}
