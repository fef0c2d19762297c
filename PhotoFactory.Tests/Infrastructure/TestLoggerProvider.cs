using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>Keeps every log entry so tests can assert what an operator would read, and echoes it to the test output.</summary>
public sealed class TestLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly ITestOutputHelper? _output = TestContext.Current.TestOutputHelper;

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public IEnumerable<LogEntry> At(LogLevel level) => _entries.Where(entry => entry.Level == level);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        try
        {
            _output?.WriteLine($"{entry.Level} {entry.Category}: {entry.Message}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; a background service still logging while the host stops is fine.
        }
    }

    private sealed class Logger(TestLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Add(new LogEntry(logLevel, category, formatter(state, exception)));
    }
}

/// <summary>One captured log entry.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message);
