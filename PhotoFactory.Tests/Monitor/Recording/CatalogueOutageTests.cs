using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor.Recording;

public sealed class CatalogueOutageTests
{
    [Fact]
    public async Task Through_a_catalogue_outage_the_monitor_reports_unhealthy_keeps_checking_and_writes_everything_when_it_returns()
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Postgres);
        var direct = new NpgsqlConnectionStringBuilder(catalog.PostgresConnectionString);
        await using var proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, direct.Port));
        var throughProxy = new NpgsqlConnectionStringBuilder(catalog.PostgresConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 2 }.ConnectionString;
        await using var immich = await LoopbackHttpServer.StartAsync(app => app.MapGet("/api/server/ping", () => Results.Json(new { res = "pong" })));
        await using var monitor = await MonitorHost.StartAsync(catalog, throughProxy,
            ("Monitor:Targets:immich-server", immich.Url.ToString()),
            ("Monitor:Http:Interval", "00:00:00.300"),
            ("Monitor:Http:Timeout", "00:00:00.300"),
            ("Monitor:Catalogue:Interval", "00:00:00.500"),
            ("Monitor:Catalogue:Timeout", "00:00:00.500"));
        await monitor.WaitForRowAsync(catalog, "factory-db", row => row.Status == ServiceState.Ok, "is OK");

        proxy.Cut();
        var cutAt = DateTime.UtcNow;
        await Eventually.HoldsAsync(async () => (await monitor.HealthAsync()).Status == HealthStatus.Unhealthy, "/health turns unhealthy");
        await Eventually.HoldsAsync(() => monitor.Board.Latest.GetValueOrDefault("factory-db")?.Status == ServiceState.Error, "the catalogue check fails");
        await Eventually.HoldsAsync(() => monitor.Board.Latest["immich-server"].CheckedAt > cutAt.AddSeconds(1.5) && monitor.Board.PendingCount >= 5,
            "checks carry on for a while into the outage and at least five results wait in memory");
        var report = await monitor.HealthAsync();
        Assert.Contains("results waiting", report.Entries["recording"].Description);
        var restoredAt = DateTime.UtcNow;
        proxy.Restore();

        await Eventually.HoldsAsync(async () => (await monitor.HealthAsync()).Status == HealthStatus.Healthy, "/health is healthy again");
        await monitor.WaitForRowAsync(catalog, "factory-db", row => row.Status == ServiceState.Ok && row.LastHeartbeat > restoredAt, "is OK again");
        var outage = (await MonitorHost.ReadHistoryAsync(catalog, "factory-db"))
            .Where(h => h.HeartbeatTimestamp > cutAt && h.HeartbeatTimestamp < restoredAt).ToList();
        Assert.Contains(outage, h => h.Status == ServiceState.Error);
        var immichDuringOutage = (await MonitorHost.ReadHistoryAsync(catalog, "immich-server"))
            .Count(h => h.HeartbeatTimestamp > cutAt && h.HeartbeatTimestamp < restoredAt);
        Assert.True(immichDuringOutage >= 2, $"checks made during the outage are written afterwards; found {immichDuringOutage}");
        Assert.Contains(monitor.Logs.Entries, e => e.Message.Contains("written to the catalogue again", StringComparison.Ordinal));
    }
}
