using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DbPickle.Generators.Helpers;
using DbPickle.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPickle.Generators.Parsing;

/// <summary>Finds DbContext classes that expose <c>[Snapshot]</c> entities through DbSet properties.</summary>
internal static class ContextParser
{
    private const string DbContextName = "Microsoft.EntityFrameworkCore.DbContext";
    private const string DbSetName = "Microsoft.EntityFrameworkCore.DbSet<TEntity>";

    /// <summary>Cheap syntactic filter: only classes with a base list can derive from DbContext.</summary>
    public static bool IsCandidate(SyntaxNode node) => node is ClassDeclarationSyntax { BaseList: not null };

    public static ContextSpec? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol type
            || type.IsAbstract || type.IsGenericType || type.ContainingType is not null || !DerivesFromDbContext(type))
        {
            return null;
        }

        // A partial context declared in several files is parsed once, from its first declaration that passes IsCandidate
        // (the first declaration overall may have no base list, and then is never offered here).
        if (type.DeclaringSyntaxReferences.Length > 1
            && type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).First(IsCandidate) != context.Node)
        {
            return null;
        }

        var entities = SnapshotEntities(type);
        if (entities.Count == 0)
        {
            return null;
        }

        return new ContextSpec(
            type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
            type.Name,
            EntityParser.FullName(type),
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            type.DeclaredAccessibility == Accessibility.Public,
            entities.ToEquatableArray());
    }

    /// <summary>
    /// A DbContext declared inside another type that exposes <c>[Snapshot]</c> entities: it gets no snapshot class
    /// (a top-level class could not name a private one, and the user's hook file could not be a nested partial of a
    /// type they may not have declared partial), so it is reported rather than silently skipped.
    /// </summary>
    public static NestedContextSpec? ParseNested(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol { ContainingType: { } outer } type
            || type.IsAbstract || type.IsGenericType || !DerivesFromDbContext(type))
        {
            return null;
        }

        var entities = SnapshotEntities(type);
        return entities.Count == 0
            ? null
            : new NestedContextSpec(
                DiagnosticInfo.Create(DiagnosticDescriptors.NestedContext, ((ClassDeclarationSyntax)context.Node).Identifier.GetLocation(), type.Name, outer.Name),
                entities.ToEquatableArray());
    }

    /// <summary>The <c>[Snapshot]</c> entities of this compilation that <paramref name="type"/> (or a base context) exposes through DbSet properties.</summary>
    private static List<string> SnapshotEntities(INamedTypeSymbol type)
    {
        var entities = new List<string>();
        for (var current = type; current is not null && current.ToDisplayString() != DbContextName; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, Type: INamedTypeSymbol { IsGenericType: true } setType }
                    && setType.OriginalDefinition.ToDisplayString() == DbSetName
                    && setType.TypeArguments[0] is INamedTypeSymbol entity
                    && EntityParser.HasAttribute(entity, "DbPickle.SnapshotAttribute")
                    // Codecs are generated only for entities declared in this compilation; a context deriving from one in
                    // another assembly uses that assembly's snapshot class for the inherited sets.
                    && SymbolEqualityComparer.Default.Equals(entity.ContainingAssembly, type.ContainingAssembly))
                {
                    var name = EntityParser.FullName(entity);
                    if (!entities.Contains(name))
                    {
                        entities.Add(name);
                    }
                }
            }
        }

        return entities;
    }

    private static bool DerivesFromDbContext(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == DbContextName)
            {
                return true;
            }
        }

        return false;
    }
}
