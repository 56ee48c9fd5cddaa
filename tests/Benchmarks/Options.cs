using System.Globalization;

namespace DbPickle.Benchmarks;

/// <summary>Command line of the benchmark.</summary>
public sealed class Options
{
    public const string Usage =
        """
        Usage: dotnet run -c Release --project tests/Benchmarks -- [options]
          --scale S          data size: 1 = about 1.5 million rows (default 1; 0.1 = about 150 thousand)
          --engines LIST     sqlite,postgres (default both)
          --output FILE      also write the markdown report to FILE
          --repeat N         run each measured operation N times and report the median (default 1; EF Core always once)
          --ef-scale S       EF Core SaveChanges runs on the data set of this scale when --scale is larger (default 0.1)
          --no-ef            skip the EF Core baseline
          --ops LIST         measure only these: raw-read,raw-read-capi,raw-copy-out,dump,raw-insert,raw-insert-capi,load,copy,copy-fast,copy-rebuild,ef (load implies dump)
          --work-dir DIR     where database files and snapshot files go (default: a new directory under the temp dir)
          --keep             keep the work directory
          --quiet-wait SEC   before each measurement, wait up to SEC seconds until other processes use under 10% CPU (default 120)
          --attempts N       repeat a run that other processes disturbed (over 5% CPU) up to N times in all (default 4)
        """;

    public double Scale { get; private set; } = 1;

    public IReadOnlyList<string> Engines { get; private set; } = ["sqlite", "postgres"];

    public string? Output { get; private set; }

    public int Repeat { get; private set; } = 1;

    public double EfScale { get; private set; } = 0.1;

    public bool SkipEf { get; private set; }

    public string WorkDirectory { get; private set; } = Path.Combine(Path.GetTempPath(), $"dbpickle-bench-{Guid.NewGuid():N}");

    public bool KeepWorkDirectory { get; private set; }

    public bool Help { get; private set; }

    public IReadOnlySet<string>? Operations { get; private set; }

    public bool Runs(string operation) => Operations is null || Operations.Contains(operation);

    public IReadOnlyList<string> Arguments { get; private set; } = [];

    public static Options Parse(string[] args)
    {
        var options = new Options { Arguments = args };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--scale":
                    options.Scale = Positive(Next(), "--scale");
                    break;
                case "--engines":
                    options.Engines = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(e => e.ToLowerInvariant() switch
                        {
                            "sqlite" => "sqlite",
                            "postgres" or "postgresql" or "pg" => "postgres",
                            var other => throw new ArgumentException($"unknown engine '{other}' (sqlite, postgres)"),
                        })
                        .Distinct()
                        .ToList();
                    break;
                case "--output":
                    options.Output = Next();
                    break;
                case "--repeat":
                    options.Repeat = (int)Positive(Next(), "--repeat");
                    break;
                case "--ef-scale":
                    options.EfScale = Positive(Next(), "--ef-scale");
                    break;
                case "--no-ef":
                    options.SkipEf = true;
                    break;
                case "--work-dir":
                    options.WorkDirectory = Path.GetFullPath(Next());
                    break;
                case "--quiet-wait":
                    Measure.QuietWait = TimeSpan.FromSeconds(Positive(Next(), "--quiet-wait"));
                    break;
                case "--attempts":
                    Measure.MaxAttempts = (int)Positive(Next(), "--attempts");
                    break;
                case "--ops":
                    var operations = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
                    if (operations.Contains("load"))
                    {
                        operations.Add("dump");
                    }

                    options.Operations = operations;
                    break;
                case "--keep":
                    options.KeepWorkDirectory = true;
                    break;
                case "-h" or "--help":
                    options.Help = true;
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        return options;
    }

    private static double Positive(string value, string name)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} needs a positive number, not '{value}'");
}
