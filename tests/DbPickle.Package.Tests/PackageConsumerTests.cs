using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace DbPickle.Package.Tests;

/// <summary>
/// The package as users get it: packed into a local feed, referenced by a fresh console project outside the
/// solution (nothing but DbPickle and an EF Core provider), built — so the generator inside the package runs — and
/// run: it dumps a SQLite database and loads it into another, checking the rows.
/// </summary>
public sealed class PackageConsumerTests
{
    [Fact]
    public void A_fresh_project_referencing_only_the_package_generates_its_snapshot_class_and_round_trips_rows()
    {
        var work = Directory.CreateTempSubdirectory("dbpickle-package-");
        try
        {
            // A unique version, so NuGet's global cache never serves a package packed by an earlier run.
            var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            var source = CopySources(work.FullName);
            Run("dotnet", $"pack \"{Path.Combine(source, "src", "Runtime", "DbPickle.csproj")}\" -c Release -o \"{feed}\" -p:Version={version}", source);

            var package = Path.Combine(feed, $"DbPickle.{version}.nupkg");
            Assert.True(File.Exists(package), $"no package at {package}");
            using (var zip = System.IO.Compression.ZipFile.OpenRead(package))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("lib/net10.0/DbPickle.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/DbPickle.Generators.dll", entries);
                Assert.Contains("README.md", entries);
                Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
            }

            Assert.True(File.Exists(Path.Combine(feed, $"DbPickle.{version}.snupkg")), "no symbol package");

            var consumer = Directory.CreateDirectory(Path.Combine(work.FullName, "consumer")).FullName;
            WriteConsumer(consumer, feed, version);
            var output = Run("dotnet", "run -c Release", consumer);
            Assert.Contains("OK 3 rows, 2 tables", output, StringComparison.Ordinal);

            // The generator's own dependencies (Roslyn) must not reach the consumer's references.
            var assets = File.ReadAllText(Path.Combine(consumer, "obj", "project.assets.json"));
            Assert.DoesNotContain("Microsoft.CodeAnalysis", assets, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Packs from a copy of the sources, so the test never touches the build output of the solution it runs in.</summary>
    private static string CopySources(string work)
    {
        var root = RepositoryRoot();
        var copy = Directory.CreateDirectory(Path.Combine(work, "repo")).FullName;
        foreach (var file in new[] { "Directory.Build.props", "global.json", "README.md", "LICENSE" })
        {
            File.Copy(Path.Combine(root, file), Path.Combine(copy, file));
        }

        foreach (var project in new[] { "src/Runtime", "src/Generator" })
        {
            var from = Path.Combine(root, project);
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(from, file);
                var first = relative.Split(Path.DirectorySeparatorChar)[0];
                if (first is "bin" or "obj")
                {
                    continue;
                }

                var target = Path.Combine(copy, project, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        return copy;
    }

    private static void WriteConsumer(string directory, string feed, string version)
    {
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="dbpickle-test-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="DbPickle" Version="{version}" />
                <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="10.0.15" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using DbPickle;
            using Microsoft.EntityFrameworkCore;

            namespace Consumer;

            [Snapshot]
            public class Author
            {
                public int Id { get; set; }
                public string Name { get; set; } = "";
            }

            [Snapshot]
            public class Book
            {
                public int Id { get; set; }
                public string Title { get; set; } = "";
                public int AuthorId { get; set; }
                public Author Author { get; set; } = null!;
            }

            public class LibraryContext(DbContextOptions<LibraryContext> options) : DbContext(options)
            {
                public DbSet<Author> Authors => Set<Author>();
                public DbSet<Book> Books => Set<Book>();
            }

            public static class Program
            {
                public static int Main()
                {
                    var directory = AppContext.BaseDirectory;
                    LibraryContext Open(string name) => new(new DbContextOptionsBuilder<LibraryContext>()
                        .UseSqlite($"Data Source={Path.Combine(directory, name)};Pooling=False").Options);

                    using (var source = Open("source.db"))
                    {
                        source.Database.EnsureDeleted();
                        source.Database.EnsureCreated();
                        var author = new Author { Id = 7, Name = "Ursula K. Le Guin" };
                        source.Books.AddRange(new Book { Id = 1, Title = "The Dispossessed", Author = author }, new Book { Id = 2, Title = "Lavinia", Author = author });
                        source.SaveChanges();
                        LibraryContextSnapshot.Dump(source, Path.Combine(directory, "library.dbpickle"));
                    }

                    using var target = Open("target.db");
                    target.Database.EnsureDeleted();
                    target.Database.EnsureCreated();
                    var summary = LibraryContextSnapshot.Load(target, Path.Combine(directory, "library.dbpickle"));
                    var titles = target.Books.OrderBy(b => b.Id).Select(b => b.Title + " by " + b.Author.Name).ToList();
                    if (titles.SequenceEqual(["The Dispossessed by Ursula K. Le Guin", "Lavinia by Ursula K. Le Guin"]))
                    {
                        Console.WriteLine($"OK {summary.TotalRows} rows, {summary.Tables.Count} tables");
                        return 0;
                    }

                    Console.WriteLine("MISMATCH: " + string.Join("; ", titles));
                    return 1;
                }
            }
            """);
    }

    private static string Run(string file, string arguments, string directory)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The outer `dotnet test` sets MSBuild variables that would leak into these builds.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
        {
            info.Environment.Remove(name);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {arguments} timed out");
        }

        Assert.True(process.ExitCode == 0, $"{file} {arguments} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
        return output.Result;
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
