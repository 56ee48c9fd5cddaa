using System.Diagnostics;

namespace DbPickle.Aot.Tests;

/// <summary>A finished process: its exit code and everything it wrote.</summary>
public sealed record ProcessRun(string Command, int ExitCode, string Output, string Error)
{
    public static ProcessRun Start(string file, IEnumerable<string> arguments, string directory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The outer `dotnet test` sets MSBuild variables that would leak into a nested dotnet publish.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
        {
            info.Environment.Remove(name);
        }

        var command = $"{file} {string.Join(' ', info.ArgumentList)}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {timeout}.");
        }

        return new ProcessRun(command, process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Everything about the run, for assertion messages.</summary>
    public override string ToString() => $"{Command} exited with {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
