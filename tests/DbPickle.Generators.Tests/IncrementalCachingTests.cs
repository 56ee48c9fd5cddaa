using DbPickle.Generators.Model;
using DbPickle.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Steps = DbPickle.Generators.SnapshotGenerator.Steps;

namespace DbPickle.Generators.Tests;

/// <summary>
/// Edits that cannot change the output leave every pipeline step cached; edits that can re-run exactly what they
/// affect. Each test runs one driver twice, as the IDE does on every keystroke.
/// </summary>
public sealed class IncrementalCachingTests
{
    private static readonly string[] s_trackedSteps = [Steps.Entities, Steps.Contexts, Steps.Hooks, Steps.Classes, Steps.Codecs];

    private static readonly SourceFile s_pricing = TestModels.File("Shop/Pricing.cs", """
        namespace Shop;

        public static class Pricing
        {
            public static decimal WithTax(decimal net) => net * 1.2m;
        }
        """);

    private static readonly IncrementalStepRunReason[] s_notRerun = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    [Fact]
    public void SameCompilationAgainIsCached()
    {
        var first = RunShop();

        var second = first.Rerun(first.Input.Clone());

        AssertNothingRegenerated(second);
        Assert.Empty(RegeneratedFiles(first, second));
    }

    [Fact]
    public void NewUnrelatedFileIsCached()
    {
        var first = RunShop();

        var second = first.Rerun(first.Input.AddSyntaxTrees(TestCompilation.Parse(TestModels.File("Shop/Clock.cs", """
            namespace Shop;

            public sealed class Clock
            {
                public System.DateTime Now() => System.DateTime.UtcNow;
            }
            """))));

        AssertNothingRegenerated(second);
        second.AssertCleanWithoutGeneratorDiagnostics();
    }

    [Fact]
    public void MethodBodyEditInAnUnrelatedFileIsCached()
    {
        var first = RunShop();

        var second = first.Rerun(Edit(first.Input, s_pricing.Path, "net * 1.2m", "net * 1.25m"));

        AssertNothingRegenerated(second);
    }

    [Fact]
    public void MethodBodyEditInAnEntityFileIsCached()
    {
        var first = RunShop();

        var second = first.Rerun(Edit(first.Input, TestModels.ShopOrder.Path, "total += line.Price * line.Quantity;", "total += line.Quantity * line.Price;"));

        AssertNothingRegenerated(second);
        Assert.Contains(Outputs(second, Steps.Entities), o => o.Reason == IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void NewPropertyRegeneratesOnlyItsEntitysCodec()
    {
        var first = RunShop();

        var second = first.Rerun(Edit(first.Input, TestModels.ShopOrder.Path, "public DateTimeOffset PlacedAt { get; set; }", "public DateTimeOffset PlacedAt { get; set; }\n    public string? Note { get; set; }"));

        var entities = Outputs(second, Steps.Entities);
        Assert.Equal("Shop.Order", Assert.Single(entities, o => o.Reason == IncrementalStepRunReason.Modified).Value is EntityParseResult r ? r.FullName : null);
        Assert.All(entities.Where(o => ((EntityParseResult)o.Value).FullName != "Shop.Order"), o => Assert.Contains(o.Reason, s_notRerun));

        // The insert plan depends on relationships only, and a scalar property is not one.
        Assert.All(Outputs(second, Steps.Classes), o => Assert.Contains(o.Reason, s_notRerun));

        var codecs = Outputs(second, Steps.Codecs);
        Assert.Equal(5, codecs.Count);
        Assert.All(codecs, o => Assert.Equal(
            ((CodecModel)o.Value).CodecName == "OrderCodec" ? IncrementalStepRunReason.Modified : IncrementalStepRunReason.Unchanged,
            o.Reason));

        Assert.Equal(["Shop.ShopContextSnapshot.OrderCodec.g.cs"], RegeneratedFiles(first, second));
        second.AssertCleanWithoutGeneratorDiagnostics();
    }

    [Fact]
    public void NewNavigationChangesTheInsertPlan()
    {
        var first = RunShop();

        var second = first.Rerun(Edit(
            first.Input,
            TestModels.ShopCustomer.Path,
            "public string? Email { get; set; }",
            "public string? Email { get; set; }\n    public int? FavoriteProductId { get; set; }\n    public Product? FavoriteProduct { get; set; }"));

        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Outputs(second, Steps.Classes)).Reason);
        Assert.Equal(
            ["CategoryCodec.Instance", "ProductCodec.Instance", "CustomerCodec.Instance", "OrderCodec.Instance", "OrderLineCodec.Instance"],
            GeneratedMembers.InsertPlan(second, "Shop.ShopContextSnapshot.g.cs"));
        Assert.Contains(Outputs(second, Steps.Codecs), o => ((CodecModel)o.Value).CodecName == "CustomerCodec" && o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Shop.ShopContextSnapshot.g.cs", RegeneratedFiles(first, second));
        second.AssertCleanWithoutGeneratorDiagnostics();
    }

    [Fact]
    public void NewHookFlipsOnlyThatCodecsFlag()
    {
        var first = RunShop(withHooks: false);

        var second = first.Rerun(first.Input.AddSyntaxTrees(TestCompilation.Parse(TestModels.ShopHooks)));

        Assert.Single(Outputs(second, Steps.Hooks), o => o.Reason == IncrementalStepRunReason.New);
        Assert.All(Outputs(second, Steps.Classes), o => Assert.Contains(o.Reason, s_notRerun));
        Assert.Equal(["Shop.ShopContextSnapshot.OrderCodec.g.cs"], RegeneratedFiles(first, second));
    }

    [Fact]
    public void WarningsSurviveAnUnrelatedEditAndSourceStaysCached()
    {
        var scores = TestModels.File("Shop/Scores.cs", """
            using System.Collections.Generic;
            using DbPickle;

            namespace Shop;

            [Snapshot]
            public class Scoreboard
            {
                public int Id { get; set; }
                public List<int> Scores { get; set; } = new();
            }
            """);
        var first = TestCompilation.Run(TestCompilation.Create([.. TestModels.Shop, s_pricing, TestModels.ShopHooks, scores]));
        Assert.Equal(["DBPK001", "DBPK006"], first.GeneratorDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));

        var second = first.Rerun(Edit(first.Input, s_pricing.Path, "net * 1.2m", "net * 1.25m"));

        // Diagnostics are reported against the new compilation's trees, so their outputs re-run; source outputs do not.
        Assert.Equal(["DBPK001", "DBPK006"], second.GeneratorDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(second.GeneratorDiagnostics, d => Assert.Same(second.Input.SyntaxTrees.Single(t => t.FilePath == "Shop/Scores.cs"), d.Location.SourceTree));
        foreach (var step in s_trackedSteps)
        {
            Assert.All(Outputs(second, step), o => Assert.Contains(o.Reason, s_notRerun));
        }

        Assert.Empty(RegeneratedFiles(first, second));
    }

    /// <summary>The shop, with its hook by default so that every tracked step has outputs to compare.</summary>
    private static GeneratorOutcome RunShop(bool withHooks = true)
        => TestCompilation.Run(TestCompilation.Create([.. TestModels.Shop, s_pricing, .. withHooks ? [TestModels.ShopHooks] : Array.Empty<SourceFile>()]))
            .AssertCleanWithoutGeneratorDiagnostics();

    private static Compilation Edit(Compilation compilation, string path, string find, string replace)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var text = tree.GetText().ToString();
        Assert.Contains(find, text);
        return compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(text.Replace(find, replace, StringComparison.Ordinal), TestCompilation.ParseOptions, path));
    }

    private static List<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorOutcome outcome, string step)
    {
        Assert.True(outcome.Result.TrackedSteps.TryGetValue(step, out var runs), $"step {step} was not tracked; tracked: {string.Join(", ", outcome.Result.TrackedSteps.Keys)}");
        return [.. runs.SelectMany(r => r.Outputs)];
    }

    /// <summary>Every tracked step's outputs are cached or unchanged, and so is every source output.</summary>
    private static void AssertNothingRegenerated(GeneratorOutcome outcome)
    {
        foreach (var step in s_trackedSteps)
        {
            var outputs = Outputs(outcome, step);
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(s_notRerun.Contains(o.Reason), $"{step}: {o.Reason} {o.Value}"));
        }

        var sourceOutputs = outcome.Result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs).ToList();
        Assert.NotEmpty(sourceOutputs);
        Assert.All(sourceOutputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    /// <summary>The generated files whose text changed between two runs.</summary>
    private static List<string> RegeneratedFiles(GeneratorOutcome before, GeneratorOutcome after)
    {
        var old = before.Result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        return [.. after.Result.GeneratedSources.Where(s => !old.TryGetValue(s.HintName, out var text) || text != s.SourceText.ToString()).Select(s => s.HintName).Order(StringComparer.Ordinal)];
    }
}
