using System.Runtime.CompilerServices;

namespace DbPickle.Aot.Tests;

/// <summary>
/// samples/Chinook.Aot published once per test run with NativeAOT, exactly as the README says, from a copy of the
/// sources: a RID-specific publish in place would rewrite the obj folders (project.assets.json) of the runtime and the
/// generator while the other test projects build from them.
/// </summary>
public sealed class PublishedAotSample : IDisposable
{
    private static readonly string[] CopiedFiles = ["Directory.Build.props", "global.json", "README.md", "LICENSE"];
    private static readonly string[] CopiedDirectories = ["src/Runtime", "src/Generator", "samples/Chinook.Model", "samples/Chinook.Aot", "data/chinook"];

    private readonly DirectoryInfo _work;

    public PublishedAotSample()
    {
        _work = Directory.CreateTempSubdirectory("dbpickle-aot-");
        var source = CopySources(_work.FullName);
        PublishDirectory = Path.Combine(_work.FullName, "publish");
        ProjectDirectory = Path.Combine(source, "samples", "Chinook.Aot");

        // The README's command, verbatim; -o only so the binary lands in a known place.
        Publish = ProcessRun.Start(
            "dotnet",
            ["publish", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", PublishDirectory],
            ProjectDirectory,
            TimeSpan.FromMinutes(10));
        Binary = Path.Combine(PublishDirectory, "Chinook.Aot");
    }

    public ProcessRun Publish { get; }

    public string PublishDirectory { get; }

    public string ProjectDirectory { get; }

    public string Binary { get; }

    /// <summary>The arguments ILC was given, written beside the intermediate output.</summary>
    public string IlcResponseFile => Path.Combine(ProjectDirectory, "obj", "Release", "net10.0", "linux-x64", "native", "Chinook.Aot.ilc.rsp");

    /// <summary>Runs the published binary; fails the calling test if the publish itself failed.</summary>
    public ProcessRun Run(params string[] arguments)
    {
        Assert.True(Publish.ExitCode == 0, Publish.ToString());
        return ProcessRun.Start(Binary, arguments, PublishDirectory, TimeSpan.FromMinutes(3));
    }

    public void Dispose()
    {
        try
        {
            _work.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string CopySources(string work)
    {
        var root = RepositoryRoot();
        var copy = Directory.CreateDirectory(Path.Combine(work, "repo")).FullName;
        foreach (var file in CopiedFiles)
        {
            File.Copy(Path.Combine(root, file), Path.Combine(copy, file));
        }

        foreach (var directory in CopiedDirectories)
        {
            var from = Path.Combine(root, directory);
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(from, file);
                if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
                {
                    continue;
                }

                var target = Path.Combine(copy, directory, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        return copy;
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        for (var directory = new DirectoryInfo(Path.GetDirectoryName(thisFile)!); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DbPickle.Generators.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found above " + thisFile);
    }
}
