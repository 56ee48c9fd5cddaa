namespace DbPickle;

/// <summary>One value the target cannot take.</summary>
/// <param name="Table">The physical table.</param>
/// <param name="Key">The row's primary key, formatted (e.g. <c>TrackId=12</c>).</param>
/// <param name="Column">The column (property name) holding the value.</param>
/// <param name="Problem">What is wrong and what the limit is.</param>
public sealed record SnapshotViolation(string Table, string Key, string Column, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"{Table} [{Key}] {Column}: {Problem}";
}
