using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DbPickle.Generators.Helpers;
using DbPickle.Generators.Model;
using Microsoft.CodeAnalysis;

namespace DbPickle.Generators.Parsing;

/// <summary>Turns a <c>[Snapshot]</c> class symbol into an <see cref="EntitySpec"/> and its diagnostics.</summary>
internal static class EntityParser
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static EntityParseResult Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var fullName = FullName(type);
        var location = type.Locations.FirstOrDefault();
        var diagnostics = new List<DiagnosticInfo>();
        var display = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

        if (type.TypeKind != TypeKind.Class || type.IsStatic || type.IsRecord && type.IsValueType)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAnEntityClass, location, display, type.IsStatic ? "a static class" : "not a class"));
        }
        else if (type.IsAbstract)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AbstractEntity, location, display));
        }
        else if (type.IsGenericType)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericEntity, location, display));
        }
        else if (!IsAccessible(type))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InaccessibleEntity, location, display));
        }
        else if (HasAttribute(type, "Microsoft.EntityFrameworkCore.KeylessAttribute"))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KeylessEntity, location, display));
        }

        var constructor = type.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == 0);
        if (diagnostics.Count == 0 && constructor is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoParameterlessConstructor, location, display));
        }

        var locationInfo = LocationInfo.From(location);
        if (diagnostics.Count > 0)
        {
            return new EntityParseResult(fullName, null, null, locationInfo, diagnostics.ToEquatableArray());
        }

        var properties = new List<PropertySpec>();
        var principals = new List<string>();
        var dependents = new List<string>();
        var seen = new HashSet<string>();
        foreach (var property in MappedProperties(type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!seen.Add(property.Name))
            {
                continue;
            }

            // A computed property (no setter, no backing field) is not stored and EF Core does not map it: skip it before
            // classifying, or it would be reported as an unsupported type (DBPK006).
            if (property.SetMethod is null && !HasBackingField(property))
            {
                continue;
            }

            if (Classify(property) is { } spec)
            {
                properties.Add(spec);
                continue;
            }

            if (AsNavigationTarget(property.Type, out var isCollection) is { } target)
            {
                var targetName = FullName(target);
                (isCollection ? dependents : principals).Add(targetName);
                if (!isCollection && !HasAttribute(target, "DbPickle.SnapshotAttribute") && IsRequiredReference(type, property, target))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.RequiredPrincipalNotSnapshotted, property.Locations.FirstOrDefault(), display, property.Name, target.Name));
                }

                continue;
            }

            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedPropertyType,
                property.Locations.FirstOrDefault(),
                display,
                property.Name,
                property.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }

        var entity = new EntitySpec(
            fullName,
            type.Name,
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            constructor!.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal
                && (!HasRequiredMembers(type) || HasAttribute(constructor, "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute")),
            properties.ToEquatableArray());
        var relations = new EntityRelations(fullName, principals.Distinct().ToEquatableArray(), dependents.Distinct().ToEquatableArray());
        return new EntityParseResult(fullName, entity, relations, locationInfo, diagnostics.ToEquatableArray());
    }

    /// <summary>The CLR full name (<c>Namespace.Outer+Inner</c>), which EF Core uses as the entity type name.</summary>
    public static string FullName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    public static bool HasAttribute(ISymbol symbol, string attributeFullName)
        => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attributeFullName);

    /// <summary>Public instance properties with a getter, base classes first, as EF Core's conventions discover them.</summary>
    private static IEnumerable<IPropertySymbol> MappedProperties(INamedTypeSymbol type)
    {
        var chain = new Stack<INamedTypeSymbol>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            chain.Push(current);
        }

        foreach (var declaring in chain)
        {
            foreach (var member in declaring.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: not null } property
                    && !HasAttribute(property, "System.ComponentModel.DataAnnotations.Schema.NotMappedAttribute"))
                {
                    yield return property;
                }
            }
        }
    }

    private static PropertySpec? Classify(IPropertySymbol property)
    {
        var type = property.Type;
        var isNullableValue = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
            isNullableValue = true;
        }

        var isEnum = type.TypeKind == TypeKind.Enum;
        var primitive = isEnum ? ((INamedTypeSymbol)type).EnumUnderlyingType! : type;
        var kind = KindOf(primitive);
        if (kind is null)
        {
            return null;
        }

        var set = property.SetMethod is { } setter
            ? setter.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal && !setter.IsInitOnly
                ? MemberAccess.Direct
                : MemberAccess.Accessor
            : HasBackingField(property) ? MemberAccess.BackingField : (MemberAccess?)null;
        if (set is null)
        {
            // A computed property (no setter, no backing field) is not stored; EF Core does not map it either.
            return null;
        }

        var isReference = kind is "String" or "Binary";
        return new PropertySpec(
            property.Name,
            property.Type.ToDisplayString(TypeFormat),
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            kind,
            primitive.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            isNullableValue || isReference,
            isReference,
            isEnum,
            property.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            property.GetMethod!.DeclaredAccessibility == Accessibility.Public ? MemberAccess.Direct : MemberAccess.Accessor,
            set.Value,
            GenericDeclaringType(property));
    }

    private static GenericDeclaringTypeSpec? GenericDeclaringType(IPropertySymbol property)
    {
        // A type nested in a generic type would need the outer type's parameters too; such entity bases are left as they were.
        var declaring = property.ContainingType;
        if (declaring.TypeParameters.Length == 0 || declaring.ContainingType is { IsGenericType: true })
        {
            return null;
        }

        var parameters = declaring.OriginalDefinition.TypeParameters;
        return new GenericDeclaringTypeSpec(
            declaring.OriginalDefinition.ToDisplayString(TypeFormat),
            "<" + string.Join(", ", parameters.Select(t => t.Name)) + ">",
            string.Join(" ", parameters.Select(t => (t.Name, Clause: Constraints(t))).Where(t => t.Clause.Length > 0).Select(t => $"where {t.Name} : {t.Clause}")),
            "<" + string.Join(", ", declaring.TypeArguments.Select(t => t.ToDisplayString(TypeFormat))) + ">",
            property.OriginalDefinition.Type.ToDisplayString(TypeFormat));
    }

    /// <summary>A type parameter's constraints as C# writes them, in the order the language requires.</summary>
    private static string Constraints(ITypeParameterSymbol parameter)
    {
        var parts = new List<string>();
        if (parameter.HasUnmanagedTypeConstraint)
        {
            parts.Add("unmanaged");
        }
        else if (parameter.HasValueTypeConstraint)
        {
            parts.Add("struct");
        }
        else if (parameter.HasReferenceTypeConstraint)
        {
            parts.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
        }
        else if (parameter.HasNotNullConstraint)
        {
            parts.Add("notnull");
        }

        parts.AddRange(parameter.ConstraintTypes.Select(t => t.ToDisplayString(TypeFormat)));
        if (parameter.HasConstructorConstraint)
        {
            parts.Add("new()");
        }

        return string.Join(", ", parts);
    }

    private static string? KindOf(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return "Boolean";
            case SpecialType.System_Byte: return "Byte";
            case SpecialType.System_SByte: return "SByte";
            case SpecialType.System_Int16: return "Int16";
            case SpecialType.System_UInt16: return "UInt16";
            case SpecialType.System_Int32: return "Int32";
            case SpecialType.System_UInt32: return "UInt32";
            case SpecialType.System_Int64: return "Int64";
            case SpecialType.System_UInt64: return "UInt64";
            case SpecialType.System_Single: return "Single";
            case SpecialType.System_Double: return "Double";
            case SpecialType.System_Decimal: return "Decimal";
            case SpecialType.System_Char: return "Char";
            case SpecialType.System_String: return "String";
            case SpecialType.System_DateTime: return "DateTime";
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return "Binary";
        }

        return type.ToDisplayString() switch
        {
            "System.Guid" => "Guid",
            "System.DateTimeOffset" => "DateTimeOffset",
            "System.DateOnly" => "DateOnly",
            "System.TimeOnly" => "TimeOnly",
            "System.TimeSpan" => "TimeSpan",
            _ => null,
        };
    }

    /// <summary>
    /// Whether the type or a base declares a <c>required</c> member: <c>new T()</c> does not compile then (CS9035), so
    /// generated code creates the entity through its constructor accessor instead.
    /// </summary>
    private static bool HasRequiredMembers(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers().Any(m => m is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true }))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasBackingField(IPropertySymbol property)
        => property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

    /// <summary>
    /// The entity class a navigation points to: a class property, or a collection of classes. Framework classes
    /// (<c>System.*</c>, such as <see cref="System.Uri"/>, which EF Core maps as a scalar through a converter) are
    /// never entities, so they are reported as types the snapshot cannot encode instead of passing as navigations.
    /// </summary>
    private static INamedTypeSymbol? AsNavigationTarget(ITypeSymbol type, out bool isCollection)
    {
        isCollection = false;
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Class, SpecialType: SpecialType.None, IsGenericType: false } target)
        {
            return IsFrameworkType(target) ? null : target;
        }

        var enumerable = type is INamedTypeSymbol { IsGenericType: true, OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } self
            ? self
            : type.AllInterfaces.FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);
        if (type.SpecialType != SpecialType.System_String
            && enumerable?.TypeArguments[0] is INamedTypeSymbol { TypeKind: TypeKind.Class, SpecialType: SpecialType.None } element
            && !IsFrameworkType(element))
        {
            isCollection = true;
            return element;
        }

        return null;
    }

    private static bool IsFrameworkType(INamedTypeSymbol type)
    {
        var root = type.ContainingNamespace;
        while (root is { ContainingNamespace.IsGlobalNamespace: false })
        {
            root = root.ContainingNamespace;
        }

        return root?.Name == "System";
    }

    /// <summary>
    /// Build-time guess at whether a reference navigation is required: [Required] on it, or a non-nullable value-type
    /// foreign key property found by EF Core's naming conventions. The runtime model has the final word.
    /// </summary>
    private static bool IsRequiredReference(INamedTypeSymbol entity, IPropertySymbol navigation, INamedTypeSymbol target)
    {
        if (HasAttribute(navigation, "System.ComponentModel.DataAnnotations.RequiredAttribute"))
        {
            return true;
        }

        var foreignKeyName = navigation.GetAttributes()
            .FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "System.ComponentModel.DataAnnotations.Schema.ForeignKeyAttribute")?
            .ConstructorArguments.FirstOrDefault().Value as string;
        var candidates = foreignKeyName is not null
            ? new[] { foreignKeyName }
            : new[] { navigation.Name + "Id", navigation.Name + "ID", target.Name + "Id", target.Name + "ID" };
        foreach (var candidate in candidates)
        {
            var foreignKey = MappedProperties(entity).FirstOrDefault(p => p.Name == candidate);
            if (foreignKey is not null)
            {
                return foreignKey.Type.IsValueType && foreignKey.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T;
            }
        }

        return false;
    }

    private static bool IsAccessible(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            {
                return false;
            }
        }

        return true;
    }
}
