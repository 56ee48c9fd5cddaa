using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DbPickle.Model;

/// <summary>
/// A foreign key of the runtime model that touches a snapshot table (from either side, from snapshot and
/// non-snapshot tables alike), with the names needed to look for orphans after a load.
/// </summary>
internal sealed record ForeignKeyCheck(
    IEntityType Dependent,
    IEntityType Principal,
    string DependentTable,
    string? DependentSchema,
    string[] DependentKeyColumns,
    string[] DependentKeyProperties,
    string[] ForeignKeyColumns,
    string[] ForeignKeyProperties,
    string PrincipalTable,
    string? PrincipalSchema,
    string[] PrincipalColumns,
    DeleteBehavior DeleteBehavior)
{
    /// <summary>
    /// Whether deleting a principal row makes the database change dependent rows (<c>ON DELETE CASCADE</c> or
    /// <c>SET NULL</c>); EF's other behaviours leave the database to refuse or do nothing.
    /// </summary>
    public bool ChangesDependentsOnDelete => DeleteBehavior is DeleteBehavior.Cascade or DeleteBehavior.SetNull;

    public string DependentDisplay => DependentSchema is null ? DependentTable : $"{DependentSchema}.{DependentTable}";

    public string PrincipalDisplay => PrincipalSchema is null ? PrincipalTable : $"{PrincipalSchema}.{PrincipalTable}";

    /// <summary>Every table-mapped foreign key of <paramref name="model"/> whose dependent or principal is in <paramref name="snapshotTypes"/>.</summary>
    public static List<ForeignKeyCheck> Collect(IModel model, IReadOnlySet<IEntityType> snapshotTypes)
    {
        var checks = new List<ForeignKeyCheck>();
        foreach (var dependent in model.GetEntityTypes())
        {
            if (dependent.GetTableName() is not { } table || dependent.FindPrimaryKey() is not { } key)
            {
                continue;
            }

            var store = StoreObjectIdentifier.Table(table, dependent.GetSchema());
            foreach (var foreignKey in dependent.GetForeignKeys())
            {
                var principal = foreignKey.PrincipalEntityType;
                if ((!snapshotTypes.Contains(dependent) && !snapshotTypes.Contains(principal)) || principal.GetTableName() is not { } principalTable)
                {
                    continue;
                }

                var principalStore = StoreObjectIdentifier.Table(principalTable, principal.GetSchema());
                checks.Add(new ForeignKeyCheck(
                    dependent,
                    principal,
                    table,
                    dependent.GetSchema(),
                    [.. key.Properties.Select(p => p.GetColumnName(store) ?? p.GetColumnName())],
                    [.. key.Properties.Select(p => p.Name)],
                    [.. foreignKey.Properties.Select(p => p.GetColumnName(store) ?? p.GetColumnName())],
                    [.. foreignKey.Properties.Select(p => p.Name)],
                    principalTable,
                    principal.GetSchema(),
                    [.. foreignKey.PrincipalKey.Properties.Select(p => p.GetColumnName(principalStore) ?? p.GetColumnName())],
                    foreignKey.DeleteBehavior));
            }
        }

        return checks;
    }
}
