using System.Linq;
using Microsoft.CodeAnalysis;

namespace DbPickle.Generators;

/// <summary>Every diagnostic the generator reports; docs/DIAGNOSTICS.md has a section per id.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "DbPickle";
    private const string HelpBase = "https://github.com/dbpickle/DbPickle.Generators/blob/main/docs/DIAGNOSTICS.md#";

    public static readonly DiagnosticDescriptor NotExposedByContext = Create(
        "DBPK001",
        "[Snapshot] entity is not exposed by any DbContext",
        "'{0}' is marked [Snapshot] but no DbContext in this project has a DbSet<{1}> property, so no snapshot includes it; add a DbSet<{1}> property to your DbContext, or remove [Snapshot]",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor RequiredPrincipalNotSnapshotted = Create(
        "DBPK002",
        "Required foreign key points to an entity without [Snapshot]",
        "'{0}.{1}' is a required reference to '{2}', which is not marked [Snapshot]: a load only succeeds if the target already holds every referenced '{2}' row; mark '{2}' with [Snapshot], or make the relationship optional",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor KeylessEntity = Create(
        "DBPK003",
        "Keyless entity cannot be snapshotted",
        "'{0}' is keyless ([Keyless]); a snapshot needs a primary key to order, validate and report rows; give it a key or remove [Snapshot]",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AbstractEntity = Create(
        "DBPK004",
        "Abstract entity cannot be snapshotted",
        "'{0}' is abstract; mark the concrete entity classes with [Snapshot] instead",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GenericEntity = Create(
        "DBPK005",
        "Generic entity cannot be snapshotted",
        "'{0}' is generic; EF Core maps closed types only, so mark a non-generic class with [Snapshot]",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedPropertyType = Create(
        "DBPK006",
        "Property type cannot be encoded",
        "Property '{0}.{1}' has type '{2}', which DbPickle cannot encode; it is left out of the snapshot. Map it with [NotMapped] if EF Core should ignore it too, or use a supported type (numbers, bool, char, string, byte[], Guid, date and time types, enums and their nullable forms)",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor NotAnEntityClass = Create(
        "DBPK007",
        "[Snapshot] type is not an entity class",
        "'{0}' is {1}; [Snapshot] applies to entity classes only",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NoParameterlessConstructor = Create(
        "DBPK008",
        "Entity has no parameterless constructor",
        "'{0}' has no parameterless constructor; add one (it may be private) so rows can be materialised without reflection",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InaccessibleEntity = Create(
        "DBPK009",
        "Entity is not accessible to generated code",
        "'{0}' is private or nested in a private type; generated code in the same assembly needs at least internal access",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NestedContext = Create(
        "DBPK010",
        "DbContext nested in another type gets no snapshot class",
        "'{0}' is declared inside '{1}', so DbPickle generates no '{0}Snapshot' class for its [Snapshot] entities; declare the DbContext at namespace level",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor[] All =
    [
        NotExposedByContext, RequiredPrincipalNotSnapshotted, KeylessEntity, AbstractEntity, GenericEntity,
        UnsupportedPropertyType, NotAnEntityClass, NoParameterlessConstructor, InaccessibleEntity, NestedContext,
    ];

    public static DiagnosticDescriptor ById(string id) => All.First(d => d.Id == id);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity)
        => new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id.ToLowerInvariant());
}
