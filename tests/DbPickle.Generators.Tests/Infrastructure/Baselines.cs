using System.Runtime.CompilerServices;
using System.Text;
using DbPickle.Generators.Emitting;

namespace DbPickle.Generators.Tests.Infrastructure;

/// <summary>
/// Checked-in generated source: <c>Baselines/&lt;Test&gt;/&lt;HintName&gt;.txt</c> beside this project's sources, compared
/// exactly. Set <c>DBPICKLE_UPDATE_BASELINES=1</c> to rewrite them, then review the change with <c>git diff</c>.
/// </summary>
internal static class Baselines
{
    public const string UpdateVariable = "DBPICKLE_UPDATE_BASELINES";

    // The generator stamps its assembly version into [GeneratedCode]; baselines hold a placeholder so a version bump
    // does not rewrite every file.
    private const string VersionPlaceholder = "%VERSION%";

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Asserts the generated files are exactly the baseline files of <paramref name="testName"/>, byte for byte.</summary>
    public static void Verify(GeneratorOutcome outcome, [CallerMemberName] string testName = "")
    {
        var directory = Path.Combine(SourcePaths.Project, "Baselines", testName);
        var generated = outcome.Result.GeneratedSources.ToDictionary(s => s.HintName + ".txt", s => Normalize(s.SourceText.ToString()));
        if (Updating)
        {
            Write(directory, generated);
            return;
        }

        Assert.True(Directory.Exists(directory), $"no baselines at {directory}; run the tests with {UpdateVariable}=1 to create them");
        var expectedNames = Directory.GetFiles(directory, "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedNames, generated.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, text) in generated)
        {
            var expected = File.ReadAllText(Path.Combine(directory, name)).Replace("\r\n", "\n", StringComparison.Ordinal);
            if (expected != text)
            {
                Assert.Fail($"{name} differs from its baseline (first difference at line {FirstDifferentLine(expected, text)}); "
                    + $"if the change is intended, run the tests with {UpdateVariable}=1 and review git diff.\n--- generated:\n{text}");
            }
        }
    }

    private static void Write(string directory, Dictionary<string, string> generated)
    {
        Directory.CreateDirectory(directory);
        foreach (var stale in Directory.GetFiles(directory, "*.txt").Where(f => !generated.ContainsKey(Path.GetFileName(f))))
        {
            File.Delete(stale);
        }

        foreach (var (name, text) in generated)
        {
            File.WriteAllText(Path.Combine(directory, name), text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }

    private static string Normalize(string source)
    {
        var version = typeof(SnapshotEmitter).Assembly.GetName().Version!.ToString(3);
        var stamped = SnapshotEmitter.GeneratedCodeAttribute;
        var placeholder = stamped.Replace($"\"{version}\"", $"\"{VersionPlaceholder}\"", StringComparison.Ordinal);
        Assert.NotEqual(stamped, placeholder);
        return source.Replace("\r\n", "\n", StringComparison.Ordinal).Replace(stamped, placeholder, StringComparison.Ordinal);
    }

    private static int FirstDifferentLine(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        return line + 1;
    }
}
