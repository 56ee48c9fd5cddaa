namespace Chinook;

/// <summary>What kind of mismatch a <see cref="TableDifference"/> describes.</summary>
public enum DifferenceKind
{
    /// <summary>The tables hold different numbers of rows; <see cref="TableDifference.Expected"/> and <see cref="TableDifference.Actual"/> are the counts.</summary>
    RowCount,

    /// <summary>A row of the expected database has no row with the same key in the actual one.</summary>
    MissingRow,

    /// <summary>A row of the actual database has no row with the same key in the expected one.</summary>
    ExtraRow,

    /// <summary>Both databases have the row, but one column's value differs.</summary>
    Value,

    /// <summary>The actual context's model maps no such table or column, so it could not be compared.</summary>
    Unmapped,
}
