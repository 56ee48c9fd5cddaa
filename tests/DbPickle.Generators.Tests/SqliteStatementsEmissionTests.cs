using DbPickle.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DbPickle.Generators.Tests;

/// <summary>
/// SQLite's C-API insert path is generated only into compilations that reference Microsoft.Data.Sqlite and
/// SQLitePCLRaw (so the DbPickle package references neither), compiles cleanly there, and is registered with the
/// snapshot definition beside PostgreSQL's COPY when both are referenced.
/// </summary>
public sealed class SqliteStatementsEmissionTests
{
    private const string ClassHint = "Shop.ShopContextSnapshot.g.cs";

    private static MetadataReference[] Sqlite { get; } =
    [
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "Microsoft.Data.Sqlite.dll")),
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "SQLitePCLRaw.core.dll")),
    ];

    [Fact]
    public void With_Microsoft_Data_Sqlite_referenced_the_snapshot_class_gets_a_C_API_inserter_that_compiles_cleanly()
    {
        var compilation = TestCompilation.Create(TestModels.Shop).AddReferences(Sqlite);
        var source = TestCompilation.Run(compilation).AssertCleanWithoutGeneratorDiagnostics().Source(ClassHint);

        Assert.Contains("private sealed class SqliteStatements : global::DbPickle.Infrastructure.SqliteStatements", source, StringComparison.Ordinal);
        Assert.Contains("new global::DbPickle.Infrastructure.ProviderPath[] { SqliteStatements.Instance }", source, StringComparison.Ordinal);
        Assert.Contains("global::SQLitePCL.raw.sqlite3_step(_statement)", source, StringComparison.Ordinal);
    }

    [Fact]
    public void With_both_providers_referenced_both_paths_are_registered()
    {
        var npgsql = MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "Npgsql.dll"));
        var compilation = TestCompilation.Create(TestModels.Shop).AddReferences(Sqlite).AddReferences(npgsql);
        var source = TestCompilation.Run(compilation).AssertCleanWithoutGeneratorDiagnostics().Source(ClassHint);

        Assert.Contains("new global::DbPickle.Infrastructure.ProviderPath[] { NpgsqlCopy.Instance, SqliteStatements.Instance }", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Microsoft_Data_Sqlite_without_SQLitePCLRaw_gets_no_C_API_code()
    {
        var compilation = TestCompilation.Create(TestModels.Shop).AddReferences(Sqlite[0]);
        var source = TestCompilation.Run(compilation).Source(ClassHint);

        Assert.DoesNotContain("SQLitePCL", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_Microsoft_Data_Sqlite_no_C_API_code_is_generated()
    {
        var outcome = TestCompilation.Run(TestModels.Shop).AssertCleanWithoutGeneratorDiagnostics();
        Assert.DoesNotContain("SQLitePCL", outcome.Source(ClassHint), StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_the_SQLite_references_regenerates_only_the_snapshot_class()
    {
        var first = TestCompilation.Run(TestModels.Shop);
        var second = first.Rerun(first.Input.AddReferences(Sqlite));

        Assert.Contains("SqliteStatements", second.Source(ClassHint), StringComparison.Ordinal);
        var codecOutputs = second.Result.TrackedSteps[SnapshotGenerator.Steps.Codecs].SelectMany(s => s.Outputs).Select(o => o.Reason);
        Assert.All(codecOutputs, reason => Assert.Contains(reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }
}
