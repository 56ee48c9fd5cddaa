using DbPickle.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;

namespace DbPickle.Model;

/// <summary>
/// The generated snapshot definition checked against the DbContext's runtime model (the truth for tables, columns,
/// keys, foreign keys and converters), with the insert order the runtime will use.
/// </summary>
internal sealed class SnapshotModel
{
    private readonly Dictionary<string, TableMapping> _byEntity;

    private SnapshotModel(TableMapping[] tablesInInsertOrder, List<ForeignKeyCheck> foreignKeyChecks)
    {
        Tables = tablesInInsertOrder;
        ForeignKeyChecks = foreignKeyChecks;
        _byEntity = new Dictionary<string, TableMapping>(StringComparer.Ordinal);
        foreach (var table in tablesInInsertOrder)
        {
            _byEntity[table.EntityName] = table;
        }
    }

    /// <summary>Tables in foreign-key order: every table after the tables it references.</summary>
    public IReadOnlyList<TableMapping> Tables { get; }

    /// <summary>Every foreign key touching a snapshot table, to verify after a load that no row was orphaned.</summary>
    public IReadOnlyList<ForeignKeyCheck> ForeignKeyChecks { get; }

    public TableMapping? FindByEntity(string entityName) => _byEntity.GetValueOrDefault(entityName);

    public TableMapping? FindByTable(string table)
    {
        foreach (var mapping in Tables)
        {
            if (string.Equals(mapping.Table, table, StringComparison.OrdinalIgnoreCase))
            {
                return mapping;
            }
        }

        return null;
    }

    public static SnapshotModel Bind(DbContext context, SnapshotDefinition definition, ILogger logger)
    {
        var model = context.Model;
        var problems = new List<string>();
        var tables = new List<TableMapping>();
        foreach (var codec in definition.Entities)
        {
            if (BindTable(model, codec, problems) is { } table)
            {
                tables.Add(table);
            }
        }

        if (problems.Count > 0)
        {
            throw new SnapshotSchemaException(problems);
        }

        BindForeignKeys(tables);
        var order = InsertOrder.Compute(tables);
        if (!InsertOrder.SameOrder(order, tables))
        {
            SnapshotLog.PlanDisagrees(
                logger,
                string.Join(", ", tables.Select(t => t.Table)),
                string.Join(", ", order.Select(t => t.Table)));
        }

        var snapshotTypes = tables.Select(t => t.EntityType).ToHashSet();
        return new SnapshotModel([.. order], ForeignKeyCheck.Collect(model, snapshotTypes));
    }

    private static TableMapping? BindTable(IModel model, EntityCodec codec, List<string> problems)
    {
        // Nested types: EF Core may name them with '.' where the CLR full name has '+'.
        var entityType = model.FindEntityType(codec.EntityName)
            ?? model.GetEntityTypes().FirstOrDefault(e => !e.HasSharedClrType && e.ClrType.FullName == codec.EntityName);
        if (entityType is null)
        {
            problems.Add($"entity type '{codec.EntityName}' is marked [Snapshot] but is not part of the context's model.");
            return null;
        }

        var table = entityType.GetTableName();
        if (table is null)
        {
            problems.Add($"entity type '{codec.EntityName}' is not mapped to a table (views and queries cannot be loaded).");
            return null;
        }

        if (entityType.BaseType is not null || entityType.GetDerivedTypes().Any())
        {
            problems.Add($"entity type '{codec.EntityName}' takes part in an inheritance hierarchy, which this version does not snapshot yet.");
            return null;
        }

        if (entityType.IsOwned() || entityType.GetComplexProperties().Any() || entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned()))
        {
            problems.Add($"entity type '{codec.EntityName}' has owned or complex types, which this version does not snapshot yet.");
            return null;
        }

        var primaryKey = entityType.FindPrimaryKey();
        if (primaryKey is null)
        {
            problems.Add($"entity type '{codec.EntityName}' has no primary key; keyless entity types cannot be snapshotted.");
            return null;
        }

        var storeObject = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        var columns = new List<ColumnMapping>();
        foreach (var property in entityType.GetProperties())
        {
            var index = IndexOf(codec, property.Name);
            if (index < 0)
            {
                problems.Add(property.IsShadowProperty()
                    ? $"property '{property.Name}' of '{codec.EntityName}' is a shadow property, which this version does not snapshot yet; declare it on the class."
                    : $"property '{property.Name}' of '{codec.EntityName}' (type {property.ClrType.Name}) is mapped by EF Core but the generator could not encode it; see diagnostic DBPK006.");
                continue;
            }

            var columnName = property.GetColumnName(storeObject) ?? property.GetColumnName();
            columns.Add(new ColumnMapping(property, index, codec.Properties[index], columnName));
        }

        var keyColumns = new int[primaryKey.Properties.Count];
        for (var k = 0; k < keyColumns.Length; k++)
        {
            keyColumns[k] = columns.FindIndex(c => c.Property == primaryKey.Properties[k]);
            if (keyColumns[k] >= 0)
            {
                columns[keyColumns[k]].IsKey = true;
            }
        }

        return new TableMapping(codec, entityType, table, entityType.GetSchema(), [.. columns], keyColumns);
    }

    private static void BindForeignKeys(List<TableMapping> tables)
    {
        var byType = tables.ToDictionary(t => t.EntityType);
        foreach (var dependent in tables)
        {
            foreach (var foreignKey in dependent.EntityType.GetForeignKeys())
            {
                if (!byType.TryGetValue(foreignKey.PrincipalEntityType, out var principal))
                {
                    continue;
                }

                var mapping = new ForeignKeyMapping(
                    dependent,
                    [.. foreignKey.Properties.Select(p => Array.FindIndex(dependent.Columns, c => c.Property == p))],
                    principal,
                    [.. foreignKey.PrincipalKey.Properties.Select(p => Array.FindIndex(principal.Columns, c => c.Property == p))],
                    foreignKey.IsRequired);
                dependent.ForeignKeys.Add(mapping);
                if (principal == dependent)
                {
                    dependent.SelfReference ??= mapping;
                }
                else if (!dependent.Principals.Contains(principal))
                {
                    dependent.Principals.Add(principal);
                }
            }
        }
    }

    private static int IndexOf(EntityCodec codec, string propertyName)
    {
        for (var i = 0; i < codec.Properties.Count; i++)
        {
            if (codec.Properties[i].Name == propertyName)
            {
                return i;
            }
        }

        return -1;
    }
}
