namespace DbPickle;

/// <summary>Options for <c>Dump</c> and <c>DumpAsync</c>.</summary>
public sealed class DumpOptions
{
    /// <summary>Receives progress per table and per chunk of rows; <see langword="null"/> for none.</summary>
    public IProgress<SnapshotProgress>? Progress { get; init; }

    /// <summary>
    /// Approximate size in bytes of one row chunk in the file (default 256 KiB). Memory used by a dump is a small
    /// multiple of this, whatever the size of the database.
    /// </summary>
    public int ChunkSize { get; init; } = 256 * 1024;

    /// <summary>
    /// Reads every table through the provider's <c>DbDataReader</c>, even on SQLite where the dump otherwise reads
    /// through SQLite's C API: for tests that compare the two.
    /// </summary>
    internal bool ProviderReaderOnly { get; init; }
}
