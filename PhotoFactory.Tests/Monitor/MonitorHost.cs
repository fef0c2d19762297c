using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Monitor;
using PhotoFactory.Monitor.Recording;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor;

/// <summary>
/// The Monitor as its Program composes it (catalogue, probes, writer, heartbeat), running in-process against a
/// test catalogue with the given settings. Every probe is quiet unless a test turns it on: intervals of an hour,
/// no Docker socket, so that each test sees only the checks it is about. Its thresholds are <see cref="Lenient"/>.
/// </summary>
public sealed class MonitorHost : IAsyncDisposable
{
    private readonly IHost _host;

    private MonitorHost(IHost host, TestLoggerProvider logs)
    {
        _host = host;
        Logs = logs;
    }

    public TestLoggerProvider Logs { get; }

    public IServiceProvider Services => _host.Services;

    public StatusBoard Board => _host.Services.GetRequiredService<StatusBoard>();

    public static readonly (string Key, string? Value)[] Quiet =
    [
        ("Monitor:Catalogue:Interval", "01:00:00"),
        ("Monitor:Syncthing:Interval", "01:00:00"),
        ("Monitor:Http:Interval", "01:00:00"),
        ("Monitor:ImmichDatabase:Interval", "01:00:00"),
        ("Monitor:Cache:Interval", "01:00:00"),
        ("Monitor:Heartbeats:Interval", "01:00:00"),
        ("Monitor:Containers:Interval", "01:00:00"),
        ("Monitor:Containers:Endpoint", "unix:///nonexistent/pf-monitor-tests/docker.sock"),
        ("Monitor:Host:Interval", "01:00:00"),
        ("Monitor:Originals:Interval", "01:00:00"),
        ("Monitor:Recording:RetryDelay", "00:00:00.200"),
        ("PhotoFactory:Heartbeat:Interval", "01:00:00"),
    ];

    /// <summary>
    /// Thresholds that judge the machine, not the Monitor: on a loaded test machine the first query or request of a
    /// process (connection, login, JIT) takes seconds, and other builds fill memory and disk. A test about slowness or
    /// a full disk sets its own threshold; every other test sees OK where the target answered.
    /// </summary>
    public static readonly (string Key, string? Value)[] Lenient =
    [
        ("Monitor:Catalogue:SlowAfter", "00:01:00"),
        ("Monitor:Http:SlowAfter", "00:01:00"),
        ("Monitor:Host:MemoryWarningPercent", "100"),
        ("Monitor:Host:MinimumFreeSpacePercent", "0"),
        ("Monitor:Host:CriticalFreeSpacePercent", "0"),
    ];

    /// <summary>Starts the Monitor on <paramref name="catalog"/>; later settings override earlier ones, <see cref="Quiet"/> and <see cref="Lenient"/>.</summary>
    public static Task<MonitorHost> StartAsync(TestCatalog catalog, params (string Key, string? Value)[] settings) =>
        StartAsync(catalog, catalog.PostgresConnectionString, settings);

    /// <summary>As above, reaching PostgreSQL through <paramref name="postgresConnectionString"/> (e.g. through a proxy).</summary>
    public static Task<MonitorHost> StartAsync(TestCatalog catalog, string? postgresConnectionString, params (string Key, string? Value)[] settings) =>
        StartAsync(catalog, postgresConnectionString, _ => { }, settings);

    /// <summary>As above, with <paramref name="services"/> adding to what the Monitor's Program registers (a probe of the test's own).</summary>
    public static async Task<MonitorHost> StartAsync(
        TestCatalog catalog, string? postgresConnectionString, Action<IServiceCollection> services, params (string Key, string? Value)[] settings)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [postgresConnectionString is not null ? $"ConnectionStrings:{CatalogOptions.ConnectionStringName}" : $"{CatalogOptions.SectionName}:DataDirectory"] =
                postgresConnectionString ?? catalog.DataDirectory,
        };
        foreach (var (key, value) in Quiet.Concat(Lenient).Concat(settings))
        {
            merged[key] = value;
        }

        var logs = new TestLoggerProvider();
        var builder = TestCatalog.CreateHostBuilder(catalog.DataDirectory, TimeProvider.System, logs, [.. merged.Select(pair => (pair.Key, pair.Value))]);
        builder.AddCatalog(CatalogSchemaMode.WaitForOwner);
        builder.AddMonitor();
        services(builder.Services);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new MonitorHost(host, logs);
    }

    public async Task<Dictionary<string, ServiceStatus>> ReadStatusesAsync(TestCatalog catalog)
    {
        await using var db = catalog.CreateContext();
        return await db.ServiceStatuses.AsNoTracking().ToDictionaryAsync(s => s.ServiceName, TestContext.Current.CancellationToken);
    }

    public static async Task<List<ServiceStatusHistory>> ReadHistoryAsync(TestCatalog catalog, string service)
    {
        await using var db = catalog.CreateContext();
        return await db.ServiceStatusHistory.AsNoTracking()
            .Where(h => h.ServiceName == service)
            .OrderBy(h => h.HeartbeatTimestamp)
            .ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>What <c>/health</c> would answer.</summary>
    public Task<HealthReport> HealthAsync() =>
        _host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

    /// <summary>Waits until the catalogue has a row for <paramref name="service"/> that satisfies <paramref name="condition"/>.</summary>
    public async Task<ServiceStatus> WaitForRowAsync(TestCatalog catalog, string service, Func<ServiceStatus, bool> condition, string what, TimeSpan? timeout = null)
    {
        ServiceStatus? found = null;
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                found = (await ReadStatusesAsync(catalog)).GetValueOrDefault(service);
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
            {
                return false;
            }

            return found is not null && condition(found);
        }, () => $"{service} {what} (last read: {(found is null ? "no row" : $"{found.Status}: {found.Message}")})", timeout);
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}
