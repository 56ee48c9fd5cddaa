using DbPickle.Generators.Helpers;

namespace DbPickle.Generators.Model;

// The generator's pipeline models. They hold only strings, bools, enums and EquatableArrays: never an ISymbol,
// SyntaxNode, Location or Compilation, so equal inputs compare equal and Roslyn can skip regeneration. A test
// (ModelInvariantTests) checks this by reflection over these types.

/// <summary>How generated code reaches a property's value.</summary>
internal enum MemberAccess
{
    /// <summary>Plain C# member access.</summary>
    Direct,

    /// <summary>Through an <c>UnsafeAccessor</c> to the non-public or init-only accessor method.</summary>
    Accessor,

    /// <summary>Through an <c>UnsafeAccessor</c> to the compiler-generated backing field of a get-only auto-property.</summary>
    BackingField,
}

/// <summary>A property the generator encodes.</summary>
/// <param name="Name">The CLR (and EF Core) property name.</param>
/// <param name="TypeDisplay">The property type, fully qualified with nullability (e.g. <c>global::System.String?</c>).</param>
/// <param name="ValueTypeDisplay">The property type without <c>?</c>: an enum, or the value type inside Nullable.</param>
/// <param name="Kind">The <c>SnapshotValueKind</c> member name.</param>
/// <param name="PrimitiveDisplay">For primitive kinds, the C# type the codec reads and writes (an enum's underlying type).</param>
/// <param name="IsNullable">Whether the CLR type admits null.</param>
/// <param name="IsReference">Whether the type is a reference type (string, byte[]).</param>
/// <param name="IsEnum">Whether the type is an enum (or a nullable enum).</param>
/// <param name="DeclaringTypeDisplay">The type that declares the property (for accessors of inherited members).</param>
/// <param name="Get">How the value is read.</param>
/// <param name="Set">How the value is written.</param>
/// <param name="GenericDeclaringType">Set when a generic type declares the property (see <see cref="GenericDeclaringTypeSpec"/>).</param>
internal sealed record PropertySpec(
    string Name,
    string TypeDisplay,
    string ValueTypeDisplay,
    string Kind,
    string PrimitiveDisplay,
    bool IsNullable,
    bool IsReference,
    bool IsEnum,
    string DeclaringTypeDisplay,
    MemberAccess Get,
    MemberAccess Set,
    GenericDeclaringTypeSpec? GenericDeclaringType = null);

/// <summary>
/// A generic type that declares a property (an <c>Entity&lt;TKey&gt;</c> base class). The runtime binds an
/// <c>UnsafeAccessor</c> to a member of a generic type only from a class with the same type parameters and
/// constraints, so generated code declares its accessors in such a class and calls them with the type arguments.
/// </summary>
/// <param name="OpenTypeDisplay">The declaring type over its own type parameters (<c>global::Shop.Entity&lt;TKey&gt;</c>).</param>
/// <param name="TypeParameters">Its type parameter list (<c>&lt;TKey&gt;</c>).</param>
/// <param name="Constraints">Its constraint clauses (<c>where TKey : struct</c>), or empty.</param>
/// <param name="TypeArguments">The type arguments the entity's base list supplies (<c>&lt;long&gt;</c>).</param>
/// <param name="OpenPropertyTypeDisplay">The property type over the type parameters (<c>TKey</c>).</param>
internal sealed record GenericDeclaringTypeSpec(
    string OpenTypeDisplay,
    string TypeParameters,
    string Constraints,
    string TypeArguments,
    string OpenPropertyTypeDisplay);

/// <summary>A <c>[Snapshot]</c> entity the generator can encode.</summary>
/// <param name="FullName">The CLR full name, which is EF Core's entity type name.</param>
/// <param name="Name">The simple type name.</param>
/// <param name="TypeDisplay">The fully qualified type (<c>global::Shop.Order</c>).</param>
/// <param name="HasAccessibleConstructor">Whether <c>new T()</c> compiles from generated code; otherwise an accessor is used.</param>
internal sealed record EntitySpec(
    string FullName,
    string Name,
    string TypeDisplay,
    bool HasAccessibleConstructor,
    EquatableArray<PropertySpec> Properties);

/// <summary>
/// The small projection of an entity the cross-entity insert plan needs. Kept apart from <see cref="EntitySpec"/> so
/// editing a property that is not a relationship leaves every plan cached.
/// </summary>
/// <param name="Principals">Entities this one references (reference navigations), self included.</param>
/// <param name="Dependents">Entities that reference this one (collection navigations).</param>
internal sealed record EntityRelations(string FullName, EquatableArray<string> Principals, EquatableArray<string> Dependents);

/// <summary>What parsing one <c>[Snapshot]</c> class produced.</summary>
/// <param name="Entity">Null when the class cannot be snapshotted (its diagnostics say why).</param>
internal sealed record EntityParseResult(
    string FullName,
    EntitySpec? Entity,
    EntityRelations? Relations,
    LocationInfo? Location,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A DbContext with at least one DbSet of a <c>[Snapshot]</c> entity.</summary>
/// <param name="Namespace">The context's namespace; empty for the global namespace.</param>
/// <param name="Entities">Full names of the <c>[Snapshot]</c> entity types of its DbSet properties, in declaration order.</param>
/// <summary>A DbContext declared inside another type: no snapshot class, a DBPK010 warning, and its entities count as exposed.</summary>
internal sealed record NestedContextSpec(DiagnosticInfo Diagnostic, EquatableArray<string> Entities);

internal sealed record ContextSpec(string Namespace, string Name, string FullName, string TypeDisplay, bool IsPublic, EquatableArray<string> Entities)
{
    public string SnapshotClassName => Name + "Snapshot";

    public string SnapshotClassFullName => Namespace.Length == 0 ? SnapshotClassName : Namespace + "." + SnapshotClassName;
}

/// <summary>A hook the user implemented in their part of a snapshot class.</summary>
internal sealed record HookSpec(string SnapshotClassFullName, string EntityFullName, bool IsPreWalk);

/// <summary>Everything needed to emit one entity's codec inside one snapshot class.</summary>
internal sealed record CodecModel(
    string Namespace,
    string SnapshotClassName,
    string CodecName,
    EntitySpec Entity,
    EquatableArray<string> Principals,
    bool HasPreWalkHook,
    bool HasPreSaveHook);

/// <summary>Everything needed to emit a snapshot class's entry points and its build-time insert plan.</summary>
/// <param name="Codecs">Codec class names, parents before children.</param>
/// <param name="Providers">Which providers' fast insert paths the compilation can use.</param>
internal sealed record SnapshotClassModel(
    string Namespace,
    string ClassName,
    string ContextTypeDisplay,
    string ContextFullName,
    bool IsPublic,
    EquatableArray<string> Codecs,
    ProviderReferences Providers);

/// <summary>Provider libraries the compilation references, reduced to flags so an edit elsewhere leaves them equal.</summary>
/// <param name="Npgsql">Npgsql: PostgreSQL loads can use binary COPY.</param>
/// <param name="Sqlite">Microsoft.Data.Sqlite with SQLitePCLRaw: SQLite loads can bind through the C API.</param>
internal readonly record struct ProviderReferences(bool Npgsql, bool Sqlite)
{
    public bool Any => Npgsql || Sqlite;
}
