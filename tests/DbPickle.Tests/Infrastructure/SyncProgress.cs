namespace DbPickle.Tests.Infrastructure;

/// <summary>
/// Calls the handler on the reporting thread, during the Report call. <see cref="Progress{T}"/> would post to the thread
/// pool, so a test could not know which rows were done when its handler ran.
/// </summary>
public sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
