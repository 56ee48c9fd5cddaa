using System.Runtime.CompilerServices;

namespace DbPickle.Generators.Tests.Infrastructure;

/// <summary>
/// Folders of the source tree, found from this file's own path at build time: tests read and rewrite checked-in
/// files there (not copies in bin/), from whatever directory `dotnet test` runs in.
/// </summary>
internal static class SourcePaths
{
    /// <summary>tests/DbPickle.Generators.Tests.</summary>
    public static string Project { get; } = FindProject();

    /// <summary>The repository root.</summary>
    public static string Repository { get; } = Path.GetFullPath(Path.Combine(Project, "..", ".."));

    private static string FindProject([CallerFilePath] string thisFile = "")
    {
        var directory = Path.GetDirectoryName(Path.GetDirectoryName(thisFile))!;
        if (!File.Exists(Path.Combine(directory, "DbPickle.Generators.Tests.csproj")))
        {
            throw new InvalidOperationException($"the test sources are not at {directory} (was the test assembly built elsewhere?)");
        }

        return directory;
    }
}
