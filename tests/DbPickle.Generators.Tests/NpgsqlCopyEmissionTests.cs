using DbPickle.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DbPickle.Generators.Tests;

/// <summary>
/// PostgreSQL's binary COPY writer is generated only into compilations that reference Npgsql (so the DbPickle package
/// needs no provider), compiles cleanly there, and is registered with the snapshot definition.
/// </summary>
public sealed class NpgsqlCopyEmissionTests
{
    private const string ClassHint = "Shop.ShopContextSnapshot.g.cs";

    [Fact]
    public void With_Npgsql_referenced_the_snapshot_class_gets_a_COPY_writer_that_compiles_cleanly()
    {
        var npgsql = MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "Npgsql.dll"));
        var compilation = TestCompilation.Create(TestModels.Shop).AddReferences(npgsql);
        var outcome = TestCompilation.Run(compilation).AssertCleanWithoutGeneratorDiagnostics();

        var source = outcome.Source(ClassHint);
        Assert.Contains("private sealed class NpgsqlCopy : global::DbPickle.Infrastructure.BulkInserterFactory", source, StringComparison.Ordinal);
        Assert.Contains("new global::DbPickle.Infrastructure.ProviderPath[] { NpgsqlCopy.Instance }", source, StringComparison.Ordinal);
        Assert.Contains("FROM STDIN (FORMAT BINARY)", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_Npgsql_no_COPY_code_is_generated()
    {
        var outcome = TestCompilation.Run(TestModels.Shop).AssertCleanWithoutGeneratorDiagnostics();
        Assert.DoesNotContain("Npgsql", outcome.Source(ClassHint), StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_the_Npgsql_reference_regenerates_only_the_snapshot_class()
    {
        var first = TestCompilation.Run(TestModels.Shop);
        var npgsql = MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "Npgsql.dll"));
        var second = first.Rerun(first.Input.AddReferences(npgsql));

        Assert.Contains("NpgsqlCopy", second.Source(ClassHint), StringComparison.Ordinal);
        var codecOutputs = second.Result.TrackedSteps[SnapshotGenerator.Steps.Codecs].SelectMany(s => s.Outputs).Select(o => o.Reason);
        Assert.All(codecOutputs, reason => Assert.Contains(reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }
}
