using System.Data.Common;
using DbPickle.Engines;
using DbPickle.Execution;
using DbPickle.Model;
using System.Runtime.CompilerServices;

namespace DbPickle.Loading;

/// <summary>
/// Foreign-key closure before the first write: every key a row references must be in the snapshot or, where the
/// load keeps the target's rows, already in the target. Compact references (integers, Guids) to a table in the file
/// are collected in a <see cref="SortedKeyStream"/> per foreign key and, after the walk, merged with the principal's
/// sorted keys, so principals later in the file and self-references are settled too, in bounded memory. Other
/// references are checked against the principal's key set during the walk when it is complete. References the file
/// cannot settle are looked up in the target in batches; what is left (more than <see cref="MaxLookups"/> keys,
/// alternate keys) is proven by the verification before COMMIT.
/// </summary>
internal sealed class ReferenceChecker
{
    private const int MaxLookups = 10_000;
    private const int LookupBatch = 500;

    /// <summary>Rows one merge collects for reporting (8 bytes each) before it leaves them to a second, reporting run.</summary>
    private const int MaxCollected = 100_000;

    private readonly LoadMode _mode;
    private readonly Dictionary<TableMapping, TableLoadPlan> _plans;
    private readonly Dictionary<TableMapping, Dictionary<RowKey, PendingReference>> _pending = [];
    private readonly Dictionary<ForeignKeyMapping, SortedKeyStream> _sorted = [];
    private int _pendingCount;

    public ReferenceChecker(IEnumerable<TableLoadPlan> plans, LoadMode mode, KeyRunFile runFile)
    {
        _mode = mode;
        _plans = plans.Where(p => p.Target is not null).ToDictionary(p => p.Target!);
        foreach (var (table, plan) in _plans)
        {
            plan.Keys = new TableKeys(table, runFile);
        }

        foreach (var table in _plans.Keys)
        {
            foreach (var foreignKey in table.ForeignKeys)
            {
                if (IsChecked(foreignKey)
                    && _plans.TryGetValue(foreignKey.Principal, out var principal)
                    && principal.Keys!.Sorted is not null
                    && CompactKey.Fits(table, foreignKey.DependentColumns))
                {
                    _sorted[foreignKey] = new SortedKeyStream(runFile);
                }
            }

            // Resolved once per table: the walk reads and records references for every row.
            var compact = table.ForeignKeys.Where(f => IsChecked(f) && _sorted.ContainsKey(f)).ToArray();
            _plans[table].References = new TableReferences(
                compact,
                [.. compact.Select(f => _sorted[f])],
                [.. table.ForeignKeys.Where(f => IsChecked(f) && !_sorted.ContainsKey(f))]);
        }
    }

    /// <summary>
    /// Checks, during the walk, the references that are not compact (not collected for sorting) of a row: against the
    /// principal's key set when that table is complete, else in the target later.
    /// </summary>
    public void CheckOthers(TableMapping table, TableReferences references, object entity, RowValidator validator)
    {
        foreach (var foreignKey in references.Others)
        {
            var principal = foreignKey.Principal;
            if (principal == table)
            {
                // A non-compact self-reference: the table's key set is not complete yet; the verification before COMMIT covers it.
                continue;
            }

            var value = RowKeys.Of(table, entity, foreignKey.DependentColumns);
            if (value.HasNull)
            {
                continue;
            }

            _plans.TryGetValue(principal, out var principalPlan);
            if (principalPlan is { Walked: true } && principalPlan.Keys!.Contains(value))
            {
                continue;
            }

            if (principalPlan is { Walked: false })
            {
                continue;
            }

            Missing(table, entity, foreignKey, value, principalPlan is not null, validator);
        }
    }

    /// <summary>
    /// After the walk: reports every row whose compact primary key an earlier row had, and, merging each collected
    /// foreign key with its principal's keys, every reference neither the snapshot nor (later) the target holds. The
    /// merges run on all cores, each collecting the rows to report; the reports are then made on this thread in the
    /// order of a sequential run, so they come out the same. A merge that finds very many rows stops collecting and
    /// runs again while reporting, so memory stays bounded.
    /// </summary>
    public void Finish(RowSpool spool, RowValidator validator, CancellationToken cancellationToken)
    {
        var checks = new List<Func<Func<long, bool>, bool>>();
        var reports = new List<Action<long>>();
        foreach (var plan in _plans.Values.Where(p => p.Keys!.Sorted is not null))
        {
            var keys = plan.Keys!;
            checks.Add(keys.FindDuplicates);
            reports.Add(locator => keys.ReportDuplicate(locator, spool, validator));
        }

        foreach (var (foreignKey, stream) in _sorted)
        {
            var principalKeys = _plans[foreignKey.Principal].Keys!.Sorted!;
            checks.Add(found => FindMissing(stream, principalKeys, found));
            reports.Add(locator =>
            {
                var table = foreignKey.Dependent;
                var entity = spool.ReadEntity(table, locator);
                Missing(table, entity, foreignKey, RowKeys.Of(table, entity, foreignKey.DependentColumns), principalInLoad: true, validator);
            });
        }

        foreach (var plan in _plans.Values)
        {
            // Sorts each stream's in-memory tail once, before the merges read the streams from several threads.
            plan.Keys!.Sorted?.Seal();
        }

        foreach (var stream in _sorted.Values)
        {
            stream.Seal();
        }

        var found = new List<long>?[checks.Count];
        Parallel.For(0, checks.Count, new ParallelOptions { CancellationToken = cancellationToken }, c =>
        {
            var rows = new List<long>();
            found[c] = checks[c](locator =>
            {
                rows.Add(locator);
                return rows.Count < MaxCollected;
            }) ? rows : null;
        });

        for (var c = 0; c < checks.Count; c++)
        {
            if (found[c] is { } rows)
            {
                rows.ForEach(reports[c]);
            }
            else
            {
                checks[c](locator =>
                {
                    reports[c](locator);
                    return true;
                });
            }
        }
    }

    /// <summary>Hands <paramref name="found"/> each collected reference (in key order) that <paramref name="keys"/> lacks, until it returns false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool FindMissing(SortedKeyStream references, SortedKeyStream keys, Func<long, bool> found)
    {
        var referenceCursor = references.Open();
        var keyCursor = keys.Open();
        var hasKey = keyCursor.MoveNext();
        while (referenceCursor.MoveNext())
        {
            var reference = referenceCursor.Current;
            while (hasKey && keyCursor.Current.CompareTo(reference) < 0)
            {
                hasKey = keyCursor.MoveNext();
            }

            if (!(hasKey && keyCursor.Current.SameKey(reference)) && !found(reference.Locator))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Foreign keys that reference their principal's primary key; alternate keys are left to the verification before COMMIT.</summary>
    private static bool IsChecked(ForeignKeyMapping foreignKey) => foreignKey.PrincipalColumns.SequenceEqual(foreignKey.Principal.KeyColumns);

    private void Missing(TableMapping table, object entity, ForeignKeyMapping foreignKey, RowKey value, bool principalInLoad, RowValidator validator)
    {
        var principal = foreignKey.Principal;
        var column = table.Columns[foreignKey.DependentColumns[0]];
        if (principalInLoad && _mode != LoadMode.Append)
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
