using System.Data.Common;
using DbPickle.Engines;
using DbPickle.Execution;
using DbPickle.Model;

namespace DbPickle.Loading;

/// <summary>
/// Foreign-key closure before the first write: every key a row references must be in the snapshot or, where the
/// load keeps the target's rows, already in the target. Checked against the key sets the walk collects (the file
/// holds principals before dependents); references the file cannot settle are looked up in the target in batches.
/// What neither settles (a principal later in the file, alternate or composite keys) is left to the verification
/// query that runs before COMMIT.
/// </summary>
internal sealed class ReferenceChecker
{
    private const int MaxLookups = 10_000;
    private const int LookupBatch = 500;

    private readonly LoadMode _mode;
    private readonly Dictionary<TableMapping, TableLoadPlan> _plans;
    private readonly Dictionary<TableMapping, Dictionary<RowKey, PendingReference>> _pending = [];
    private int _pendingCount;

    public ReferenceChecker(IEnumerable<TableLoadPlan> plans, LoadMode mode)
    {
        _mode = mode;
        _plans = plans.Where(p => p.Target is not null).ToDictionary(p => p.Target!);
    }

    public void Check(TableMapping table, object entity, RowValidator validator)
    {
        foreach (var foreignKey in table.ForeignKeys)
        {
            var principal = foreignKey.Principal;
            if (principal == table || !foreignKey.PrincipalColumns.SequenceEqual(principal.KeyColumns))
            {
                continue;
            }

            var value = RowKeys.Of(table, entity, foreignKey.DependentColumns);
            if (value.HasNull)
            {
                continue;
            }

            _plans.TryGetValue(principal, out var principalPlan);
            if (principalPlan is { Walked: true } && principalPlan.Keys.Contains(value))
            {
                continue;
            }

            if (principalPlan is { Walked: false })
            {
                continue;
            }

            var column = table.Columns[foreignKey.DependentColumns[0]];
            if (principalPlan is not null && _mode != LoadMode.Append)
            {
                validator.Add(table, entity, column, Missing(principal, value, "the load replaces that table's rows, so the row must be in the snapshot."));
            }
            else if (principal.KeyColumns.Length == 1)
            {
                var pending = _pending.TryGetValue(principal, out var set) ? set : _pending[principal] = [];
                if (pending.TryGetValue(value, out var reference))
                {
                    reference.Add(table.DescribeKey(entity));
                }
                else if (_pendingCount < MaxLookups)
                {
                    pending[value] = new PendingReference(table, column, table.DescribeKey(entity));
                    _pendingCount++;
                }
            }
        }
    }

    /// <summary>Looks up, in the target, the referenced keys the snapshot did not hold; reports those still missing.</summary>
    public async ValueTask VerifyInTargetAsync(DbSession session, EngineDialect dialect, RowValidator validator, bool async, CancellationToken cancellationToken)
    {
        foreach (var (principal, pending) in _pending)
        {
            var keyColumn = principal.Columns[principal.KeyColumns[0]];
            var found = new HashSet<RowKey>();
            var probe = principal.Codec.CreateEntity();
            foreach (var batch in pending.Keys.Chunk(LookupBatch))
            {
                await using var command = session.CreateCommand(string.Empty);
                var names = new string[batch.Length];
                for (var i = 0; i < batch.Length; i++)
                {
                    var model = batch[i].Single;
                    var value = keyColumn.Conversion is { } conversion ? conversion.ToProvider(model) : model;
                    var parameter = keyColumn.TypeMapping.CreateParameter(command, dialect.Sql.GenerateParameterName("k" + i), value, nullable: false);
                    command.Parameters.Add(parameter);
                    names[i] = dialect.Sql.GenerateParameterNamePlaceholder("k" + i);
                }

                command.CommandText = $"SELECT {dialect.Column(keyColumn)} FROM {dialect.Table(principal)} WHERE {dialect.Column(keyColumn)} IN ({string.Join(", ", names)})";
                await using var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
                while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
                {
                    principal.Codec.ReadFromDb(reader, 0, probe, keyColumn.PropertyIndex, keyColumn.Conversion);
                    found.Add(new RowKey([principal.Codec.GetValue(probe, keyColumn.PropertyIndex)]));
                }
            }

            foreach (var (value, reference) in pending)
            {
                if (!found.Contains(value))
                {
                    foreach (var key in reference.Keys)
                    {
                        validator.Add(reference.Table, key, reference.Column, Missing(principal, value, "it is neither in the snapshot nor in the target."));
                    }
                }
            }
        }
    }

    private static string Missing(TableMapping principal, RowKey value, string why)
        => $"references {principal.DisplayName} [{string.Join(", ", principal.KeyColumns.Select(k => principal.Columns[k].PropertyName))}={value}], but {why}";

    /// <summary>The rows referencing one key the snapshot lacks; only the first few are kept to name in a report.</summary>
    private sealed class PendingReference(TableMapping table, ColumnMapping column, string firstKey)
    {
        private const int MaxKept = 100;

        public TableMapping Table { get; } = table;

        public ColumnMapping Column { get; } = column;

        public List<string> Keys { get; } = [firstKey];

        public void Add(string key)
        {
            if (Keys.Count < MaxKept)
            {
                Keys.Add(key);
            }
        }
    }
}
