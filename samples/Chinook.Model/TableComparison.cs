namespace Chinook;

/// <summary>The result of comparing one table of two databases.</summary>
/// <param name="Table">The table, schema-qualified where it has a schema.</param>
/// <param name="EntityTypes">The entity types mapped to the table in the expected model, comma-separated.</param>
/// <param name="ExpectedRows">Rows in the expected database's table.</param>
/// <param name="ActualRows">Rows in the actual database's table; 0 when the table is not mapped there.</param>
/// <param name="Differences">Every mismatch found in the table, in primary-key order; empty when the tables are equal.</param>
public sealed record TableComparison(
    string Table,
    string EntityTypes,
    long ExpectedRows,
    long ActualRows,
    IReadOnlyList<TableDifference> Differences)
{
    /// <summary>Whether the table holds exactly the same rows and values in both databases.</summary>
    public bool IsEqual => Differences.Count == 0;
}
