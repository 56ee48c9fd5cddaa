using Microsoft.EntityFrameworkCore;

namespace Chinook.Aot;

/// <summary>
/// The Chinook model on PostgreSQL. A compiled model is built for one provider, so PostgreSQL needs a context type of
/// its own; the table and column names stay those of <see cref="ChinookContext"/>, so the comparer pairs the SQLite
/// source with the PostgreSQL target table by table.
/// </summary>
public sealed class PostgresChinookContext(DbContextOptions<PostgresChinookContext> options) : ChinookContext(options)
{
    /// <inheritdoc />
    /// <remarks>Runs only at design time (dotnet ef): at run time the compiled model replaces it.</remarks>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                // The SQLite-flavoured store types (NVARCHAR, DATETIME) mean nothing to PostgreSQL: let the provider derive
                // varchar(n) and numeric(p,s) from the facets, and keep dates without a time zone, as the SQLite file has them.
                var isDate = property.ClrType == typeof(DateTime) || property.ClrType == typeof(DateTime?);
                property.SetColumnType(isDate ? "timestamp without time zone" : null);
            }
        }
    }
}
