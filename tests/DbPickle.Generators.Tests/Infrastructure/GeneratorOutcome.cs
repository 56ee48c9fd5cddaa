using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace DbPickle.Generators.Tests.Infrastructure;

/// <summary>What one generator run produced, with the checks every generator test shares.</summary>
internal sealed class GeneratorOutcome
{
    public GeneratorOutcome(Compilation input, GeneratorDriver driver, Compilation output, ImmutableArray<Diagnostic> driverDiagnostics)
    {
        Input = input;
        Driver = driver;
        Output = output;
        DriverDiagnostics = driverDiagnostics;
        Result = driver.GetRunResult().Results.Single();
    }

    public Compilation Input { get; }

    public GeneratorDriver Driver { get; }

    /// <summary>The input compilation plus the generated trees.</summary>
    public Compilation Output { get; }

    /// <summary>Diagnostics the driver reported: the generator's own, and CS8785 if it threw.</summary>
    public ImmutableArray<Diagnostic> DriverDiagnostics { get; }

    public GeneratorRunResult Result { get; }

    /// <summary>Diagnostics the generator reported (DBPK###).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    public IReadOnlyList<string> HintNames => Result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>Runs the same driver (and so its cached state) over an edited compilation.</summary>
    public GeneratorOutcome Rerun(Compilation edited)
    {
        var driver = Driver.RunGeneratorsAndUpdateCompilation(edited, out var output, out var driverDiagnostics);
        return new GeneratorOutcome(edited, driver, output, driverDiagnostics);
    }

    /// <summary>Exactly these files were generated.</summary>
    public void AssertHintNames(params string[] expected)
        => Assert.Equal(expected.OrderBy(n => n, StringComparer.Ordinal), HintNames);

    public string Source(string hintName)
    {
        var source = Result.GeneratedSources.Where(s => s.HintName == hintName).ToList();
        Assert.True(source.Count == 1, $"expected one generated source '{hintName}', found: {string.Join(", ", HintNames)}");
        return source[0].SourceText.ToString();
    }

    public SyntaxTree Tree(string hintName)
        => Result.GeneratedSources.Single(s => s.HintName == hintName).SyntaxTree;

    /// <summary>The generator did not throw, and the output compiles with no error and no warning.</summary>
    public GeneratorOutcome AssertCompilesCleanly()
    {
        Assert.Null(Result.Exception);
        var problems = Output.GetDiagnostics()
            .Concat(DriverDiagnostics.Where(d => !d.Id.StartsWith("DBPK", StringComparison.Ordinal)))
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToList();
        Assert.True(problems.Count == 0, "the output compilation has diagnostics:\n" + Describe(problems));
        return this;
    }

    /// <summary>As <see cref="AssertCompilesCleanly"/>, the generator reported nothing either, and it generated source.</summary>
    public GeneratorOutcome AssertCleanWithoutGeneratorDiagnostics()
    {
        Assert.True(GeneratorDiagnostics.IsEmpty, "the generator reported:\n" + Describe(GeneratorDiagnostics));
        Assert.NotEmpty(Result.GeneratedSources);
        return AssertCompilesCleanly();
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics)
        => string.Join("\n", diagnostics.Select(d => d.ToString() + LineOf(d)));

    private static string LineOf(Diagnostic diagnostic)
    {
        if (diagnostic.Location.SourceTree is not { } tree)
        {
            return string.Empty;
        }

        var line = tree.GetText().Lines.GetLineFromPosition(diagnostic.Location.SourceSpan.Start);
        return string.Format(CultureInfo.InvariantCulture, "\n    in {0}: {1}", tree.FilePath, line.ToString().Trim());
    }
}
