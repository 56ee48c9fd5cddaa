using DbPickle.Generators.Tests.Infrastructure;

namespace DbPickle.Generators.Tests;

/// <summary>Small facts about the shop's generated code, each asserted on one member rather than a whole file.</summary>
public sealed class GeneratedMemberTests
{
    private static readonly GeneratorOutcome s_shop = TestCompilation.Run(TestModels.Shop).AssertCleanWithoutGeneratorDiagnostics();

    [Fact]
    public void InsertPlanPutsPrincipalsBeforeTheirDependents()
    {
        var plan = GeneratedMembers.InsertPlan(s_shop, "Shop.ShopContextSnapshot.g.cs");

        Assert.Single(plan, c => c == "CategoryCodec.Instance");
        Assert.Equal(plan.Distinct().Count(), plan.Count);
        Assert.True(plan.IndexOf("CustomerCodec.Instance") < plan.IndexOf("OrderCodec.Instance"), string.Join(", ", plan));
        Assert.True(plan.IndexOf("OrderCodec.Instance") < plan.IndexOf("OrderLineCodec.Instance"), string.Join(", ", plan));
        Assert.True(plan.IndexOf("ProductCodec.Instance") < plan.IndexOf("OrderLineCodec.Instance"), string.Join(", ", plan));
        Assert.True(plan.IndexOf("CategoryCodec.Instance") < plan.IndexOf("ProductCodec.Instance"), string.Join(", ", plan));

        // Among entities free to go, DbSet declaration order decides: the plan is deterministic.
        Assert.Equal(["CategoryCodec.Instance", "CustomerCodec.Instance", "OrderCodec.Instance", "ProductCodec.Instance", "OrderLineCodec.Instance"], plan);
    }

    [Fact]
    public void ReferenceCycleStillPlansEveryEntityOnce()
    {
        var outcome = TestCompilation.Run(TestModels.File("Cycle/Model.cs", """
            using DbPickle;
            using Microsoft.EntityFrameworkCore;

            namespace Cycle;

            [Snapshot]
            public class Employee
            {
                public int Id { get; set; }
                public int DepartmentId { get; set; }
                public Department Department { get; set; } = null!;
            }

            [Snapshot]
            public class Department
            {
                public int Id { get; set; }
                public int? ManagerId { get; set; }
                public Employee? Manager { get; set; }
            }

            [Snapshot]
            public class Badge
            {
                public int Id { get; set; }
                public int EmployeeId { get; set; }
                public Employee Employee { get; set; } = null!;
            }

            public class CycleContext : DbContext
            {
                public DbSet<Badge> Badges => Set<Badge>();
                public DbSet<Employee> Employees => Set<Employee>();
                public DbSet<Department> Departments => Set<Department>();
            }
            """)).AssertCleanWithoutGeneratorDiagnostics();

        // No order satisfies a cycle: its first entity in DbSet order breaks it. Badge comes first in DbSet order but
        // only depends on the cycle, so it still waits for Employee.
        Assert.Equal(
            ["EmployeeCodec.Instance", "BadgeCodec.Instance", "DepartmentCodec.Instance"],
            GeneratedMembers.InsertPlan(outcome, "Cycle.CycleContextSnapshot.g.cs"));
    }

    [Fact]
    public void DecimalPropertySpec()
    {
        var specs = GeneratedMembers.PropertySpecs(s_shop, "Shop.ShopContextSnapshot.OrderLineCodec.g.cs", "OrderLineCodec");

        Assert.Contains("new(\"Price\", global::DbPickle.SnapshotValueKind.Decimal, false)", specs);
    }

    [Fact]
    public void NavigationsAreNotEncodedAndScalarsKeepDeclarationOrder()
    {
        var specs = GeneratedMembers.PropertySpecs(s_shop, "Shop.ShopContextSnapshot.OrderCodec.g.cs", "OrderCodec");

        Assert.Equal(
            [
                "new(\"Id\", global::DbPickle.SnapshotValueKind.Int32, false)",
                "new(\"CustomerId\", global::DbPickle.SnapshotValueKind.Int32, false)",
                "new(\"PlacedAt\", global::DbPickle.SnapshotValueKind.DateTimeOffset, false)",
                "new(\"Status\", global::DbPickle.SnapshotValueKind.Int32, false)",
            ],
            specs);
    }

    [Fact]
    public void PrincipalsAreTheReferencedSnapshotEntities()
    {
        Assert.Equal("new string[] { \"Shop.Customer\" }", GeneratedMembers.BaseArgument(s_shop, "Shop.ShopContextSnapshot.OrderCodec.g.cs", "OrderCodec", 2));
        Assert.Equal("new string[] { \"Shop.Category\" }", GeneratedMembers.BaseArgument(s_shop, "Shop.ShopContextSnapshot.CategoryCodec.g.cs", "CategoryCodec", 2));
        Assert.Equal("\"Shop.OrderLine\"", GeneratedMembers.BaseArgument(s_shop, "Shop.ShopContextSnapshot.OrderLineCodec.g.cs", "OrderLineCodec", 0));
    }

    [Fact]
    public void EnumIsWrittenAsItsUnderlyingType()
    {
        Assert.Equal(
            "global::DbPickle.Infrastructure.ValueCodec.WritePrimitive<int>(ref writer, (int)entity.Status);",
            GeneratedMembers.SwitchCase(s_shop, "Shop.ShopContextSnapshot.OrderCodec.g.cs", "OrderCodec", "Write", 3));
        Assert.Equal(
            "entity.Status = (global::Shop.OrderStatus)global::DbPickle.Infrastructure.ValueCodec.ReadPrimitive<int>(ref reader);",
            GeneratedMembers.SwitchCase(s_shop, "Shop.ShopContextSnapshot.OrderCodec.g.cs", "OrderCodec", "Read", 3));
    }

    [Fact]
    public void NullableBinaryIsReadWithoutSuppression()
    {
        Assert.Equal(
            "entity.Image = global::DbPickle.Infrastructure.ValueCodec.ReadBinary(ref reader);",
            GeneratedMembers.SwitchCase(s_shop, "Shop.ShopContextSnapshot.ProductCodec.g.cs", "ProductCodec", "Read", 5));
        Assert.Equal(
            "entity.Sku = global::DbPickle.Infrastructure.ValueCodec.ReadString(ref reader)!;",
            GeneratedMembers.SwitchCase(s_shop, "Shop.ShopContextSnapshot.ProductCodec.g.cs", "ProductCodec", "Read", 1));
    }

    [Fact]
    public void EntryPointsTakeTheContextType()
    {
        var source = s_shop.Source("Shop.ShopContextSnapshot.g.cs");

        Assert.Contains("public static global::DbPickle.SnapshotSummary Dump(global::Shop.ShopContext db, global::System.IO.Stream destination, global::DbPickle.DumpOptions? options = null)", source);
        Assert.Contains("public static global::System.Threading.Tasks.Task<global::DbPickle.SnapshotSummary> LoadAsync(global::Shop.ShopContext db, global::System.IO.Stream source, global::DbPickle.LoadOptions? options = null, global::System.Threading.CancellationToken cancellationToken = default)", source);
        Assert.Contains("\"Shop.ShopContext\",", source);
    }
}
