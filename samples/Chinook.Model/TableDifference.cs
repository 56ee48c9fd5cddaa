namespace Chinook;

/// <summary>One mismatch found by <see cref="ChinookDatabase.Compare"/>.</summary>
/// <param name="Table">The table, schema-qualified where it has a schema.</param>
/// <param name="Kind">What kind of mismatch this is.</param>
/// <param name="Key">The row's primary key as <c>Column=value</c> pairs; <see langword="null"/> for table-level mismatches.</param>
/// <param name="Column">The column whose value differs; <see langword="null"/> unless <paramref name="Kind"/> is <see cref="DifferenceKind.Value"/> or an unmapped column.</param>
/// <param name="Expected">The expected value (or row count), formatted invariantly; <see langword="null"/> when not applicable.</param>
/// <param name="Actual">The actual value (or row count), formatted invariantly; <see langword="null"/> when not applicable.</param>
public sealed record TableDifference(string Table, DifferenceKind Kind, string? Key, string? Column, string? Expected, string? Actual)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DifferenceKind.RowCount => $"{Table}: {Expected} rows expected, {Actual} found",
        DifferenceKind.MissingRow => $"{Table} [{Key}]: row missing",
        DifferenceKind.ExtraRow => $"{Table} [{Key}]: unexpected row",
        DifferenceKind.Value => $"{Table} [{Key}].{Column}: expected {Expected}, found {Actual}",
        _ => Column is null ? $"{Table}: not mapped by the actual model" : $"{Table}.{Column}: not mapped by the actual model",
    };
}
