using DbPickle.Generators.Tests.Infrastructure;

namespace DbPickle.Generators.Tests;

/// <summary>Whole generated files, compared with the checked-in baselines (see <see cref="Baselines"/>).</summary>
public sealed class BaselineTests
{
    [Fact]
    public void ShopModel()
    {
        var outcome = TestCompilation.Run(TestModels.Shop).AssertCleanWithoutGeneratorDiagnostics();

        Baselines.Verify(outcome);
    }

    [Fact]
    public void AccessPathsModel()
    {
        var outcome = TestCompilation.Run(TestModels.AccessPaths).AssertCleanWithoutGeneratorDiagnostics();

        Baselines.Verify(outcome);
    }
}
