using DbPickle.Generators.Tests.Infrastructure;

namespace DbPickle.Generators.Tests;

/// <summary>For each kind of model, the generated code compiles with no error and no warning.</summary>
public sealed class GeneratedCodeCompilesTests
{
    [Fact]
    public void Shop()
    {
        var outcome = TestCompilation.Run(TestModels.Shop).AssertCleanWithoutGeneratorDiagnostics();

        outcome.AssertHintNames(
            "Shop.ShopContextSnapshot.CategoryCodec.g.cs",
            "Shop.ShopContextSnapshot.CustomerCodec.g.cs",
            "Shop.ShopContextSnapshot.g.cs",
            "Shop.ShopContextSnapshot.OrderCodec.g.cs",
            "Shop.ShopContextSnapshot.OrderLineCodec.g.cs",
            "Shop.ShopContextSnapshot.ProductCodec.g.cs");
    }

    [Fact]
    public void EverySupportedPropertyType()
    {
        var outcome = TestCompilation.Run(TestModels.AllTypes).AssertCleanWithoutGeneratorDiagnostics();

        var specs = GeneratedMembers.PropertySpecs(outcome, "Types.TypesContextSnapshot.EverythingCodec.g.cs", "EverythingCodec");
        Assert.Equal(47, specs.Count);
        Assert.Contains("new(\"Huge\", global::DbPickle.SnapshotValueKind.Int64, false)", specs);
        Assert.Contains("new(\"NullableColor\", global::DbPickle.SnapshotValueKind.Int32, true)", specs);
        Assert.Contains("new(\"NullableBinary\", global::DbPickle.SnapshotValueKind.Binary, true)", specs);
        Assert.Contains("new(\"Binary\", global::DbPickle.SnapshotValueKind.Binary, true)", specs);
        Assert.Contains("new(\"TimeOnly\", global::DbPickle.SnapshotValueKind.TimeOnly, false)", specs);
        Assert.Contains("new(\"NullableDateTimeOffset\", global::DbPickle.SnapshotValueKind.DateTimeOffset, true)", specs);
    }

    [Fact]
    public void NonPublicAccessorsInitBackingFieldsPrivateConstructorAndBaseClass()
    {
        var outcome = TestCompilation.Run(TestModels.AccessPaths).AssertCleanWithoutGeneratorDiagnostics();
        var source = outcome.Source("Access.AccessContextSnapshot.AccountCodec.g.cs");

        // Base class properties come first, as EF Core discovers them; the computed Display is not stored.
        Assert.Equal(
            ["CreatedAt", "CreatedBy", "Revision", "Id", "Name", "ExternalId", "Balance", "UpdatedAt", "Note", "Version", "Secret"],
            GeneratedMembers.PropertySpecs(outcome, "Access.AccessContextSnapshot.AccountCodec.g.cs", "AccountCodec")
                .Select(s => s.Split('"')[1]));
        Assert.Contains("public override global::Access.Account Create() => __Create();", source);
        Assert.Contains("private static extern void __Set_CreatedBy(global::Access.Audited entity, string value);", source);
        Assert.Contains("private static extern ref int __Field_Revision(global::Access.Audited entity);", source);
        Assert.Contains("private static extern void __Set_Name(global::Access.Account entity, string value);", source);
        Assert.Contains("private static extern ref global::System.Guid __Field_ExternalId(global::Access.Account entity);", source);
        Assert.Contains("private static extern string? __Get_Note(global::Access.Account entity);", source);
        Assert.Contains("entity.Balance = ", source);
        Assert.Contains("entity.UpdatedAt = ", source);
        Assert.Contains("__Set_Version(entity, ", source);
        Assert.DoesNotContain("Display", source, StringComparison.Ordinal);
    }

    [Fact]
    public void GlobalNamespaceEntityAndFileScopedNamespaceContext()
    {
        var outcome = TestCompilation.Run(TestModels.Namespaces).AssertCleanWithoutGeneratorDiagnostics();

        outcome.AssertHintNames(
            "Blog.Data.BlogContextSnapshot.g.cs",
            "Blog.Data.BlogContextSnapshot.PostCodec.g.cs",
            "Blog.Data.BlogContextSnapshot.TagCodec.g.cs",
            "TagContextSnapshot.g.cs",
            "TagContextSnapshot.TagCodec.g.cs");
        Assert.Contains("internal static partial class BlogContextSnapshot", outcome.Source("Blog.Data.BlogContextSnapshot.g.cs"));
        Assert.Contains("public static partial class TagContextSnapshot", outcome.Source("TagContextSnapshot.g.cs"));
        Assert.DoesNotContain("namespace", outcome.Source("TagContextSnapshot.TagCodec.g.cs"));
        Assert.Equal(["TagCodec.Instance", "PostCodec.Instance"], GeneratedMembers.InsertPlan(outcome, "Blog.Data.BlogContextSnapshot.g.cs"));
    }

    [Fact]
    public void TwoContextsShareEntities()
    {
        var outcome = TestCompilation.Run([.. TestModels.SharedEntities, TestModels.ShopHooks]).AssertCleanWithoutGeneratorDiagnostics();

        outcome.AssertHintNames(
            "Reporting.ReportingContextSnapshot.g.cs",
            "Reporting.ReportingContextSnapshot.OrderCodec.g.cs",
            "Reporting.ReportingContextSnapshot.OrderLineCodec.g.cs",
            "Shop.ArchiveContextSnapshot.CustomerCodec.g.cs",
            "Shop.ArchiveContextSnapshot.g.cs",
            "Shop.ArchiveContextSnapshot.OrderCodec.g.cs",
            "Shop.ShopContextSnapshot.CategoryCodec.g.cs",
            "Shop.ShopContextSnapshot.CustomerCodec.g.cs",
            "Shop.ShopContextSnapshot.g.cs",
            "Shop.ShopContextSnapshot.OrderCodec.g.cs",
            "Shop.ShopContextSnapshot.OrderLineCodec.g.cs",
            "Shop.ShopContextSnapshot.ProductCodec.g.cs");
        Assert.Equal(["CustomerCodec.Instance", "OrderCodec.Instance"], GeneratedMembers.InsertPlan(outcome, "Shop.ArchiveContextSnapshot.g.cs"));

        // Principals outside a context are left out of its codecs; hooks belong to one snapshot class only.
        Assert.Equal("new string[] { \"Shop.Order\", \"Shop.Product\" }", GeneratedMembers.BaseArgument(outcome, "Shop.ShopContextSnapshot.OrderLineCodec.g.cs", "OrderLineCodec", 2));
        Assert.Equal("new string[] { \"Shop.Order\" }", GeneratedMembers.BaseArgument(outcome, "Reporting.ReportingContextSnapshot.OrderLineCodec.g.cs", "OrderLineCodec", 2));
        Assert.Equal("true", GeneratedMembers.BaseArgument(outcome, "Shop.ShopContextSnapshot.OrderCodec.g.cs", "OrderCodec", "hasPreWalkHook"));
        Assert.Equal("false", GeneratedMembers.BaseArgument(outcome, "Shop.ArchiveContextSnapshot.OrderCodec.g.cs", "OrderCodec", "hasPreWalkHook"));
        Assert.Equal("false", GeneratedMembers.BaseArgument(outcome, "Reporting.ReportingContextSnapshot.OrderCodec.g.cs", "OrderCodec", "hasPreWalkHook"));
    }

    [Fact]
    public void UserHookPartSetsTheHookFlagOfItsEntityOnly()
    {
        var outcome = TestCompilation.Run([.. TestModels.Shop, TestModels.ShopHooks]).AssertCleanWithoutGeneratorDiagnostics();

        foreach (var codec in new[] { "Category", "Customer", "Order", "OrderLine", "Product" })
        {
            var hint = $"Shop.ShopContextSnapshot.{codec}Codec.g.cs";
            Assert.Equal(codec == "Order" ? "true" : "false", GeneratedMembers.BaseArgument(outcome, hint, codec + "Codec", "hasPreWalkHook"));
            Assert.Equal("false", GeneratedMembers.BaseArgument(outcome, hint, codec + "Codec", "hasPreSaveHook"));
        }
    }

    [Fact]
    public void ExpressionBodiedPreSaveHookSetsThePreSaveFlag()
    {
        var hooks = TestModels.File("Shop/Hooks.cs", """
            namespace Shop;

            public static partial class ShopContextSnapshot
            {
                static partial void OnPreSave(Customer entity, DbPickle.SnapshotRow row) => entity.Name = entity.Name.Trim();
            }
            """);
        var outcome = TestCompilation.Run([.. TestModels.Shop, hooks]).AssertCleanWithoutGeneratorDiagnostics();

        Assert.Equal("true", GeneratedMembers.BaseArgument(outcome, "Shop.ShopContextSnapshot.CustomerCodec.g.cs", "CustomerCodec", "hasPreSaveHook"));
        Assert.Equal("false", GeneratedMembers.BaseArgument(outcome, "Shop.ShopContextSnapshot.CustomerCodec.g.cs", "CustomerCodec", "hasPreWalkHook"));
        Assert.Equal("false", GeneratedMembers.BaseArgument(outcome, "Shop.ShopContextSnapshot.OrderCodec.g.cs", "OrderCodec", "hasPreSaveHook"));
    }
}
