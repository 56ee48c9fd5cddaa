using DbPickle.Model;

namespace DbPickle.Loading;

/// <summary>
/// The foreign keys of one loaded table that the validation pass checks, split once per load: compact ones, whose
/// values the reader thread extracts into <see cref="KeyEntry"/> values and the spooler adds to a sorted stream each,
/// and the others, checked row by row.
/// </summary>
internal sealed class TableReferences(ForeignKeyMapping[] compact, SortedKeyStream[] compactStreams, ForeignKeyMapping[] others)
{
    /// <summary>Foreign keys whose values fit a <see cref="KeyEntry"/> and whose principal is loaded with compact keys.</summary>
    public ForeignKeyMapping[] Compact { get; } = compact;

    /// <summary>One stream per <see cref="Compact"/> foreign key, same order.</summary>
    public SortedKeyStream[] CompactStreams { get; } = compactStreams;

    /// <summary>The other checked foreign keys.</summary>
    public ForeignKeyMapping[] Others { get; } = others;
}
