namespace DbPickle;

/// <summary>Progress of a dump or load, reported per table and per chunk of rows.</summary>
/// <param name="Table">The physical table being processed.</param>
/// <param name="RowsDone">Rows of <paramref name="Table"/> processed so far.</param>
/// <param name="RowsTotal">Rows <paramref name="Table"/> holds, when known in advance.</param>
/// <param name="Phase">
/// What is being done: <c>dump</c>, <c>validate</c>, <c>delete</c> or <c>insert</c>; on PostgreSQL, after the inserts,
/// <c>index</c> (building a table's indexes again, with <paramref name="RowsDone"/> the indexes built so far) and
/// <c>constraint</c> (re-creating the foreign keys, one report per table that has them).
/// </param>
public readonly record struct SnapshotProgress(string Table, long RowsDone, long? RowsTotal, string Phase);
