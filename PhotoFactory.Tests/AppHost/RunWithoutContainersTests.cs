using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TempDirectory = PhotoFactory.Tests.Infrastructure.TempDirectory;

namespace PhotoFactory.Tests.AppHost;

/// <summary>
/// The AppHost really started where no container can run: the three services come up healthy on the embedded
/// catalogue in the data root's App_Data, with the Aspire orchestrator (DCP) but no container runtime.
/// </summary>
public sealed class RunWithoutContainersTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _dataRoot = new("apphost-run");

    [Fact]
    public async Task Librarian_monitor_and_dashboard_become_healthy_without_containers()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var log = new LogLines();
        var builder = await AppHostBuilder.CreateAsync("PhotoFactory:Containers=off", $"PhotoFactory:DataRoot={_dataRoot.Path}");
        builder.Services.AddLogging(logging => logging.AddProvider(log));
        await using var app = await builder.BuildAsync(cancellation);

        await app.StartAsync(cancellation).WaitAsync(StartTimeout, cancellation);
        foreach (var service in new[] { "librarian", "monitor", "dashboard" })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, cancellation).WaitAsync(StartTimeout, cancellation);
        }

        foreach (var service in new[] { "librarian", "monitor", "dashboard" })
        {
            using var http = app.CreateHttpClient(service, "http");
            var response = await http.GetAsync("/health", cancellation);
            Assert.True(response.IsSuccessStatusCode, $"{service} /health answered {(int)response.StatusCode}");
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(cancellation));
        }

        Assert.True(File.Exists(_dataRoot.Combine("Stack", "App_Data", "catalog.db")), "the embedded catalogue is in App_Data");
        foreach (var folder in new[] { "Photos_Inbox", "Storage/Originals", "Storage/Quarantine", "Stack/App_Data/syncthing" })
        {
            Assert.True(Directory.Exists(Path.Combine(_dataRoot.Path, folder)), $"{folder} is created under the data root");
        }

        var notice = Assert.Single(log.Lines, line => line.Contains("Containers off", StringComparison.Ordinal));
        Assert.Contains("PhotoFactory:Containers=off", notice);
        Assert.Contains("factory-db, syncthing, immich-server, immich-machine-learning, immich-db, immich-cache, homepage", notice);
        Assert.Contains("embedded SQLite catalogue", notice);

        await app.StopAsync(cancellation);
    }

    public void Dispose() => _dataRoot.Dispose();

    /// <summary>The AppHost's own log lines, as a user reads them in the console.</summary>
    private sealed class LogLines : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IEnumerable<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) =>
            categoryName == "PhotoFactory.AppHost" ? new Logger(_lines) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
