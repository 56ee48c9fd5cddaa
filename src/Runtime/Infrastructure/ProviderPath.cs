using System.ComponentModel;

namespace DbPickle.Infrastructure;

/// <summary>
/// A provider's fast insert path, emitted by the generator into the user's assembly only when that assembly references
/// the provider's library, so the DbPickle package itself depends on no ADO.NET provider. Used by generated code; not
/// a stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ProviderPath
{
    /// <summary>The EF Core provider this path serves (<c>Database.ProviderName</c>).</summary>
    public abstract string ProviderName { get; }

    /// <summary>The path's name in the log (e.g. <c>binary COPY</c>).</summary>
    public virtual string PathName => GetType().Name;
}
