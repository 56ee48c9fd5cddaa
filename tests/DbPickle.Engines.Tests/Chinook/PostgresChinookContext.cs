using System.Text;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Chinook;

/// <summary>
/// The Chinook model as the official PostgreSQL script lays it out: snake_case tables and columns, <c>timestamp</c>
/// (without time zone) dates. Same entities as <see cref="global::Chinook.ChinookContext"/>, other physical names:
/// the case that snapshot files bridge by matching entity and property names.
/// </summary>
public sealed class PostgresChinookContext(DbContextOptions<PostgresChinookContext> options) : global::Chinook.ChinookContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            entity.SetTableName(SnakeCase(entity.GetTableName()!));
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.GetColumnName()));

                // The SQLite-flavoured store types (NVARCHAR, DATETIME) mean nothing to PostgreSQL; let the provider
                // derive varchar(n) and numeric(p,s) from the facets, and keep dates zone-less like the script.
                property.SetColumnType(property.ClrType == typeof(DateTime) || property.ClrType == typeof(DateTime?) ? "timestamp without time zone" : null);
            }
        }
    }

    public static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
