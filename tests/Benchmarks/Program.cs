using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using DbPickle.Benchmarks;
using DbPickle.Benchmarks.Shop;
using DbPickle.TestServers;

if (args.Length > 0 && args[0] == "child")
{
    return Child.RunChild(args[1..]);
}

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(Options.Usage);
    return 0;
}

var total = Stopwatch.StartNew();
var started = DateTime.UtcNow;
Directory.CreateDirectory(options.WorkDirectory);
var report = new Report(options, started);
report.AddEnvironment("Machine", EnvironmentInfo.Machine());
report.AddEnvironment(".NET", $"{RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC (concurrent), Release build, tiered compilation on (defaults)");
report.AddEnvironment("DbPickle", EnvironmentInfo.Source());
var loadAtStart = EnvironmentInfo.LoadAverage();

Console.WriteLine($"Generating the shop at scale {options.Scale.ToString(CultureInfo.InvariantCulture)}...");
var generation = Stopwatch.StartNew();
var data = ShopData.Generate(options.Scale);
var efData = options.Scale <= options.EfScale ? data : ShopData.Generate(options.EfScale);
Console.WriteLine($"  {data.TotalRows:N0} rows ({string.Join(", ", data.Counts().Select(c => $"{c.Table} {c.Rows:N0}"))}) in {generation.Elapsed.TotalSeconds:F1} s");
report.AddEnvironment("Data", $"{data.TotalRows:N0} rows: {string.Join(", ", data.Counts().Select(c => $"{c.Table} {c.Rows:N0}"))}");
var generationSeconds = generation.Elapsed.TotalSeconds;

var failed = false;
foreach (var engine in options.Engines)
{
    try
    {
        switch (engine)
        {
            case "sqlite":
                new SqliteBench(options, data, efData, report).Run();
                break;
            case "postgres":
                new PostgresBench(options, data, efData, report).Run();
                break;
        }
    }
    catch (ServerUnavailableException exception)
    {
        Console.Error.WriteLine($"{engine}: skipped, {exception.Message}");
        report.AddNote($"{engine} skipped: {exception.Message}");
    }
    catch (Exception exception)
    {
        failed = true;
        Console.Error.WriteLine($"{engine} failed: {exception}");
        report.AddNote($"{engine} failed: {exception.GetType().Name}: {exception.Message}");
    }
}

report.AddEnvironment("Load average (/proc/loadavg)", $"at start {loadAtStart}; at end {EnvironmentInfo.LoadAverage()}");
var markdown = report.ToMarkdown(data.TotalRows, generationSeconds, total.Elapsed);
Console.WriteLine();
Console.WriteLine(markdown);
if (options.Output is { } output)
{
    File.WriteAllText(output, markdown);
    Console.WriteLine($"Written to {Path.GetFullPath(output)}");
}

if (!options.KeepWorkDirectory)
{
    try
    {
        Directory.Delete(options.WorkDirectory, recursive: true);
    }
    catch (IOException)
    {
    }
}

return failed ? 1 : 0;
