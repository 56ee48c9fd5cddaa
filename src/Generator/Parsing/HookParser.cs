using System.Linq;
using System.Threading;
using DbPickle.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPickle.Generators.Parsing;

/// <summary>
/// Finds the hooks a user implemented. A partial method without an implementation vanishes at compile time, so
/// generated code cannot tell at run time; the generator tells it instead (the runtime allows schema drift only for
/// entities with a hook).
/// </summary>
internal static class HookParser
{
    public static bool IsCandidate(SyntaxNode node)
        => node is MethodDeclarationSyntax { Identifier.ValueText: "OnPreWalk" or "OnPreSave", ParameterList.Parameters.Count: 2 } method
            && (method.Body is not null || method.ExpressionBody is not null)
            && method.Modifiers.Any(SyntaxKind.PartialKeyword);

    public static HookSpec? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not IMethodSymbol method
            || method.Parameters.FirstOrDefault()?.Type is not INamedTypeSymbol entity)
        {
            return null;
        }

        return new HookSpec(EntityParser.FullName(method.ContainingType), EntityParser.FullName(entity), method.Name == "OnPreWalk");
    }
}
