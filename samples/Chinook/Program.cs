using System.Data.Common;
using Chinook.Demo;
using DbPickle;

// Entry point of the Chinook sample: `demo` (the default) round-trips the bundled database; `dump`, `load` and
// `compare` run the generated ChinookContextSnapshot API and the data comparer on files of the user's choice.
try
{
    return args switch
    {
        [] or ["demo"] => DemoCommand.Run(Console.Out),
        ["dump", var source, var file] => FileCommands.Dump(source, file, Console.Out, Console.Error),
        ["load", var file, var target] => FileCommands.Load(file, target, Console.Out, Console.Error),
        ["compare", var expected, var actual] => FileCommands.Compare(expected, actual, Console.Out, Console.Error),
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
        Usage: Chinook [command]

          demo                          Dump a copy of the bundled Chinook database, load it into a new empty
                                        database and compare every row of every table (the default).
          dump <source.sqlite> <file>   Dump the Chinook tables of a SQLite database into a snapshot file.
          load <file> <target.sqlite>   Load a snapshot file into a SQLite database, creating it (and the schema)
                                        if needed; rows already in the Chinook tables are replaced.
          compare <expected.sqlite> <actual.sqlite>
                                        Compare every row of every Chinook table of two SQLite databases.
        """);
    return exitCode;
}
