using System.Buffers;
using System.ComponentModel;
using System.Data.Common;
using MemoryPack;
using System.Runtime.CompilerServices;

namespace DbPickle.Infrastructure;

/// <summary>
/// The generated, reflection-free codec of one <c>[Snapshot]</c> entity type: creates instances, moves property values
/// between a <see cref="DbDataReader"/>, the snapshot file and parameters, and calls the user's hooks. Properties are
/// addressed by their index in <see cref="Properties"/>; the runtime resolves indexes once per table, never per row.
/// Used by generated code; not a stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class EntityCodec
{
    private protected EntityCodec(
        string entityName,
        SnapshotPropertySpec[] properties,
        string[] principalEntities,
        bool hasPreWalkHook,
        bool hasPreSaveHook)
    {
        EntityName = entityName;
        Properties = properties;
        PrincipalEntities = principalEntities;
        HasPreWalkHook = hasPreWalkHook;
        HasPreSaveHook = hasPreSaveHook;
    }

    /// <summary>The entity's CLR full name, which is EF Core's entity type name.</summary>
    public string EntityName { get; }

    /// <summary>Every property the generator can encode, in declaration order.</summary>
    public IReadOnlyList<SnapshotPropertySpec> Properties { get; }

    /// <summary>Other <c>[Snapshot]</c> entities this one references through a foreign key, as seen at build time.</summary>
    public IReadOnlyList<string> PrincipalEntities { get; }

    /// <summary>Whether the user implemented <c>OnPreWalk</c> for this entity.</summary>
    public bool HasPreWalkHook { get; }

    /// <summary>Whether the user implemented <c>OnPreSave</c> for this entity.</summary>
    public bool HasPreSaveHook { get; }

    internal bool HasHooks => HasPreWalkHook || HasPreSaveHook;

    internal abstract object CreateEntity();

    internal abstract void WriteValue(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, object entity, int property);

    internal abstract void ReadValue(ref MemoryPackReader reader, object entity, int property);

    internal abstract void ReadFromDb(DbDataReader reader, int ordinal, object entity, int property, ValueConversion? conversion);

    internal abstract object? GetValue(object entity, int property);

    internal abstract void SetValue(object entity, int property, object? value);

    internal abstract ValueTask AcceptValue<TVisitor>(TVisitor visitor, object entity, int property)
        where TVisitor : struct, IValueVisitor;

    internal abstract void PreWalk(object entity, SnapshotRow row);

    internal abstract void PreSave(object entity, SnapshotRow row);
}

/// <summary>The generated codec of entity type <typeparamref name="TEntity"/>. Used by generated code; not a stable API.</summary>
/// <typeparam name="TEntity">The entity class.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class EntityCodec<TEntity> : EntityCodec
    where TEntity : class
{
    /// <summary>Creates the codec.</summary>
    protected EntityCodec(
        string entityName,
        SnapshotPropertySpec[] properties,
        string[] principalEntities,
        bool hasPreWalkHook,
        bool hasPreSaveHook)
        : base(entityName, properties, principalEntities, hasPreWalkHook, hasPreSaveHook)
    {
    }

    /// <summary>Creates an empty entity.</summary>
    public abstract TEntity Create();

    /// <summary>Writes property <paramref name="property"/> of <paramref name="entity"/> to the file.</summary>
    public abstract void Write(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, TEntity entity, int property);

    /// <summary>Reads property <paramref name="property"/> of <paramref name="entity"/> from the file.</summary>
    public abstract void Read(ref MemoryPackReader reader, TEntity entity, int property);

    /// <summary>Sets property <paramref name="property"/> of <paramref name="entity"/> from a database column.</summary>
    public abstract void ReadColumn(DbDataReader reader, int ordinal, TEntity entity, int property, ValueConversion? conversion);

    /// <summary>Gets property <paramref name="property"/> of <paramref name="entity"/>, boxed.</summary>
    public abstract object? Get(TEntity entity, int property);

    /// <summary>Sets property <paramref name="property"/> of <paramref name="entity"/> from a boxed value of the property's type.</summary>
    public abstract void Set(TEntity entity, int property, object? value);

    /// <summary>Hands property <paramref name="property"/> of <paramref name="entity"/> to <paramref name="visitor"/> with its static type.</summary>
    /// <typeparam name="TVisitor">The visitor.</typeparam>
    public abstract ValueTask Accept<TVisitor>(TVisitor visitor, TEntity entity, int property)
        where TVisitor : struct, IValueVisitor;

    /// <summary>Calls the user's <c>OnPreWalk</c> hook, when implemented.</summary>
    protected virtual void OnPreWalk(TEntity entity, SnapshotRow row)
    {
    }

    /// <summary>Calls the user's <c>OnPreSave</c> hook, when implemented.</summary>
    protected virtual void OnPreSave(TEntity entity, SnapshotRow row)
    {
    }

    internal sealed override object CreateEntity() => Create();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal sealed override void WriteValue(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, object entity, int property)
        => Write(ref writer, (TEntity)entity, property);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal sealed override void ReadValue(ref MemoryPackReader reader, object entity, int property)
        => Read(ref reader, (TEntity)entity, property);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal sealed override void ReadFromDb(DbDataReader reader, int ordinal, object entity, int property, ValueConversion? conversion)
        => ReadColumn(reader, ordinal, (TEntity)entity, property, conversion);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal sealed override object? GetValue(object entity, int property) => Get((TEntity)entity, property);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal sealed override void SetValue(object entity, int property, object? value) => Set((TEntity)entity, property, value);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal sealed override ValueTask AcceptValue<TVisitor>(TVisitor visitor, object entity, int property)
        => Accept(visitor, (TEntity)entity, property);

    internal sealed override void PreWalk(object entity, SnapshotRow row) => OnPreWalk((TEntity)entity, row);

    internal sealed override void PreSave(object entity, SnapshotRow row) => OnPreSave((TEntity)entity, row);
}
