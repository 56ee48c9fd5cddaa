using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DbPickle.Engines.Tests.Infrastructure;

/// <summary>
/// Compares two databases entity by entity through EF Core's own query pipeline (an implementation independent of
/// DbPickle), matching entity types and properties by name, so two physical layouts of one model (snake_case on
/// PostgreSQL, PascalCase elsewhere) compare directly. Returns one line per difference.
/// </summary>
public static class EntityComparer
{
    public static List<string> Compare(DbContext expected, DbContext actual, Func<IProperty, object?, object?>? normalize = null)
    {
        var differences = new List<string>();
        foreach (var entityType in expected.Model.GetEntityTypes().Where(e => e.GetTableName() is not null).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var actualType = actual.Model.FindEntityType(entityType.Name);
            if (actualType is null)
            {
                differences.Add($"{entityType.Name}: not in the actual model");
                continue;
            }

            var expectedRows = Rows(expected, entityType, normalize);
            var actualRows = Rows(actual, actualType, normalize);
            if (expectedRows.Count != actualRows.Count)
            {
                differences.Add($"{entityType.ShortName()}: {expectedRows.Count} rows expected, {actualRows.Count} found");
            }

            foreach (var (key, values) in expectedRows)
            {
                if (!actualRows.TryGetValue(key, out var other))
                {
                    differences.Add($"{entityType.ShortName()} [{key}]: missing");
                    continue;
                }

                foreach (var (property, value) in values)
                {
                    var found = other.GetValueOrDefault(property);
                    if (!Equals(value, found))
                    {
                        differences.Add($"{entityType.ShortName()} [{key}].{property}: expected {Format(value)}, found {Format(found)}");
                    }
                }
            }

            differences.AddRange(actualRows.Keys.Where(k => !expectedRows.ContainsKey(k)).Select(k => $"{entityType.ShortName()} [{k}]: unexpected row"));
        }

        return differences;
    }

    private static Dictionary<string, Dictionary<string, object?>> Rows(DbContext context, IEntityType entityType, Func<IProperty, object?, object?>? normalize)
    {
        var set = typeof(EntityComparer).GetMethod(nameof(Query), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(entityType.ClrType);
        var entities = (IEnumerable<object>)set.Invoke(null, [context])!;
        var key = entityType.FindPrimaryKey()!.Properties;
        var properties = entityType.GetProperties().ToList();
        var rows = new Dictionary<string, Dictionary<string, object?>>();
        foreach (var entity in entities)
        {
            var keyText = string.Join(",", key.Select(p => Format(p.GetGetter().GetClrValue(entity))));
            rows[keyText] = properties.ToDictionary(
                p => p.Name,
                p => normalize is null ? p.GetGetter().GetClrValue(entity) : normalize(p, p.GetGetter().GetClrValue(entity)));
        }

        return rows;
    }

    private static List<object> Query<TEntity>(DbContext context)
        where TEntity : class
        => context.Set<TEntity>().AsNoTracking().AsEnumerable().Cast<object>().ToList();

    private static string Format(object? value) => value switch
    {
        null => "null",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture) + $" ({d.Kind})",
        byte[] b => Convert.ToHexString(b),
        string s => '"' + s + '"',
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
