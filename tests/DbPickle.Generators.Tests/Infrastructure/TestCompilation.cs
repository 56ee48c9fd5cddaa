using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using MemoryPack;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Generators.Tests.Infrastructure;

/// <summary>A C# source file of a test compilation.</summary>
internal sealed record SourceFile(string Path, string Text);

/// <summary>Builds test compilations against one fixed set of references and runs the generator over them.</summary>
internal static class TestCompilation
{
    // The framework comes from Basic.Reference.Assemblies; the rest from this test's own output folder (copied there by
    // the package and project references), so a compilation never depends on what the test host happens to have loaded.
    public static ImmutableArray<MetadataReference> References { get; } =
    [
        .. Net100.References.All,
        .. new[]
        {
            typeof(DbContext), // Microsoft.EntityFrameworkCore
            typeof(RelationalDatabaseFacadeExtensions), // Microsoft.EntityFrameworkCore.Relational
            typeof(KeylessAttribute), // Microsoft.EntityFrameworkCore.Abstractions
            typeof(MemoryPackWriter<>), // MemoryPack.Core
            typeof(SnapshotAttribute), // DbPickle
        }.Select(t => MetadataReference.CreateFromFile(OutputFolderPath(t))),
    ];

    /// <summary>The newest language version this Roslyn knows, with doc comments checked as in a documented package.</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>Nullable on and every warning wave enabled, as strict as the strictest consumer.</summary>
    /// <remarks>
    /// CS1701/CS1702 (a reference built against an older System.Runtime, here MemoryPack.Core) are off, as the .NET SDK
    /// turns them off in every project by default.
    /// </remarks>
    public static CSharpCompilationOptions CompilationOptions { get; } = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            warningLevel: 9999,
            deterministic: true)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        });

    public static CSharpCompilation Create(IEnumerable<SourceFile> sources, string assemblyName = "TestModel")
        => CSharpCompilation.Create(assemblyName, sources.Select(Parse), References, CompilationOptions);

    public static SyntaxTree Parse(SourceFile source)
        => CSharpSyntaxTree.ParseText(source.Text, ParseOptions, source.Path);

    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            [new SnapshotGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="sources"/>.</summary>
    public static GeneratorOutcome Run(params SourceFile[] sources) => Run(Create(sources));

    public static GeneratorOutcome Run(CSharpCompilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        return new GeneratorOutcome(compilation, driver, output, driverDiagnostics);
    }

    private static string OutputFolderPath(Type type)
    {
        var path = Path.Combine(AppContext.BaseDirectory, Path.GetFileName(type.Assembly.Location));
        Assert.True(File.Exists(path), $"{path} is not in the test output folder");
        return path;
    }
}
