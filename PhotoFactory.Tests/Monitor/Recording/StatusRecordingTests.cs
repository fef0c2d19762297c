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
            ("Monitor:Http:Interval", "00:00:02"),
            ("Monitor:Http:Timeout", "00:00:02"),
            ("Monitor:Cache:Interval", "00:00:02"),
            ("Monitor:Cache:Timeout", "00:00:02"),
            ("Monitor:Catalogue:Interval", "00:00:05"));

        // The first check of a cold process on a loaded machine (JIT, first connection) may give up after its timeout,
        // as it should; what is recorded from the first OK on is this test's business.
        await Eventually.HoldsAsync(async () =>
            AfterFirstOk(await MonitorHost.ReadHistoryAsync(catalog, "immich-server")).Count() >= 3 &&
            (await monitor.ReadStatusesAsync(catalog)) is var rows &&
            rows.GetValueOrDefault("immich-cache")?.Status == ServiceState.Ok && rows.GetValueOrDefault("factory-db")?.Status == ServiceState.Ok,
            "three immich-server checks from the first OK on are in the history, and the cache and the catalogue are OK");

        var statuses = await monitor.ReadStatusesAsync(catalog);
        var server = statuses["immich-server"];
        Assert.Equal((ServiceState.Ok, "http"), (server.Status, server.CurrentTask));
        Assert.NotNull(server.LatencyMilliseconds);
        Assert.InRange(server.LastHeartbeat, DateTime.UtcNow.AddSeconds(-10), DateTime.UtcNow.AddSeconds(1));
        Assert.NotNull(server.StatusSince);
        Assert.True(server.StatusSince < server.LastHeartbeat, "status_since stays at the first OK while later checks update last_heartbeat");
        Assert.Equal(200, JsonNode.Parse(server.Details!)!["statusCode"]!.GetValue<int>());
        Assert.Equal((ServiceState.Ok, "redis"), (statuses["immich-cache"].Status, statuses["immich-cache"].CurrentTask));
        Assert.Equal(ServiceState.Ok, statuses["factory-db"].Status);
        Assert.Equal(ServiceState.Ok, statuses["host"].Status);
        Assert.True(statuses.ContainsKey("monitor"), "the Monitor writes its own heartbeat");

        var history = await MonitorHost.ReadHistoryAsync(catalog, "immich-server");
        Assert.All(AfterFirstOk(history), h => Assert.Equal(ServiceState.Ok, h.Status));
        Assert.Equal(history.Count, history.Select(h => h.HeartbeatTimestamp).Distinct().Count());
    }

    private static IEnumerable<ServiceStatusHistory> AfterFirstOk(IEnumerable<ServiceStatusHistory> history) =>
        history.SkipWhile(h => h.Status != ServiceState.Ok);

    [Theory, CatalogProviders]
    public async Task Without_containers_the_undeclared_targets_are_unknown_and_not_deployed_and_the_monitor_stays_healthy(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        // A first catalogue check of a cold process on a loaded machine may give up after its timeout; the next one counts.
        await using var monitor = await MonitorHost.StartAsync(catalog, ("Monitor:Catalogue:Interval", "00:00:05"));

        string[] undeclared = ["syncthing", "immich-server", "immich-machine-learning", "immich-db", "immich-cache", "homepage", "librarian/health", "dashboard/health"];
        await Eventually.HoldsAsync(async () =>
        {
            var rows = await monitor.ReadStatusesAsync(catalog);
            return undeclared.All(rows.ContainsKey) && rows.ContainsKey("containers") && rows.GetValueOrDefault("factory-db")?.Status == ServiceState.Ok;
        }, "every target has a row and the catalogue is OK");

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
            // Long enough that the homepage always answers in time on a loaded machine.
            ("Monitor:Http:Interval", "00:00:02"),
            ("Monitor:Http:Timeout", "00:00:02"));

        var hung = await monitor.WaitForRowAsync(catalog, "immich-server", row => row.Status == ServiceState.Error, "is an error");
        Assert.Equal("no answer within 2 s", hung.Message);

        // Its own next checks keep coming, each giving up after the timeout, and the homepage's keep their own
        // schedule meanwhile: counted against the hanging target's checks, not against the clock.
        var since = DateTime.UtcNow;
        await Eventually.HoldsAsync(async () =>
            (await MonitorHost.ReadHistoryAsync(catalog, "immich-server")).Count(h => h.HeartbeatTimestamp >= since) >= 3 &&
            (await MonitorHost.ReadHistoryAsync(catalog, "homepage")).Count(h => h.HeartbeatTimestamp >= since) >= 3,
            "three more checks of the hanging target and of the homepage are recorded");
        var homepageChecks = (await MonitorHost.ReadHistoryAsync(catalog, "homepage")).Where(h => h.HeartbeatTimestamp >= since).ToList();
        Assert.All(homepageChecks, h => Assert.Equal(ServiceState.Ok, h.Status));
        var hangingChecks = (await MonitorHost.ReadHistoryAsync(catalog, "immich-server")).Where(h => h.HeartbeatTimestamp >= since).ToList();
        Assert.All(hangingChecks, h => Assert.Equal((ServiceState.Error, "no answer within 2 s"), (h.Status, h.Message)));
    }
}
