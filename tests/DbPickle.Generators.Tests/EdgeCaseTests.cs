using DbPickle.Generators.Tests.Infrastructure;

namespace DbPickle.Generators.Tests;

/// <summary>Entity and context shapes that are easy to get wrong; all but the generic one once broke the generator.</summary>
public sealed class EdgeCaseTests
{
    private static readonly SourceFile s_context = TestModels.File("Edge/EdgeContext.cs", """
        using Microsoft.EntityFrameworkCore;

        namespace Edge;

        public class EdgeContext : DbContext
        {
            public DbSet<Item> Items => Set<Item>();
        }
        """);

    [Fact]
    public void RecordClassEntity()
    {
        var item = TestModels.File("Edge/Item.cs", """
            using DbPickle;

            namespace Edge;

            [Snapshot]
            public record Item
            {
                public int Id { get; set; }
                public string Name { get; init; } = "";
            }
            """);

        var outcome = TestCompilation.Run(item, s_context).AssertCleanWithoutGeneratorDiagnostics();

        outcome.AssertHintNames("Edge.EdgeContextSnapshot.g.cs", "Edge.EdgeContextSnapshot.ItemCodec.g.cs");
    }

    [Fact]
    public void RequiredMembers()
    {
        var item = TestModels.File("Edge/Item.cs", """
            using DbPickle;

            namespace Edge;

            [Snapshot]
            public class Item
            {
                public int Id { get; set; }
                public required string Name { get; set; }
            }
            """);

        var outcome = TestCompilation.Run(item, s_context).AssertCleanWithoutGeneratorDiagnostics();

        Assert.Contains("Create() => __Create();", outcome.Source("Edge.EdgeContextSnapshot.ItemCodec.g.cs"));
    }

    [Fact]
    public void EntityNestedInGenericType()
    {
        var item = TestModels.File("Edge/Item.cs", """
            using DbPickle;

            namespace Edge;

            public class Outer<T>
            {
                [Snapshot]
                public class Inner
                {
                    public int Id { get; set; }
                }
            }

            public class Item
            {
                public int Id { get; set; }
            }
            """);
        var context = TestModels.File("Edge/EdgeContext.cs", """
            using Microsoft.EntityFrameworkCore;

            namespace Edge;

            public class EdgeContext : DbContext
            {
                public DbSet<Outer<int>.Inner> Inners => Set<Outer<int>.Inner>();
            }
            """);

        var outcome = TestCompilation.Run(item, context).AssertCompilesCleanly();

        // Generic through its containing type: emitting global::Edge.Outer<T>.Inner would not compile.
        Assert.Equal("DBPK005", Assert.Single(outcome.GeneratorDiagnostics).Id);
        outcome.AssertHintNames("Edge.EdgeContextSnapshot.g.cs");
    }

    [Fact]
    public void PartialContextWhoseFirstPartHasNoBaseList()
    {
        var item = TestModels.File("Edge/Item.cs", """
            using DbPickle;

            namespace Edge;

            [Snapshot]
            public class Item
            {
                public int Id { get; set; }
            }
            """);
        var firstPart = TestModels.File("Edge/EdgeContext.Sets.cs", """
            using Microsoft.EntityFrameworkCore;

            namespace Edge;

            public partial class EdgeContext
            {
                public DbSet<Item> Items => Set<Item>();
            }
            """);
        var secondPart = TestModels.File("Edge/EdgeContext.cs", """
            using Microsoft.EntityFrameworkCore;

            namespace Edge;

            public partial class EdgeContext : DbContext
            {
            }
            """);

        var outcome = TestCompilation.Run(item, firstPart, secondPart).AssertCleanWithoutGeneratorDiagnostics();

        outcome.AssertHintNames("Edge.EdgeContextSnapshot.g.cs", "Edge.EdgeContextSnapshot.ItemCodec.g.cs");
    }
}
