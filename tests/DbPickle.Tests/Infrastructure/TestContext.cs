namespace DbPickle.Tests.Infrastructure;

/// <summary>Tokens for async calls that are not about cancellation.</summary>
public static class TestContext
{
    /// <summary>A token that cancels a hung test after a minute instead of blocking the run.</summary>
    public static CancellationToken Token => new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token;
}
