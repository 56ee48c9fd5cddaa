using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DbPickle.Engines.Tests.Infrastructure;

/// <summary>Collects DbPickle's log messages (every level) for a test to assert on; give <see cref="Factory"/> to a DbContext.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public LogCapture() => Factory = LoggerFactory.Create(builder => builder.AddProvider(this).SetMinimumLevel(LogLevel.Trace));

    public ILoggerFactory Factory { get; }

    public IReadOnlyList<string> Messages => [.. _messages];

    public ILogger CreateLogger(string categoryName) => categoryName == "DbPickle" ? new Logger(_messages) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => messages.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
