namespace DbPickle;

/// <summary>
/// Marks an entity class whose rows are part of its <c>DbContext</c>'s snapshot. At build time the DbPickle
/// generator emits, for every context exposing such entities through <c>DbSet&lt;T&gt;</c> properties, a
/// <c>&lt;Context&gt;Snapshot</c> class with <c>Dump</c> and <c>Load</c> methods and strongly typed row codecs.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SnapshotAttribute : Attribute
{
}
