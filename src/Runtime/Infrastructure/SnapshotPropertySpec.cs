using System.ComponentModel;

namespace DbPickle.Infrastructure;

/// <summary>A property the generator can encode, as seen at build time. Used by generated code; not a stable API.</summary>
/// <param name="Name">The CLR property name (EF Core's property name).</param>
/// <param name="Kind">How values are encoded in the file.</param>
/// <param name="Nullable">Whether the CLR type admits null (reference type or <see cref="System.Nullable{T}"/>): such values carry a presence byte.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct SnapshotPropertySpec(string Name, SnapshotValueKind Kind, bool Nullable);
