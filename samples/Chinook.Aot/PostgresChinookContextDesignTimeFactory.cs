using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Chinook.Aot;

/// <summary>How <c>dotnet ef</c> creates the PostgreSQL context; nothing connects to the server named here.</summary>
public sealed class PostgresChinookContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresChinookContext>
{
    /// <inheritdoc />
    public PostgresChinookContext CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<PostgresChinookContext>().UseNpgsql("Host=localhost;Database=chinook").Options);
}
