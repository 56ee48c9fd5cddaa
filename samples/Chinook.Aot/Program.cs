using System.Data.Common;
using Chinook.Aot;
using DbPickle;

// The Chinook sample published with NativeAOT (see README, "NativeAOT"): the same dump, load and row-by-row comparison
// as samples/Chinook, on contexts with EF Core compiled models and schemas created from embedded scripts.
try
{
    return args switch
    {
        [] or ["sqlite"] => RoundTripCommand.Run(postgresConnectionString: null, Console.Out),
        ["postgres", var connectionString] => RoundTripCommand.Run(connectionString, Console.Out),
        ["no-compiled-model"] => NoCompiledModelCommand.Run(Console.Out),
        ["help" or "-h" or "--help"] => Usage(Console.Out, 0),
        _ => Usage(Console.Error, 2),
    };
}
catch (SnapshotException e)
{
    // DbPickle's own errors carry complete, user-facing messages; a stack trace would only bury them.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (DbException e)
{
    Console.Error.WriteLine($"database error: {e.Message}");
    return 1;
}

static int Usage(TextWriter writer, int exitCode)
{
    writer.WriteLine("""
        Usage: Chinook.Aot [command]

          sqlite                        Dump a copy of the bundled Chinook database, load it into a new SQLite file and
                                        compare every row of every table (the default).
          postgres <connection string>  The same, loading into an empty PostgreSQL database (the schema is created there).
          no-compiled-model             Dump through a context without a compiled model: under NativeAOT this fails with
                                        the command that creates the model.
        """);
    return exitCode;
}
