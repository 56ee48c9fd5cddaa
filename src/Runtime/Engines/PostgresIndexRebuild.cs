using System.Data.Common;
using System.Globalization;
using System.Text;
using DbPickle.Execution;
using DbPickle.Model;

namespace DbPickle.Engines;

/// <summary>
/// The indexes of large PostgreSQL tables that a load fills from empty: dropped inside the transaction before the COPY
/// and built again before COMMIT, as pg_restore does. One sorted build per index costs far less than inserting every
/// row into every index as it arrives (measured here on the shop workload, server side: the COPYs with the foreign
/// keys already dropped took 5.8 s with the indexes in place, 1.1 s without them, plus 2.0 s to build the indexes).
/// Unique and primary-key indexes are checked by their build, so nothing is checked less.
/// </summary>
/// <remarks>
/// Only indexes whose definition PostgreSQL can give back whole are set aside: not those with a comment, a tablespace of
/// their own, per-column statistics targets, the replica identity or the CLUSTER mark, nor exclusion constraints or
/// partitioned tables. A table whose indexes cannot be dropped (another object depends on one) keeps them all.
/// </remarks>
internal sealed class PostgresIndexRebuild
{
    private readonly DbSession _session;
    private readonly PostgreSqlDialect _dialect;
    private readonly List<(TableMapping Table, List<SetAsideIndex> Indexes)> _tables;
    private readonly LoadOptions _options;

    private PostgresIndexRebuild(DbSession session, PostgreSqlDialect dialect, List<(TableMapping, List<SetAsideIndex>)> tables, LoadOptions options)
    {
        _session = session;
        _dialect = dialect;
        _tables = tables;
        _options = options;
    }

    /// <summary>
    /// Drops the indexes of <paramref name="tables"/> that qualify, each table in a savepoint of its own; returns what
    /// to build again, or null when nothing was dropped.
    /// </summary>
    public static async ValueTask<PostgresIndexRebuild?> SetAsideAsync(
        DbSession session, PostgreSqlDialect dialect, IReadOnlyList<TableMapping> tables, LoadOptions options, bool async, CancellationToken cancellationToken)
    {
        if (tables.Count == 0)
        {
            return null;
        }

        var found = await FindAsync(session, dialect, tables, async, cancellationToken).ConfigureAwait(false);
        var dropped = new List<(TableMapping, List<SetAsideIndex>)>();
        foreach (var (table, indexes) in found)
        {
            var sql = new StringBuilder("SAVEPOINT dbpickle_indexes;");
            foreach (var index in indexes)
            {
                sql.Append(index.ConstraintName is { } constraint
                    ? $" ALTER TABLE {dialect.Table(table)} DROP CONSTRAINT {dialect.Sql.DelimitIdentifier(constraint)};"
                    : $" DROP INDEX {index.IndexSql};");
            }

            sql.Append(" RELEASE SAVEPOINT dbpickle_indexes");
            try
            {
                await session.ExecuteAsync(sql.ToString(), async, cancellationToken).ConfigureAwait(false);
                dropped.Add((table, indexes));
                SnapshotLog.IndexesSetAside(dialect.Logger, table.DisplayName, indexes.Count);
            }
            catch (DbException exception)
            {
                await session.ExecuteAsync("ROLLBACK TO SAVEPOINT dbpickle_indexes; RELEASE SAVEPOINT dbpickle_indexes", async, CancellationToken.None).ConfigureAwait(false);
                SnapshotLog.IndexesKept(dialect.Logger, table.DisplayName, exception.Message);
            }
        }

        return dropped.Count == 0 ? null : new PostgresIndexRebuild(session, dialect, dropped, options);
    }

    /// <summary>Builds every set-aside index again; a unique one the loaded rows break fails naming those rows.</summary>
    public async ValueTask RebuildAsync(bool async, CancellationToken cancellationToken)
    {
        foreach (var (table, indexes) in _tables)
        {
            for (var built = 0; built < indexes.Count; built++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _options.Progress?.Report(new SnapshotProgress(table.Table, built, indexes.Count, "index"));
                var index = indexes[built];
                var sql = index.ConstraintName is { } constraint
                    ? $"ALTER TABLE {_dialect.Table(table)} ADD CONSTRAINT {_dialect.Sql.DelimitIdentifier(constraint)} {index.Definition}"
                    : index.Definition;

                // In a savepoint, so after a failure the transaction stays usable for the query that names the rows.
                await _session.ExecuteAsync("SAVEPOINT dbpickle_index", async, cancellationToken).ConfigureAwait(false);
                try
                {
                    await _session.ExecuteAsync(sql, async, cancellationToken).ConfigureAwait(false);
                }
                catch (DbException exception)
                {
                    await _session.ExecuteAsync("ROLLBACK TO SAVEPOINT dbpickle_index", async, CancellationToken.None).ConfigureAwait(false);
                    if (exception.SqlState == "23505" && index.Columns is { } columns)
                    {
                        await ThrowDuplicatesAsync(table, index, columns, exception, async, cancellationToken).ConfigureAwait(false);
                    }

                    throw new SnapshotException(
                        $"Rebuilding index '{index.Name}' of table '{table.DisplayName}' after loading it failed: {exception.Message} Nothing was changed.", exception);
                }

                await _session.ExecuteAsync("RELEASE SAVEPOINT dbpickle_index", async, cancellationToken).ConfigureAwait(false);
            }

            _options.Progress?.Report(new SnapshotProgress(table.Table, indexes.Count, indexes.Count, "index"));
        }
    }

    /// <summary>Names the loaded rows that share a value of a unique index (NULLs never do), up to the report's cap.</summary>
    private async ValueTask ThrowDuplicatesAsync(TableMapping table, SetAsideIndex index, string[] columns, DbException exception, bool async, CancellationToken cancellationToken)
    {
        var quoted = string.Join(", ", columns.Select(_dialect.Sql.DelimitIdentifier));
        var keys = table.KeyColumns.Select(k => table.Columns[k]).ToArray();
        var keyList = string.Join(", ", keys.Select(k => _dialect.Sql.DelimitIdentifier(k.ColumnName)));
        var tableSql = _dialect.Table(table);
        var shared = $"FROM {tableSql} WHERE ({quoted}) IN (SELECT {quoted} FROM {tableSql} WHERE {string.Join(" AND ", columns.Select(c => _dialect.Sql.DelimitIdentifier(c) + " IS NOT NULL"))} GROUP BY {quoted} HAVING COUNT(*) > 1)";
        var total = await _session.ScalarAsync($"SELECT COUNT(*) {shared}", async, cancellationToken).ConfigureAwait(false);
        if (total == 0)
        {
            return;
        }

        var properties = string.Join(", ", columns.Select(c => table.IndexOfColumn(c) is var i and >= 0 ? table.Columns[i].PropertyName : c));
        var violations = new List<SnapshotViolation>();
        await using var command = _session.CreateCommand($"SELECT {keyList}, {quoted} {shared} ORDER BY {quoted}, {keyList} LIMIT {_options.MaxReportedViolations}");
        await using var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
        while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
        {
            var key = string.Join(", ", keys.Select((k, i) => $"{k.PropertyName}={Text(reader.GetValue(i))}"));
            var values = string.Join(", ", columns.Select((_, i) => Text(reader.GetValue(keys.Length + i))));
            violations.Add(new SnapshotViolation(
                table.DisplayName,
                key,
                properties,
                $"another row of the snapshot has the same value ({values}), and the unique index '{index.Name}' allows each value once ({exception.Message})."));
        }

        throw new SnapshotValidationException(violations, total);
    }

    private static string Text(object value) => value is DBNull ? "NULL" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>The qualifying indexes of each table, primary keys first (foreign keys re-created later need them).</summary>
    private static async ValueTask<List<(TableMapping Table, List<SetAsideIndex> Indexes)>> FindAsync(
        DbSession session, PostgreSqlDialect dialect, IReadOnlyList<TableMapping> tables, bool async, CancellationToken cancellationToken)
    {
        var regclasses = string.Join(", ", tables.Select(t => PostgreSqlDialect.Literal(dialect.Table(t)) + "::regclass"));
        await using var command = session.CreateCommand(
            "SELECT t.i::int - 1, i.indexrelid::regclass::text, ic.relname, c.conname, "
            + "CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.indexrelid) ELSE pg_get_constraintdef(c.oid) END, "
            + "CASE WHEN i.indisunique AND i.indexprs IS NULL AND i.indpred IS NULL THEN ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o) "
            + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n WHERE k.o <= i.indnkeyatts ORDER BY k.o) END "
            + $"FROM unnest(ARRAY[{regclasses}]) WITH ORDINALITY AS t(rel, i) "
            + "JOIN pg_class r ON r.oid = t.rel AND r.relkind = 'r' AND NOT r.relispartition "
            + "JOIN pg_index i ON i.indrelid = t.rel "
            + "JOIN pg_class ic ON ic.oid = i.indexrelid "
            + "LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x') "
            + "WHERE i.indisvalid AND i.indisready AND i.indislive AND NOT i.indisreplident AND NOT i.indisclustered AND NOT i.indisexclusion "
            + "AND ic.reltablespace = 0 "
            + "AND NOT EXISTS (SELECT 1 FROM pg_description d WHERE d.objoid = i.indexrelid OR d.objoid = c.oid) "
            + "AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indexrelid AND COALESCE(a.attstattarget, -1) >= 0) "
            + "ORDER BY 1, i.indisprimary DESC, c.oid IS NULL, ic.relname");
        await using var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader();
        var found = new List<(TableMapping, List<SetAsideIndex>)>();
        while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
        {
            var table = tables[reader.GetInt32(0)];
            if (found.Count == 0 || found[^1].Item1 != table)
            {
                found.Add((table, []));
            }

            found[^1].Item2.Add(new SetAsideIndex(
                reader.GetString(2),
                reader.GetString(1),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<string[]>(5)));
        }

        return found;
    }

    /// <param name="Name">The index's name, for messages.</param>
    /// <param name="IndexSql">The index as SQL names it (schema-qualified when off the search path).</param>
    /// <param name="ConstraintName">The primary-key or unique constraint the index backs, if any.</param>
    /// <param name="Definition">The constraint's definition, or the index's whole CREATE INDEX statement.</param>
    /// <param name="Columns">A unique index's columns when it has no expression or predicate (to name duplicates by).</param>
    private sealed record SetAsideIndex(string Name, string IndexSql, string? ConstraintName, string Definition, string[]? Columns);
}
