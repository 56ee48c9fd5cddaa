using DbPickle.Model;
using Microsoft.Extensions.Logging;

namespace DbPickle.Loading;

/// <summary>
/// Matches the file's tables and columns to the target model: tables by entity type name, then by table name;
/// columns by property name, then by column name (so a model mapped snake_case on one engine and PascalCase on another
/// loads across them). Differences no hook can resolve are collected and thrown together before anything is written.
/// </summary>
internal static class LoadPlanner
{
    public static TableLoadPlan[] Plan(SnapshotHeader header, SnapshotModel model, LoadOptions options, ILogger logger)
    {
        var problems = new List<string>();
        var plans = new TableLoadPlan[header.Tables.Count];
        var claimed = new HashSet<TableMapping>();
        for (var t = 0; t < header.Tables.Count; t++)
        {
            var file = header.Tables[t];
            var target = model.FindByEntity(file.EntityType) ?? model.FindByTable(file.Table);
            if (target is null)
            {
                if (!options.SkipUnknownTables)
                {
                    problems.Add(
                        $"table '{file.Table}' (entity '{file.EntityType}') is in the snapshot but the model has no [Snapshot] entity for it. "
                        + "Add it to the model, or set LoadOptions.SkipUnknownTables to leave its rows out.");
                }
                else
                {
                    SnapshotLog.UnknownTableSkipped(logger, file.Table);
                }

                plans[t] = new TableLoadPlan(t, file, null, []);
                continue;
            }

            if (!claimed.Add(target))
            {
                problems.Add($"tables of the snapshot map twice to entity '{target.EntityName}' ('{file.Table}').");
                continue;
            }

            plans[t] = new TableLoadPlan(t, file, target, PlanColumns(file, target, problems, logger));
        }

        if (problems.Count > 0)
        {
            throw new SnapshotSchemaException(problems);
        }

        return plans;
    }

    private static ColumnAction[] PlanColumns(SnapshotTableInfo file, TableMapping target, List<string> problems, ILogger logger)
    {
        var actions = new ColumnAction[file.Columns.Count];
        var fed = new bool[target.Columns.Length];
        var dropped = new List<string>();
        var hookName = $"OnPreWalk({ShortName(target.EntityName)} entity, SnapshotRow row)";
        for (var c = 0; c < actions.Length; c++)
        {
            var column = file.Columns[c];
            var index = target.IndexOfProperty(column.Property);
            if (index < 0)
            {
                index = target.IndexOfColumn(column.Column);
            }

            if (index < 0 || fed[index])
            {
                actions[c] = new ColumnAction(ColumnActionKind.Skip, -1);
                dropped.Add(column.Property);
                continue;
            }

            fed[index] = true;
            var spec = target.Columns[index].Spec;
            if (spec.Kind == column.Kind && spec.Nullable == column.Nullable)
            {
                actions[c] = new ColumnAction(ColumnActionKind.Direct, index);
            }
            else if (spec.Kind == column.Kind || SnapshotValueConverter.Widens(column.Kind, spec.Kind))
            {
                actions[c] = new ColumnAction(ColumnActionKind.Convert, index);
            }
            else if (target.Codec.HasHooks)
            {
                // The hook owns the migration: the value stays readable through row.Get<T>() and the property starts at its default.
                actions[c] = new ColumnAction(ColumnActionKind.Skip, -1);
                fed[index] = false;
            }
            else
            {
                problems.Add(
                    $"column '{column.Property}' of table '{file.Table}' holds {column.Kind} values but property '{spec.Name}' of '{target.EntityName}' is {spec.Kind}. "
                    + $"Implement {hookName} in the snapshot class to convert it from row.Get<T>(\"{column.Property}\").");
                actions[c] = new ColumnAction(ColumnActionKind.Skip, -1);
            }
        }

        if (dropped.Count > 0)
        {
            if (target.Codec.HasHooks)
            {
                SnapshotLog.ColumnsDropped(logger, file.Table, string.Join(", ", dropped));
            }
            else
            {
                problems.Add(
                    $"table '{file.Table}' in the snapshot has column(s) {string.Join(", ", dropped.Select(d => $"'{d}'"))} that entity '{target.EntityName}' no longer has; "
                    + $"their data would be lost. Implement {hookName} in the snapshot class to migrate them (row.Get<T>(\"{dropped[0]}\")), "
                    + "even with an empty body if dropping them is intended.");
            }
        }

        var defaulted = target.Columns.Where((_, i) => !fed[i]).Select(c => c.PropertyName).ToList();
        if (defaulted.Count > 0)
        {
            SnapshotLog.ColumnsDefaulted(logger, file.Table, string.Join(", ", defaulted));
        }

        return actions;
    }

    private static string ShortName(string fullName) => fullName[(fullName.LastIndexOf('.') + 1)..];
}
