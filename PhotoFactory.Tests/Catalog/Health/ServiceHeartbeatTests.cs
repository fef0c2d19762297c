using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Catalog.Health;

/// <summary>The heartbeat as a service registers it: a real host, a real catalogue, a fake clock.</summary>
public sealed class ServiceHeartbeatTests
{
    private const string Service = "librarian";
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Theory, CatalogProviders]
    public async Task A_heartbeat_is_written_at_start_and_then_once_every_interval(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var time = new FakeTimeProvider(Start);
        var report = new HeartbeatReport(ServiceState.Ok) { CurrentTask = "watching the inbox" };
        using var host = BuildHost(catalog, time, new TestLoggerProvider(), CatalogSchemaMode.ApplyMigrations, _ => report);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await WaitForHeartbeatsAsync(catalog, 1);
        report = new HeartbeatReport(ServiceState.Warning) { CurrentTask = "filing IMG_0002.JPG", QueueLength = 7 };
        time.Advance(Interval);
        await WaitForHeartbeatsAsync(catalog, 2);
        time.Advance(Interval);
        await WaitForHeartbeatsAsync(catalog, 3);

        Assert.Equal([Start, Start + Interval, Start + 2 * Interval], (await HistoryAsync(catalog)).Select(h => new DateTimeOffset(h.HeartbeatTimestamp)));
        var status = await StatusAsync(catalog);
        Assert.Equal(ServiceState.Warning, status.Status);
        Assert.Equal("filing IMG_0002.JPG", status.CurrentTask);
        Assert.Equal(7, status.QueueLength);
        Assert.Equal((Start + 2 * Interval).UtcDateTime, status.LastHeartbeat);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory, CatalogProviders]
    public async Task Stopping_the_service_writes_a_last_heartbeat_saying_it_is_stopping(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var time = new FakeTimeProvider(Start);
        using var host = BuildHost(catalog, time, new TestLoggerProvider(), CatalogSchemaMode.ApplyMigrations);
        await host.StartAsync(TestContext.Current.CancellationToken);
        await WaitForHeartbeatsAsync(catalog, 1);
        time.Advance(TimeSpan.FromSeconds(3));

        await host.StopAsync(TestContext.Current.CancellationToken);

        var history = await HistoryAsync(catalog);
        Assert.Equal(["running", "stopping"], history.Select(h => h.CurrentTask));
        var status = await StatusAsync(catalog);
        Assert.Equal("stopping", status.CurrentTask);
        Assert.Equal(Start.AddSeconds(3).UtcDateTime, status.LastHeartbeat);
    }

    [Theory, CatalogProviders]
    public async Task A_catalogue_outage_is_logged_once_and_outlived_and_heartbeats_resume_after_it(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var time = new FakeTimeProvider(Start);
        var logs = new TestLoggerProvider();
        using var host = BuildHost(catalog, time, logs, CatalogSchemaMode.ApplyMigrations);
        var heartbeat = host.Services.GetServices<IHostedService>().OfType<ServiceHeartbeat>().Single();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await host.StartAsync(TestContext.Current.CancellationToken);
        await WaitForHeartbeatsAsync(catalog, 1);

        await catalog.TakeOfflineAsync();
        time.Advance(Interval);
        await Eventually.HoldsAsync(() => HeartbeatLogs(logs, LogLevel.Warning).Any(), "the failed heartbeat is logged");
        time.Advance(Interval);
        await Eventually.HoldsAsync(() => HeartbeatLogs(logs, LogLevel.Debug).Any(), "the second failure is noted");

        Assert.False(heartbeat.ExecuteTask!.IsCompleted, "the heartbeat service ended");
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the outage stopped the host");
        Assert.StartsWith($"Heartbeat of {Service} could not be written", Assert.Single(HeartbeatLogs(logs, LogLevel.Warning)).Message);

        await catalog.BringBackAsync();
        time.Advance(Interval);
        await WaitForHeartbeatsAsync(catalog, 1);

        Assert.Equal(Start + 3 * Interval, new DateTimeOffset(Assert.Single(await HistoryAsync(catalog)).HeartbeatTimestamp));
        Assert.Contains(HeartbeatLogs(logs, LogLevel.Information), entry => entry.Message.Contains("after 2 failed attempt(s)", StringComparison.Ordinal));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory, CatalogProviders]
    public async Task No_heartbeat_is_attempted_before_the_catalogue_schema_is_current(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateEmptyAsync(provider);
        var time = new FakeTimeProvider(Start);
        var logs = new TestLoggerProvider();
        using var host = BuildHost(catalog, time, logs, CatalogSchemaMode.WaitForOwner);
        var readiness = host.Services.GetRequiredService<CatalogReadiness>();
        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => readiness.State.StartsWith("waiting", StringComparison.Ordinal), "the service waits for the Librarian");
        time.Advance(3 * Interval);

        Assert.Empty(HeartbeatLogs(logs, LogLevel.Warning));

        await catalog.MigrateAsync();
        await Eventually.HoldsAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return readiness.IsReady;
        }, "the catalogue becomes ready");
        await WaitForHeartbeatsAsync(catalog, 1);
        Assert.Empty(HeartbeatLogs(logs, LogLevel.Warning));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory, CatalogProviders]
    public async Task A_failing_status_snapshot_repeats_the_last_report_instead_of_silencing_the_heartbeat(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var time = new FakeTimeProvider(Start);
        var logs = new TestLoggerProvider();
        var calls = 0;
        using var host = BuildHost(catalog, time, logs, CatalogSchemaMode.ApplyMigrations, _ => ++calls == 1
            ? new HeartbeatReport(ServiceState.Ok) { CurrentTask = "watching the inbox" }
            : throw new InvalidOperationException("inbox watcher disposed"));
        await host.StartAsync(TestContext.Current.CancellationToken);
        await WaitForHeartbeatsAsync(catalog, 1);

        time.Advance(Interval);
        await WaitForHeartbeatsAsync(catalog, 2);

        Assert.Equal(["watching the inbox", "watching the inbox"], (await HistoryAsync(catalog)).Select(h => h.CurrentTask));
        Assert.Contains(HeartbeatLogs(logs, LogLevel.Warning), entry => entry.Message.StartsWith("Status snapshot of librarian failed", StringComparison.Ordinal));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Registering_a_heartbeat_before_the_catalogue_is_refused()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        var refusal = Assert.Throws<InvalidOperationException>(() => builder.AddServiceHeartbeat(Service));

        Assert.Contains("AddCatalog", refusal.Message);
    }

    private static IHost BuildHost(
        TestCatalog catalog, TimeProvider time, TestLoggerProvider logs, CatalogSchemaMode mode, Func<IServiceProvider, HeartbeatReport>? snapshot = null)
    {
        var builder = catalog.CreateHostBuilder(time, logs, ($"{HeartbeatOptions.SectionName}:{nameof(HeartbeatOptions.Interval)}", Interval.ToString()));
        builder.AddCatalog(mode);
        builder.AddServiceHeartbeat(Service, snapshot);
        return builder.Build();
    }

    private static IEnumerable<LogEntry> HeartbeatLogs(TestLoggerProvider logs, LogLevel level) =>
        logs.At(level).Where(entry => entry.Category == typeof(ServiceHeartbeat).FullName);

    private static Task WaitForHeartbeatsAsync(TestCatalog catalog, int count) =>
        Eventually.HoldsAsync(async () => (await HistoryAsync(catalog)).Count >= count, $"{count} heartbeat(s) are written");

    private static async Task<List<ServiceStatusHistory>> HistoryAsync(TestCatalog catalog)
    {
        await using var db = catalog.CreateContext();
        try
        {
            return await db.ServiceStatusHistory.Where(h => h.ServiceName == Service).OrderBy(h => h.Id).ToListAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Between an outage and the catalogue's return there is nothing to read.
            return [];
        }
    }

    private static async Task<ServiceStatus> StatusAsync(TestCatalog catalog)
    {
        await using var db = catalog.CreateContext();
        return await db.ServiceStatuses.SingleAsync(s => s.ServiceName == Service, TestContext.Current.CancellationToken);
    }
}
