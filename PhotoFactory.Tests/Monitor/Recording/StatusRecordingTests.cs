using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor.Recording;

public sealed class StatusRecordingTests
{
    [Theory, CatalogProviders]
    public async Task Every_check_updates_its_status_row_in_place_and_adds_a_history_row(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await using var immich = await LoopbackHttpServer.StartAsync(app => app.MapGet("/api/server/ping", () => Results.Json(new { res = "pong" })));
        await using var redis = await RedisServer.StartAsync();
        await using var monitor = await MonitorHost.StartAsync(catalog,
            ("Monitor:Targets:immich-server", immich.Url.ToString()),
            ("Monitor:Targets:immich-cache", $"127.0.0.1:{redis.Port}"),
            ("Monitor:Http:Interval", "00:00:00.700"),
            ("Monitor:Http:Timeout", "00:00:00.700"),
            ("Monitor:Cache:Interval", "00:00:00.700"),
            ("Monitor:Cache:Timeout", "00:00:00.700"),
            // What is recorded is the point here, not the thresholds: a busy test machine (a slow login, a full
            // disk, memory in use by other builds) must not turn these checks into warnings.
            ("Monitor:Catalogue:SlowAfter", "00:01:00"),
            ("Monitor:Host:MemoryWarningPercent", "100"),
            ("Monitor:Host:MinimumFreeSpacePercent", "0"),
            ("Monitor:Host:CriticalFreeSpacePercent", "0"));

        await Eventually.HoldsAsync(async () => (await MonitorHost.ReadHistoryAsync(catalog, "immich-server")).Count >= 3, "three immich-server checks are in the history");

        var rows = await monitor.ReadStatusesAsync(catalog);
        var server = rows["immich-server"];
        Assert.Equal((ServiceState.Ok, "http"), (server.Status, server.CurrentTask));
        Assert.NotNull(server.LatencyMilliseconds);
        Assert.InRange(server.LastHeartbeat, DateTime.UtcNow.AddSeconds(-10), DateTime.UtcNow.AddSeconds(1));
        Assert.NotNull(server.StatusSince);
        Assert.True(server.StatusSince < server.LastHeartbeat, "status_since stays at the first OK while later checks update last_heartbeat");
        Assert.Equal(200, JsonNode.Parse(server.Details!)!["statusCode"]!.GetValue<int>());
        Assert.Equal((ServiceState.Ok, "redis"), (rows["immich-cache"].Status, rows["immich-cache"].CurrentTask));
        Assert.Equal(ServiceState.Ok, rows["factory-db"].Status);
        Assert.Equal(ServiceState.Ok, rows["host"].Status);
        Assert.True(rows.ContainsKey("monitor"), "the Monitor writes its own heartbeat");

        var history = await MonitorHost.ReadHistoryAsync(catalog, "immich-server");
        Assert.All(history, h => Assert.Equal(ServiceState.Ok, h.Status));
        Assert.Equal(history.Count, history.Select(h => h.HeartbeatTimestamp).Distinct().Count());
    }

    [Theory, CatalogProviders]
    public async Task Without_containers_the_undeclared_targets_are_unknown_and_not_deployed_and_the_monitor_stays_healthy(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await using var monitor = await MonitorHost.StartAsync(catalog);

        string[] undeclared = ["syncthing", "immich-server", "immich-machine-learning", "immich-db", "immich-cache", "homepage", "librarian/health", "dashboard/health"];
        await Eventually.HoldsAsync(async () =>
        {
            var names = (await monitor.ReadStatusesAsync(catalog)).Keys;
            return undeclared.All(names.Contains) && names.Contains("containers") && names.Contains("factory-db");
        }, "every target has a row");

        var rows = await monitor.ReadStatusesAsync(catalog);
        Assert.All(undeclared, name =>
        {
            Assert.Equal(ServiceState.Unknown, rows[name].Status);
            Assert.StartsWith("not deployed", rows[name].Message);
        });
        Assert.Equal(ServiceState.Unknown, rows["containers"].Status);
        Assert.StartsWith("not available", rows["containers"].Message);
        Assert.Equal(ServiceState.Ok, rows["factory-db"].Status);
        Assert.DoesNotContain(rows.Values, row => row.Status == ServiceState.Error);
        Assert.Equal(HealthStatus.Healthy, (await monitor.HealthAsync()).Status);
    }

    [Fact]
    public async Task A_hanging_target_is_reported_as_not_answering_while_the_others_keep_reporting_on_time()
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Sqlite);
        await using var immich = await LoopbackHttpServer.StartAsync(app => app.MapGet("/api/server/ping", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }));
        await using var homepage = await LoopbackHttpServer.StartAsync(app => app.MapGet("/api/healthcheck", () => Results.Text("up")));
        await using var monitor = await MonitorHost.StartAsync(catalog,
            ("Monitor:Targets:immich-server", immich.Url.ToString()),
            ("Monitor:Targets:homepage", homepage.Url.ToString()),
            ("Monitor:Http:Interval", "00:00:01"),
            ("Monitor:Http:Timeout", "00:00:01"));

        var hung = await monitor.WaitForRowAsync(catalog, "immich-server", row => row.Status == ServiceState.Error, "is an error");
        Assert.Equal("no answer within 1 s", hung.Message);

        var since = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(3.5), TestContext.Current.CancellationToken);
        var homepageChecks = (await MonitorHost.ReadHistoryAsync(catalog, "homepage")).Where(h => h.HeartbeatTimestamp >= since).ToList();
        Assert.InRange(homepageChecks.Count, 3, 5);
        Assert.All(homepageChecks, h => Assert.Equal(ServiceState.Ok, h.Status));
        Assert.All(homepageChecks.Zip(homepageChecks.Skip(1)), pair =>
            Assert.True(pair.Second.HeartbeatTimestamp - pair.First.HeartbeatTimestamp < TimeSpan.FromSeconds(1.5),
                $"homepage checked at {pair.First.HeartbeatTimestamp:O} and then only at {pair.Second.HeartbeatTimestamp:O}"));
    }
}
