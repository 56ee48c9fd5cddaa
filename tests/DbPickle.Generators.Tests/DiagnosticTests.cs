using System.Globalization;
using DbPickle.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DbPickle.Generators.Tests;

/// <summary>Each DBPK diagnostic fires on its bad input, at the right place with the right words, and not on a near miss.</summary>
public sealed class DiagnosticTests
{
    /// <summary>Marks where the expected diagnostic starts; removed before compiling.</summary>
    private const string Here = "/*here*/";

    private static readonly SourceFile s_shopContextWithout = TestModels.File("Shop/ShopContext.cs", """
        using Microsoft.EntityFrameworkCore;

        namespace Shop;

        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
        }
        """);

    /// <summary>A bad input: its files (one holding <see cref="Here"/>), the identifier there, and a fragment of the message.</summary>
    private sealed record FiringCase(string Id, string Identifier, string MessageFragment, params SourceFile[] Files);

    private static readonly Dictionary<string, FiringCase> s_firing = new[]
    {
        new FiringCase("DBPK001", "Orphan", "'Orphan' is marked [Snapshot] but no DbContext in this project has a DbSet<Orphan> property", [
            .. TestModels.Shop,
            TestModels.File("Shop/Orphan.cs", """
                using DbPickle;

                namespace Shop;

                [Snapshot]
                public class /*here*/Orphan
                {
                    public int Id { get; set; }
                }
                """)]),
        new FiringCase("DBPK002", "Warehouse", "'Stock.Warehouse' is a required reference to 'Warehouse', which is not marked [Snapshot]", [
            TestModels.File("Shop/Stock.cs", """
                using DbPickle;

                namespace Shop;

                public class Warehouse
                {
                    public int Id { get; set; }
                }

                [Snapshot]
                public class Stock
                {
                    public int Id { get; set; }
                    public int WarehouseId { get; set; }
                    public Warehouse /*here*/Warehouse { get; set; } = null!;
                }
                """),
            StockContext]),
        new FiringCase("DBPK003", "Stock", "'Stock' is keyless ([Keyless]); a snapshot needs a primary key", [
            TestModels.File("Shop/Stock.cs", """
                using DbPickle;
                using Microsoft.EntityFrameworkCore;

                namespace Shop;

                [Snapshot]
                [Keyless]
                public class /*here*/Stock
                {
                    public int Quantity { get; set; }
                }
                """),
            StockContext]),
        new FiringCase("DBPK004", "Stock", "'Stock' is abstract; mark the concrete entity classes with [Snapshot] instead", [
            TestModels.File("Shop/Stock.cs", """
                using DbPickle;

                namespace Shop;

                [Snapshot]
                public abstract class /*here*/Stock
                {
                    public int Id { get; set; }
                }
                """),
            StockContext]),
        new FiringCase("DBPK005", "Box", "'Box<T>' is generic; EF Core maps closed types only", [
            TestModels.File("Shop/Box.cs", """
                using DbPickle;

                namespace Shop;

                [Snapshot]
                public class /*here*/Box<T>
                {
                    public int Id { get; set; }
                    public T? Content { get; set; }
                }
                """),
            TestModels.File("Shop/BoxContext.cs", """
                using Microsoft.EntityFrameworkCore;

                namespace Shop;

                public class BoxContext : DbContext
                {
                    public DbSet<Box<int>> Boxes => Set<Box<int>>();
                }
                """)]),
        new FiringCase("DBPK006", "Scores", "Property 'Stock.Scores' has type 'List<int>', which DbPickle cannot encode", [
            TestModels.File("Shop/Stock.cs", """
                using System.Collections.Generic;
                using DbPickle;

                namespace Shop;

                [Snapshot]
                public class Stock
                {
                    public int Id { get; set; }
                    public List<int> /*here*/Scores { get; set; } = new();
                }
                """),
            StockContext]),
        new FiringCase("DBPK006 (struct)", "Price", "Property 'Stock.Price' has type 'Money', which DbPickle cannot encode", [
            TestModels.File("Shop/Stock.cs", """
                using DbPickle;

                namespace Shop;

                public readonly record struct Money(decimal Amount, string Currency);

                [Snapshot]
                public class Stock
                {
                    public int Id { get; set; }
                    public Money /*here*/Price { get; set; }
                }
                """),
            StockContext]),
        // A framework class EF Core maps as a scalar through a built-in converter is not a navigation.
        new FiringCase("DBPK006 (framework class)", "Homepage", "Property 'Stock.Homepage' has type 'Uri?', which DbPickle cannot encode", [
            TestModels.File("Shop/Stock.cs", """
                using System;
                using DbPickle;

                namespace Shop;

                [Snapshot]
                public class Stock
                {
                    public int Id { get; set; }
                    public Uri? /*here*/Homepage { get; set; }
                }
                """),
            StockContext]),
        new FiringCase("DBPK007", "Settings", "'Settings' is a static class; [Snapshot] applies to entity classes only", [
            TestModels.File("Shop/Settings.cs", """
                using DbPickle;

                namespace Shop;

                [Snapshot]
                public static class /*here*/Settings
                {
                    public static int Version { get; set; }
                }
                """)]),
        new FiringCase("DBPK008", "Stock", "'Stock' has no parameterless constructor; add one (it may be private)", [
            TestModels.File("Shop/Stock.cs", """
                using DbPickle;

                namespace Shop;

                [Snapshot]
                public class /*here*/Stock
                {
                    public Stock(int id) => Id = id;

                    public int Id { get; set; }
                }
                """),
            StockContext]),
        new FiringCase("DBPK009", "Hidden", "'Hidden' is private or nested in a private type", [
            TestModels.File("Shop/Outer.cs", """
                using DbPickle;

                namespace Shop;

                public class Outer
                {
                    [Snapshot]
                    private class /*here*/Hidden
                    {
                        public int Id { get; set; }
                    }
                }
                """)]),
        new FiringCase("DBPK010", "InnerContext", "'InnerContext' is declared inside 'Tests', so DbPickle generates no 'InnerContextSnapshot' class", [
            TestModels.File("Shop/Tests.cs", """
                using DbPickle;
                using Microsoft.EntityFrameworkCore;

                namespace Shop;

                [Snapshot]
                public class Stock
                {
                    public int Id { get; set; }
                }

                public class Tests
                {
                    private sealed class /*here*/InnerContext : DbContext
                    {
                        public DbSet<Stock> Stock => Set<Stock>();
                    }
                }
                """)]),
    }.ToDictionary(c => c.Id);

    /// <summary>Inputs one step away from each bad input above: the diagnostic must stay silent.</summary>
    private static readonly Dictionary<string, SourceFile[]> s_nearMisses = new()
    {
        // A second context exposes it.
        ["DBPK001"] = [
            .. s_firing["DBPK001"].Files,
            TestModels.File("Shop/OrphanContext.cs", """
                using Microsoft.EntityFrameworkCore;

                namespace Shop;

                public class OrphanContext : DbContext
                {
                    public DbSet<Orphan> Orphans { get; set; } = null!;
                }
                """)],

        // The foreign key is nullable, so the reference is optional.
        ["DBPK002"] = [
            TestModels.File("Shop/Stock.cs", """
                using DbPickle;

                namespace Shop;

                public class Warehouse
                {
                    public int Id { get; set; }
                }

                [Snapshot]
                public class Stock
                {
                    public int Id { get; set; }
                    public int? WarehouseId { get; set; }
                    public Warehouse? Warehouse { get; set; }
                }
                """),
            StockContext],

        // [Keyless] without [Snapshot]: not the generator's business.
        ["DBPK003"] = [
            .. TestModels.Shop,
            TestModels.File("Shop/StockView.cs", """
                using Microsoft.EntityFrameworkCore;

                namespace Shop;

                [Keyless]
                public class StockView
                {
                    public int Quantity { get; set; }
                }

                public class ViewContext : DbContext
                {
                    public DbSet<StockView> Views => Set<StockView>();
                    public DbSet<Customer> Customers => Set<Customer>();
                }
                """)],

        // An abstract base without [Snapshot] under a concrete entity.
        ["DBPK004"] = [
            TestModels.File("Shop/Stock.cs", """
                using DbPickle;

                namespace Shop;

                public abstract class Entity
                {
                    public int Id { get; set; }
                }

                [Snapshot]
                public class Stock : Entity
                {
                    public int Quantity { get; set; }
                }
                """),
            StockContext],

        // A closed generic base class, with a setter only an accessor can reach.
        ["DBPK005"] = [
            TestModels.File("Shop/Stock.cs", """
                using DbPickle;

                namespace Shop;

                public abstract class Entity<TKey>
                    where TKey : struct
                {
                    public TKey Id { get; private set; }
                }

                [Snapshot]
                public class Stock : Entity<long>
                {
                    public int Quantity { get; set; }
                }
                """),
            StockContext],

        // [NotMapped] takes the property out of EF Core's model and the snapshot's.
        ["DBPK006"] = [
            TestModels.File("Shop/Stock.cs", """
                using System.Collections.Generic;
                using System.ComponentModel.DataAnnotations.Schema;
                using DbPickle;

                namespace Shop;

                [Snapshot]
                public class Stock
                {
                    public int Id { get; set; }
                    [NotMapped]
                    public List<int> Scores { get; set; } = new();
                    public int Total => Scores.Count;
                }
                """),
            StockContext],
        ["DBPK006 (struct)"] = TestModels.AllTypes,

        // The same framework class, taken out of EF Core's model and the snapshot's; a navigation to an entity beside it.
        ["DBPK006 (framework class)"] = [
            TestModels.File("Shop/Stock.cs", """
                using System;
                using System.ComponentModel.DataAnnotations.Schema;
                using DbPickle;

                namespace Shop;

                [Snapshot]
                public class Stock
                {
                    public int Id { get; set; }
                    [NotMapped]
                    public Uri? Homepage { get; set; }
                    public Warehouse? Warehouse { get; set; }
                }

                [Snapshot]
                public class Warehouse
                {
                    public int Id { get; set; }
                }
                """),
            TestModels.File("Shop/StockContext.cs", """
                using Microsoft.EntityFrameworkCore;

                namespace Shop;

                public class StockContext : DbContext
                {
                    public DbSet<Stock> Stock => Set<Stock>();
                    public DbSet<Warehouse> Warehouses => Set<Warehouse>();
                }
                """)],

        // A sealed, non-static class.
        ["DBPK007"] = [
            TestModels.File("Shop/Stock.cs", """
                using DbPickle;

                namespace Shop;

                [Snapshot]
                public sealed class Stock
                {
                    public int Id { get; set; }
                }
                """),
            StockContext],

        // A private parameterless constructor beside the public one.
        ["DBPK008"] = [
            TestModels.File("Shop/Stock.cs", """
                using DbPickle;

                namespace Shop;

                [Snapshot]
                public class Stock
                {
                    private Stock()
                    {
                    }

                    public Stock(int id) => Id = id;

                    public int Id { get; set; }
                }
                """),
            StockContext],

        // Internal nested is enough for generated code in the same assembly.
        // The same context at namespace level; a nested class deriving from DbContext that exposes no [Snapshot] entity.
        ["DBPK010"] = [
            TestModels.File("Shop/Tests.cs", """
                using DbPickle;
                using Microsoft.EntityFrameworkCore;

                namespace Shop;

                [Snapshot]
                public class Stock
                {
                    public int Id { get; set; }
                }

                public class Plain
                {
                    public int Id { get; set; }
                }

                public class Tests
                {
                    private sealed class PlainContext : DbContext
                    {
                        public DbSet<Plain> Plain => Set<Plain>();
                    }
                }

                internal sealed class InnerContext : DbContext
                {
                    public DbSet<Stock> Stock => Set<Stock>();
                }
                """)],
        ["DBPK009"] = [
            TestModels.File("Shop/Outer.cs", """
                using DbPickle;
                using Microsoft.EntityFrameworkCore;

                namespace Shop;

                public class Outer
                {
                    [Snapshot]
                    internal class Hidden
                    {
                        public int Id { get; set; }
                    }
                }

                internal class HiddenContext : DbContext
                {
                    public DbSet<Outer.Hidden> Hidden => Set<Outer.Hidden>();
                }
                """)],
    };

    private static readonly Lazy<GeneratorOutcome[]> s_goodModels = new(() =>
        [.. new[] { TestModels.Shop, TestModels.AllTypes, TestModels.AccessPaths, TestModels.Namespaces, TestModels.SharedEntities }
            .Select(model => TestCompilation.Run(model).AssertCompilesCleanly())]);

    public static TheoryData<string> FiringIds => [.. s_firing.Keys];

    public static TheoryData<string> Ids => [.. DiagnosticDescriptors.All.Select(d => d.Id)];

    private static SourceFile StockContext => TestModels.File("Shop/StockContext.cs", """
        using Microsoft.EntityFrameworkCore;

        namespace Shop;

        public class StockContext : DbContext
        {
            public DbSet<Stock> Stock => Set<Stock>();
        }
        """);

    [Theory]
    [MemberData(nameof(FiringIds))]
    public void Fires(string caseName)
    {
        var bad = s_firing[caseName];
        var (files, expectedPath, expectedStart) = WithoutMarker(bad.Files);

        var outcome = TestCompilation.Run(files).AssertCompilesCleanly();

        var diagnostic = Assert.Single(outcome.GeneratorDiagnostics);
        var descriptor = DiagnosticDescriptors.ById(bad.Id.Split(' ')[0]);
        Assert.Equal(descriptor.Id, diagnostic.Id);
        Assert.Equal(descriptor.DefaultSeverity, diagnostic.Severity);
        Assert.EndsWith("#" + descriptor.Id.ToLowerInvariant(), diagnostic.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        Assert.Contains(bad.MessageFragment, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        // The location is the identifier itself, in the real syntax tree (so #pragma can suppress it).
        var tree = diagnostic.Location.SourceTree;
        Assert.NotNull(tree);
        Assert.Equal(expectedPath, tree.FilePath);
        Assert.Equal(expectedStart, diagnostic.Location.SourceSpan.Start);
        Assert.Equal(bad.Identifier, tree.GetText().ToString(diagnostic.Location.SourceSpan));
        var text = files.Single(f => f.Path == expectedPath).Text;
        var expectedLine = text.AsSpan(0, expectedStart).Count('\n');
        Assert.Equal(expectedLine, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Theory]
    [MemberData(nameof(FiringIds))]
    public void DoesNotFireOnNearMiss(string caseName)
    {
        var outcome = TestCompilation.Run(s_nearMisses[caseName]).AssertCompilesCleanly();

        Assert.True(outcome.GeneratorDiagnostics.IsEmpty, GeneratorOutcome.Describe(outcome.GeneratorDiagnostics));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void DoesNotFireOnTheGoodModels(string id)
    {
        foreach (var outcome in s_goodModels.Value)
        {
            Assert.DoesNotContain(outcome.DriverDiagnostics, d => d.Id == id);
            Assert.DoesNotContain(outcome.GeneratorDiagnostics, d => d.Id == id);
        }
    }

    [Fact]
    public void EveryIdHasAFiringCase()
        => Assert.Equal(DiagnosticDescriptors.All.Select(d => d.Id), s_firing.Keys.Select(k => k.Split(' ')[0]).Distinct().Order(StringComparer.Ordinal));

    [Fact]
    public void CatalogMatchesReleaseTrackingAndDocs()
    {
        var releases = File.ReadAllLines(Path.Combine(SourcePaths.Repository, "src", "Generator", "AnalyzerReleases.Unshipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(SourcePaths.Repository, "src", "Generator", "AnalyzerReleases.Shipped.md")))
            .Where(l => l.StartsWith("DBPK", StringComparison.Ordinal))
            .Select(l => string.Join(" | ", l.Split('|').Select(c => c.Trim())))
            .ToList();
        var docs = File.ReadAllText(Path.Combine(SourcePaths.Repository, "docs", "DIAGNOSTICS.md"));

        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"DBPK{i:000}"), DiagnosticDescriptors.All.Select(d => d.Id));
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            var title = descriptor.Title.ToString(CultureInfo.InvariantCulture);
            Assert.Contains($"{descriptor.Id} | {descriptor.Category} | {descriptor.DefaultSeverity} | {title}", releases);
            Assert.Equal("https://github.com/dbpickle/DbPickle.Generators/blob/main/docs/DIAGNOSTICS.md#" + descriptor.Id.ToLowerInvariant(), descriptor.HelpLinkUri);
            Assert.Contains($"<a id=\"{descriptor.Id.ToLowerInvariant()}\"></a>", docs, StringComparison.Ordinal);
            Assert.Contains($"## {descriptor.Id}: {title} ({descriptor.DefaultSeverity.ToString().ToLowerInvariant()})", docs, StringComparison.Ordinal);
        }

        Assert.Equal(DiagnosticDescriptors.All.Length, releases.Count);
    }

    [Fact]
    public void PragmaSuppressesAWarning()
    {
        // docs/DIAGNOSTICS.md tells users to suppress DBPK002 where the target always holds the referenced rows.
        var files = s_firing["DBPK002"].Files.Select(f => f with
        {
            Text = f.Text.Replace("    public Warehouse /*here*/Warehouse", "#pragma warning disable DBPK002\n    public Warehouse Warehouse", StringComparison.Ordinal),
        }).ToArray();

        var outcome = TestCompilation.Run(files).AssertCompilesCleanly();

        var diagnostic = Assert.Single(outcome.DriverDiagnostics);
        Assert.Equal("DBPK002", diagnostic.Id);
        Assert.True(diagnostic.IsSuppressed);
    }

    [Fact]
    public void UnsupportedPropertyIsLeftOutAndTheRestEncoded()
    {
        var outcome = TestCompilation.Run(WithoutMarker(s_firing["DBPK006"].Files).Files).AssertCompilesCleanly();

        Assert.Equal(
            ["new(\"Id\", global::DbPickle.SnapshotValueKind.Int32, false)"],
            GeneratedMembers.PropertySpecs(outcome, "Shop.StockContextSnapshot.StockCodec.g.cs", "StockCodec"));
    }

    [Fact]
    public void InvalidEntityGetsNoCodec()
    {
        var outcome = TestCompilation.Run(WithoutMarker(s_firing["DBPK008"].Files).Files).AssertCompilesCleanly();

        outcome.AssertHintNames("Shop.StockContextSnapshot.g.cs");
        Assert.Empty(GeneratedMembers.InsertPlan(outcome, "Shop.StockContextSnapshot.g.cs"));
    }

    private static (SourceFile[] Files, string Path, int Start) WithoutMarker(SourceFile[] files)
    {
        var marked = files.Single(f => f.Text.Contains(Here, StringComparison.Ordinal));
        var start = marked.Text.IndexOf(Here, StringComparison.Ordinal);
        Assert.Equal(start, marked.Text.LastIndexOf(Here, StringComparison.Ordinal));
        var cleaned = files.Select(f => f == marked ? f with { Text = f.Text.Remove(start, Here.Length) } : f).ToArray();
        return (cleaned, marked.Path, start);
    }
}
