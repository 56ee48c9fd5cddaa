using DbPickle;

namespace Chinook.Aot;

/// <summary>
/// <c>no-compiled-model</c>: dumps through a context that has no compiled model, as an app that never ran
/// <c>dotnet ef dbcontext optimize</c> would. Under NativeAOT DbPickle must refuse with a message that names the exact
/// command; the tests run this and read the message.
/// </summary>
internal static class NoCompiledModelCommand
{
    /// <returns>Never 0 under NativeAOT: DbPickle throws; 0 under the JIT, where EF Core can still build the model.</returns>
    public static int Run(TextWriter output)
    {
        var workDirectory = Directory.CreateTempSubdirectory("dbpickle-chinook-aot-").FullName;
        try
        {
            var sourcePath = ChinookDatabase.CopyTo(Path.Combine(workDirectory, "source.sqlite"));
            using var source = CompiledContexts.SqliteWithoutCompiledModel(sourcePath);
            var summary = ChinookContextSnapshot.Dump(source, Path.Combine(workDirectory, "chinook.dbpickle"));
            output.WriteLine($"Dumped {summary.TotalRows} rows without a compiled model: EF Core built the model at run time.");
            return 0;
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }
}
