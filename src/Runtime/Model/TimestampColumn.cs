namespace DbPickle.Model;

/// <summary>
/// A column whose values the target engine takes only with the right <see cref="DateTime.Kind"/> or offset.
/// <paramref name="AssumesKind"/>: whether a DateTime of Kind Unspecified is given the kind the load options assume
/// (<see cref="LoadOptions.UnspecifiedDateTimeKind"/>) instead of being reported.
/// </summary>
internal sealed record TimestampColumn(ColumnMapping Column, StoredTimeKind Kind, bool AssumesKind);
