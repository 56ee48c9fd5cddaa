using System.Collections.Immutable;
using System.Reflection;
using DbPickle.Generators.Helpers;
using DbPickle.Generators.Model;
using DbPickle.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Steps = DbPickle.Generators.SnapshotGenerator.Steps;

namespace DbPickle.Generators.Tests;

/// <summary>
/// Pipeline models hold plain data only. A symbol, syntax node, location or compilation in a model compares by
/// reference, so every edit would regenerate everything, and it keeps old compilations alive in the IDE.
/// </summary>
public sealed class ModelInvariantTests
{
    private static readonly Type[] s_forbidden =
    [
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel),
    ];

    private static readonly Assembly s_generator = typeof(SnapshotGenerator).Assembly;

    private static readonly Type[] s_modelTypes =
    [
        .. s_generator.GetTypes()
            .Where(t => t.Namespace == "DbPickle.Generators.Model" && !t.Name.StartsWith('<'))
            .Append(typeof(EquatableArray<>))
            .OrderBy(t => t.FullName, StringComparer.Ordinal),
    ];

    public static TheoryData<Type> ModelTypes => [.. s_modelTypes];

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void ModelTypeHoldsNoRoslynObject(Type type)
    {
        var violations = Violations(type);

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void EveryModelIsFound()
    {
        var names = s_modelTypes.Select(t => t.Name).ToList();

        Assert.Superset(
            new HashSet<string>
            {
                nameof(EntitySpec), nameof(PropertySpec), nameof(EntityRelations), nameof(EntityParseResult), nameof(ContextSpec),
                nameof(HookSpec), nameof(CodecModel), nameof(SnapshotClassModel), nameof(DiagnosticInfo), nameof(LocationInfo),
                nameof(GenericDeclaringTypeSpec), "EquatableArray`1",
            },
            names.ToHashSet());
    }

    [Fact]
    public void EveryTrackedStepOutputHoldsNoRoslynObject()
    {
        var outcome = TestCompilation.Run([.. TestModels.Shop, TestModels.ShopHooks]).AssertCleanWithoutGeneratorDiagnostics();

        foreach (var step in new[] { Steps.Entities, Steps.Contexts, Steps.Hooks, Steps.Classes, Steps.Codecs })
        {
            var values = outcome.Result.TrackedSteps[step].SelectMany(r => r.Outputs).Select(o => o.Value).ToList();
            Assert.NotEmpty(values);
            Assert.All(values, v => Assert.Empty(Violations(v.GetType())));
        }
    }

    [Fact]
    public void CheckCatchesRoslynObjectsHowEverDeepTheyHide()
    {
        Assert.NotEmpty(Violations(typeof(HoldsLocation)));
        Assert.NotEmpty(Violations(typeof(HoldsSymbolsInAnArray)));
        Assert.NotEmpty(Violations(typeof(HoldsAToken)));
        Assert.NotEmpty(Violations(typeof(HoldsAnyObject)));
        Assert.NotEmpty(Violations(typeof(EquatableArray<HoldsLocation>)));
        Assert.Empty(Violations(typeof(LocationInfo)));
    }

    /// <summary>Every field, through arrays, type arguments and the fields of structs and generator types, that is or may hold a forbidden type.</summary>
    private static List<string> Violations(Type root)
    {
        var violations = new List<string>();
        var seen = new HashSet<Type>();
        Visit(root, root.Name);
        return violations;

        void Visit(Type type, string path)
        {
            if (s_forbidden.FirstOrDefault(f => f.IsAssignableFrom(type)) is { } forbidden)
            {
                violations.Add($"{path} is a {forbidden.Name} ({type})");
                return;
            }

            if (type == typeof(object) || type.IsInterface && !type.IsGenericParameter)
            {
                violations.Add($"{path} is {type}, which could hold anything");
                return;
            }

            if (type.IsGenericParameter || type.IsPrimitive || type.IsEnum || type == typeof(string) || !seen.Add(type))
            {
                return;
            }

            if (type.HasElementType)
            {
                Visit(type.GetElementType()!, path + "[]");
                return;
            }

            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
            {
                Visit(argument, $"{path}<{argument.Name}>");
            }

            // Look inside our own types and every struct (a struct such as SyntaxToken can carry a node); a class from
            // elsewhere (a Roslyn one included) was judged by its type above.
            if (type.Assembly == s_generator || type.Assembly == typeof(ModelInvariantTests).Assembly || type.IsValueType)
            {
                foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    Visit(field.FieldType, path + "." + field.Name);
                }
            }
        }
    }

    private sealed record HoldsLocation(string Name, Location Where);

    private sealed record HoldsSymbolsInAnArray(ImmutableArray<ITypeSymbol> Types);

    private readonly record struct HoldsAToken(SyntaxToken Token);

    private sealed record HoldsAnyObject(object Anything);
}
