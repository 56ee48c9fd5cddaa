using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Chinook;

/// <summary>
/// Compares the data of two databases table by table, driven only by the expected context's relational model, so it
/// works for any EF Core model, not just Chinook. Rows are read with plain ADO.NET rather than through EF queries so
/// that nothing the model does on materialization (value converters, navigation fix-up) can hide a difference.
/// </summary>
internal static class DatabaseComparer
{
    /// <summary>Compares every table mapped by <paramref name="expected"/>'s model with the same table in <paramref name="actual"/>.</summary>
    public static IReadOnlyList<TableComparison> Compare(DbContext expected, DbContext actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);

        var actualTables = new Dictionary<(string? Schema, string Name), ITable>();
        foreach (var table in actual.Model.GetRelationalModel().Tables)
        {
            actualTables[(table.Schema, table.Name)] = table;
        }

        // Tables rather than entity types, so a table shared by several entity types (TPH, table splitting, owned
        // types) is read once with all its columns.
        var results = new List<TableComparison>();
        foreach (var table in expected.Model.GetRelationalModel().Tables)
        {
            actualTables.TryGetValue((table.Schema, table.Name), out var actualTable);
            results.Add(CompareTable(expected, table, actual, actualTable));
        }

        return results;
    }

    private static TableComparison CompareTable(DbContext expected, ITable expectedTable, DbContext actual, ITable? actualTable)
    {
        var name = expectedTable.SchemaQualifiedName;
        var entityTypes = string.Join(", ", expectedTable.EntityTypeMappings.Select(m => m.TypeBase.DisplayName()).Distinct());
        var differences = new List<TableDifference>();

        var keyColumns = expectedTable.PrimaryKey?.Columns ?? expectedTable.Columns.ToList();
        var expectedColumns = keyColumns.Concat(expectedTable.Columns.Where(c => !keyColumns.Contains(c))).ToList();
        var expectedRows = ReadRows(expected, expectedTable, expectedColumns, keyColumns.Count);

        if (actualTable is null)
        {
            differences.Add(new TableDifference(name, DifferenceKind.Unmapped, null, null, null, null));
            return new TableComparison(name, entityTypes, expectedRows.Count, 0, differences);
        }

        // Columns the actual model lacks are reported once and left out, rather than failing the whole table.
        var compared = new List<IColumn>();
        var actualColumns = new List<IColumn>();
        foreach (var column in expectedColumns)
        {
            var actualColumn = actualTable.FindColumn(column.Name);
            if (actualColumn is null)
            {
                differences.Add(new TableDifference(name, DifferenceKind.Unmapped, null, column.Name, null, null));
            }
            else
            {
                compared.Add(column);
                actualColumns.Add(actualColumn);
            }
        }

        var keyCount = keyColumns.Count;
        if (keyColumns.Any(k => actualTable.FindColumn(k.Name) is null))
        {
            // Without the whole key rows cannot be paired; the Unmapped entries above say why.
            return new TableComparison(name, entityTypes, expectedRows.Count, 0, differences);
        }

        if (compared.Count != expectedColumns.Count)
        {
            expectedRows = ReadRows(expected, expectedTable, compared, keyCount);
        }

        var actualRows = ReadRows(actual, actualTable, actualColumns, keyCount);
        if (expectedRows.Count != actualRows.Count)
        {
            differences.Add(new TableDifference(
                name,
                DifferenceKind.RowCount,
                null,
                null,
                expectedRows.Count.ToString(CultureInfo.InvariantCulture),
                actualRows.Count.ToString(CultureInfo.InvariantCulture)));
        }

        // Pair rows by key in memory instead of merge-joining the two ORDER BY streams: two databases (or engines)
        // need not sort text keys the same way, while key equality is unambiguous. Queues keep duplicate rows of
        // keyless tables apart.
        var unmatched = new Dictionary<object?[], Queue<int>>(RowKeyComparer.Instance);
        for (var i = 0; i < actualRows.Count; i++)
        {
            var key = actualRows[i][..keyCount];
            if (!unmatched.TryGetValue(key, out var indexes))
            {
                unmatched[key] = indexes = new Queue<int>();
            }

            indexes.Enqueue(i);
        }

        var matched = new bool[actualRows.Count];
        foreach (var row in expectedRows)
        {
            var key = row[..keyCount];
            if (!unmatched.TryGetValue(key, out var indexes) || indexes.Count == 0)
            {
                differences.Add(new TableDifference(name, DifferenceKind.MissingRow, FormatKey(compared, row, keyCount), null, null, null));
                continue;
            }

            var index = indexes.Dequeue();
            matched[index] = true;
            var other = actualRows[index];
            for (var c = keyCount; c < compared.Count; c++)
            {
                if (!RowKeyComparer.ValuesEqual(row[c], other[c]))
                {
                    differences.Add(new TableDifference(
                        name,
                        DifferenceKind.Value,
                        FormatKey(compared, row, keyCount),
                        compared[c].Name,
                        FormatValue(row[c]),
                        FormatValue(other[c])));
                }
            }
        }

        for (var i = 0; i < actualRows.Count; i++)
        {
            if (!matched[i])
            {
                differences.Add(new TableDifference(name, DifferenceKind.ExtraRow, FormatKey(compared, actualRows[i], keyCount), null, null, null));
            }
        }

        return new TableComparison(name, entityTypes, expectedRows.Count, actualRows.Count, differences);
    }

    /// <summary>Reads all rows of <paramref name="table"/>, columns in the given order, sorted by the first <paramref name="keyCount"/> columns.</summary>
    private static List<object?[]> ReadRows(DbContext db, ITable table, IReadOnlyList<IColumn> columns, int keyCount)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var text = new StringBuilder("SELECT ")
            .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))
            .Append(" FROM ")
            .Append(sql.DelimitIdentifier(table.Name, table.Schema))
            .Append(" ORDER BY ")
            .AppendJoin(", ", columns.Take(keyCount).Select(c => sql.DelimitIdentifier(c.Name)))
            .ToString();

        var readers = columns.Select(ColumnReader.For).ToArray();
        var rows = new List<object?[]>();

        // OpenConnection/CloseConnection nest, so a connection the caller already opened stays open afterwards.
        db.Database.OpenConnection();
        try
        {
            using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = text;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new object?[readers.Length];
                for (var i = 0; i < readers.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : ReadValue(reader, readers[i], i);
                }

                rows.Add(row);
            }
        }
        finally
        {
            db.Database.CloseConnection();
        }

        return rows;
    }

    private static object ReadValue(DbDataReader reader, Func<DbDataReader, int, object> read, int ordinal)
    {
        try
        {
            return read(reader, ordinal);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            return UnreadableValue.From(reader, ordinal);
        }
    }

    private static string FormatKey(IReadOnlyList<IColumn> columns, object?[] row, int keyCount)
    {
        var key = new StringBuilder();
        for (var i = 0; i < keyCount; i++)
        {
            if (i > 0)
            {
                key.Append(", ");
            }

            key.Append(columns[i].Name).Append('=').Append(FormatValue(row[i]));
        }

        return key.ToString();
    }

    private static string FormatValue(object? value) => value switch
    {
        null => "NULL",
        string s => "\"" + s + "\"",
        byte[] b => "0x" + Convert.ToHexString(b.AsSpan(0, Math.Min(b.Length, 32))) + (b.Length > 32 ? "..." : string.Empty),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
