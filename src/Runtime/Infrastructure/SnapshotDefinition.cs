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
    /// <param name="providerPaths">Provider insert paths the generator could emit for this assembly's references.</param>
    public SnapshotDefinition(string contextName, EntityCodec[] entities, ProviderPath[]? providerPaths = null)
    {
        ContextName = contextName;
        Entities = entities;
        ProviderPaths = providerPaths ?? [];
    }

    /// <summary>Provider insert paths (PostgreSQL's COPY, SQLite's C API), when the assembly references the provider.</summary>
    public IReadOnlyList<ProviderPath> ProviderPaths { get; }

    /// <summary>The DbContext's CLR full name.</summary>
    public string ContextName { get; }

    /// <summary>The codecs in the build-time insert order.</summary>
    public IReadOnlyList<EntityCodec> Entities { get; }
}
