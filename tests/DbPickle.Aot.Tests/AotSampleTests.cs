using System.Text.RegularExpressions;
using DbPickle.TestServers;
using Npgsql;

namespace DbPickle.Aot.Tests;

/// <summary>
/// The Chinook sample as a NativeAOT binary: it publishes without trim or AOT warnings from DbPickle or the generated
/// code, is a native executable, round-trips Chinook into SQLite and PostgreSQL with every row equal, and without a
/// compiled model fails with the command that makes one.
/// </summary>
public sealed partial class AotSampleTests(PublishedAotSample sample) : IClassFixture<PublishedAotSample>
{
    private const int ChinookRows = 15_607;
    private const int ChinookTables = 11;

    [Fact]
    public void Publishing_reports_no_trim_or_aot_warning()
    {
        Assert.True(sample.Publish.ExitCode == 0, sample.Publish.ToString());
        var warnings = IlWarning().Matches(sample.Publish.Output + sample.Publish.Error).Select(m => m.Value).ToList();
        Assert.True(warnings.Count == 0, "trim/AOT warnings:\n" + string.Join('\n', warnings));
    }

    [Fact]
    public void Only_EF_Core_assemblies_have_their_warnings_collapsed_and_suppressed()
    {
        // The sample suppresses IL2104/IL3053, the one-per-assembly summaries of collapsed warnings. That is safe only while
        // no other assembly is collapsed: DbPickle's and the sample's own (with the generated code) must stay itemised.
        Assert.True(sample.Publish.ExitCode == 0, sample.Publish.ToString());
        var arguments = File.ReadAllLines(sample.IlcResponseFile);
        Assert.Contains("--nosinglewarnassembly:DbPickle", arguments);
        Assert.Contains("--nosinglewarnassembly:Chinook.Aot", arguments);
        Assert.DoesNotContain("--singlewarn", arguments);
        var collapsed = arguments.Where(a => a.StartsWith("--singlewarnassembly:", StringComparison.Ordinal)).Select(a => a["--singlewarnassembly:".Length..]).ToList();
        Assert.NotEmpty(collapsed);
        Assert.All(collapsed, name => Assert.True(
            name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || name is "Npgsql.EntityFrameworkCore.PostgreSQL" or "Microsoft.Extensions.DependencyModel",
            $"{name} has its warnings collapsed"));
    }

    [Fact]
    public void The_binary_is_a_native_executable_with_no_managed_assembly_beside_it()
    {
        Assert.True(sample.Publish.ExitCode == 0, sample.Publish.ToString());
        using (var binary = File.OpenRead(sample.Binary))
        {
            var magic = new byte[4];
            binary.ReadExactly(magic);
            Assert.Equal("\u007fELF"u8.ToArray(), magic);
        }

        Assert.Empty(Directory.GetFiles(sample.PublishDirectory, "*.dll"));
        Assert.False(File.Exists(Path.Combine(sample.PublishDirectory, "DbPickle.dll")));
        Assert.True(File.Exists(Path.Combine(sample.PublishDirectory, "data", "Chinook_Sqlite.sqlite")));
    }

    [Fact]
    public void Sqlite_round_trip_compares_every_row_equal()
    {
        var run = sample.Run("sqlite");

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertEveryTableEqual(run);
    }

    [Fact]
    public void Postgres_round_trip_compares_every_row_equal_and_leaves_identities_usable()
    {
        var server = PostgresServer.Shared;
        var database = "aot" + Guid.NewGuid().ToString("N")[..16];
        Execute(server.ConnectionString(), $"CREATE DATABASE \"{database}\"");
        try
        {
            var run = sample.Run("postgres", server.ConnectionString(database));

            Assert.True(run.ExitCode == 0, run.ToString());
            AssertEveryTableEqual(run);

            // Checked from outside the binary too: the rows are there, and the next insert gets a fresh key (COPY with
            // explicit keys does not move an identity sequence; the load must have reset it).
            using var connection = new NpgsqlConnection(server.ConnectionString(database));
            connection.Open();
            Assert.Equal(3503L, Scalar(connection, "SELECT count(*) FROM \"Track\""));
            Assert.Equal(8715L, Scalar(connection, "SELECT count(*) FROM \"PlaylistTrack\""));
            Assert.Equal(276L, Scalar(connection, "INSERT INTO \"Artist\" (\"Name\") VALUES ('after the load') RETURNING \"ArtistId\""));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Execute(server.ConnectionString(), $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    [Fact]
    public void Without_a_compiled_model_the_error_names_the_command_that_makes_one()
    {
        var run = sample.Run("no-compiled-model");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("error: Chinook.Aot.UncompiledChinookContext has no compiled model", run.Error, StringComparison.Ordinal);
        Assert.Contains(
            "dotnet ef dbcontext optimize --nativeaot --context Chinook.Aot.UncompiledChinookContext --output-dir CompiledModels --namespace Chinook.Aot.CompiledModels",
            run.Error,
            StringComparison.Ordinal);
        Assert.Contains(".UseModel(Chinook.Aot.CompiledModels.UncompiledChinookContextModel.Instance)", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Error, StringComparison.Ordinal);
    }

    private static void AssertEveryTableEqual(ProcessRun run)
    {
        // The binary says whether it runs without dynamic code: proof that this is the AOT build, not a JIT fallback.
        Assert.Contains("dynamic code supported: no", run.Output, StringComparison.Ordinal);
        Assert.Contains($"OK: all {ChinookRows} rows of {ChinookTables} tables round-tripped with identical values.", run.Output, StringComparison.Ordinal);

        // One line per table: name, then source, dumped, loaded and target row counts, all equal, then "yes".
        var tables = TableLine().Matches(run.Output);
        Assert.Equal(ChinookTables, tables.Count);
        Assert.All(tables, line =>
        {
            var counts = line.Groups["count"].Captures.Select(c => c.Value).ToList();
            Assert.Equal(4, counts.Count);
            Assert.True(counts.Distinct().Count() == 1, line.Value);
            Assert.Equal("yes", line.Groups["equal"].Value);
        });
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static long Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\b(warning|error) IL\d{4}\b.*")]
    private static partial Regex IlWarning();

    [GeneratedRegex(@"^(?<table>[A-Za-z]+)(\s+(?<count>\d+)){4}\s+(?<equal>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TableLine();
}
