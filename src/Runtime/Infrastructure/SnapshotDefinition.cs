using System.ComponentModel;

namespace DbPickle.Infrastructure;

/// <summary>
/// Everything the generator knows about one DbContext's snapshot: its entity codecs in the foreign-key insert order
/// computed at build time. Used by generated code; not a stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SnapshotDefinition
{
    /// <summary>Creates the definition.</summary>
    /// <param name="contextName">The DbContext's CLR full name.</param>
    /// <param name="entities">The codecs, parents before children.</param>
    /// <param name="bulkInserters">Provider bulk paths the generator could emit for this assembly's references.</param>
    public SnapshotDefinition(string contextName, EntityCodec[] entities, BulkInserterFactory[]? bulkInserters = null)
    {
        ContextName = contextName;
        Entities = entities;
        BulkInserters = bulkInserters ?? [];
    }

    /// <summary>Provider bulk-insert paths (e.g. PostgreSQL COPY), when the assembly references the provider.</summary>
    public IReadOnlyList<BulkInserterFactory> BulkInserters { get; }

    /// <summary>The DbContext's CLR full name.</summary>
    public string ContextName { get; }

    /// <summary>The codecs in the build-time insert order.</summary>
    public IReadOnlyList<EntityCodec> Entities { get; }
}
