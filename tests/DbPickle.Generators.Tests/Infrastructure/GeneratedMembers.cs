using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPickle.Generators.Tests.Infrastructure;

/// <summary>Reads single members out of generated syntax trees, for focused assertions.</summary>
internal static class GeneratedMembers
{
    /// <summary>The entries of the snapshot class's codec array (its insert plan), in order.</summary>
    public static List<string> InsertPlan(GeneratorOutcome outcome, string hintName)
    {
        var field = outcome.Tree(hintName).GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(v => v.Identifier.ValueText == "s_definition");
        var creation = Assert.IsType<ImplicitObjectCreationExpressionSyntax>(field.Initializer?.Value);
        var codecs = Assert.IsType<ArrayCreationExpressionSyntax>(creation.ArgumentList.Arguments[1].Expression);
        return codecs.Initializer!.Expressions.Select(e => e.ToString()).ToList();
    }

    /// <summary>The <c>SnapshotPropertySpec</c> entries a codec passes to its base constructor.</summary>
    public static List<string> PropertySpecs(GeneratorOutcome outcome, string hintName, string codecName)
    {
        var specs = Assert.IsType<ArrayCreationExpressionSyntax>(BaseArguments(outcome, hintName, codecName)[1].Expression);
        return specs.Initializer!.Expressions.Select(e => e.ToString()).ToList();
    }

    /// <summary>One positional argument of a codec's base constructor call.</summary>
    public static string BaseArgument(GeneratorOutcome outcome, string hintName, string codecName, int position)
        => BaseArguments(outcome, hintName, codecName)[position].Expression.ToString();

    /// <summary>One named argument of a codec's base constructor call.</summary>
    public static string BaseArgument(GeneratorOutcome outcome, string hintName, string codecName, string name)
        => BaseArguments(outcome, hintName, codecName).Single(a => a.NameColon?.Name.Identifier.ValueText == name).Expression.ToString();

    /// <summary>The statement a codec method runs for property <paramref name="index"/> (its <c>case index:</c> section).</summary>
    public static string SwitchCase(GeneratorOutcome outcome, string hintName, string codecName, string method, int index)
    {
        var body = Codec(outcome, hintName, codecName).Members.OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == method);
        var section = body.DescendantNodes().OfType<SwitchSectionSyntax>()
            .Single(s => s.Labels.OfType<CaseSwitchLabelSyntax>().Any(l => l.Value.ToString() == index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return section.Statements[0].ToString();
    }

    public static ClassDeclarationSyntax Codec(GeneratorOutcome outcome, string hintName, string codecName)
        => outcome.Tree(hintName).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == codecName);

    private static SeparatedSyntaxList<ArgumentSyntax> BaseArguments(GeneratorOutcome outcome, string hintName, string codecName)
    {
        var constructor = Codec(outcome, hintName, codecName).Members.OfType<ConstructorDeclarationSyntax>().Single();
        return constructor.Initializer!.ArgumentList.Arguments;
    }
}
