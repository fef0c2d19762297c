using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor.Alerts;

public sealed class StatusChangeTests
{
    [Fact]
    public async Task A_change_to_ERROR_and_back_to_OK_calls_the_webhook_once_each_and_logs_each_change_once()
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Sqlite);
        var failing = false;
        await using var immich = await LoopbackHttpServer.StartAsync(app => app.MapGet("/api/server/ping", () =>
            Volatile.Read(ref failing) ? Results.Text("database unavailable", statusCode: 503) : Results.Json(new { res = "pong" })));
        var calls = new ConcurrentQueue<(string Body, string? Title)>();
        await using var ntfy = await LoopbackHttpServer.StartAsync(app => app.MapPost("/photo-factory", async (HttpRequest request) =>
        {
            calls.Enqueue((await new StreamReader(request.Body).ReadToEndAsync(), request.Headers["Title"].FirstOrDefault()));
            return Results.Ok();
        }));
        await using var monitor = await MonitorHost.StartAsync(catalog,
            ("Monitor:Targets:immich-server", immich.Url.ToString()),
            // Long enough that a loaded machine never turns an answer into "no answer": the only changes are this test's.
            ("Monitor:Http:Interval", "00:00:02"),
            ("Monitor:Http:Timeout", "00:00:02"),
            ("Monitor:Webhook:Url", new Uri(ntfy.Url, "photo-factory").ToString()));
        await monitor.WaitForRowAsync(catalog, "immich-server", row => row.Status == ServiceState.Ok, "is OK");
        // A first check slowed by a cold start may still have timed out; its pair of calls is not this test's business.
        if ((await MonitorHost.ReadHistoryAsync(catalog, "immich-server")).Any(h => h.Status == ServiceState.Error))
        {
            await Eventually.HoldsAsync(() => calls.Count >= 2, "the cold start's error and recovery are sent");
        }

        calls.Clear();
        var logsBefore = monitor.Logs.Entries.Count;

        Volatile.Write(ref failing, true);
        await Eventually.HoldsAsync(() => !calls.IsEmpty, "the webhook is called for the error");
        await WaitForChecksAsync(catalog, ServiceState.Error, 3);
        Volatile.Write(ref failing, false);
        await Eventually.HoldsAsync(() => calls.Count >= 2, "the webhook is called for the recovery");
        await WaitForChecksAsync(catalog, ServiceState.Ok, 2);

        Assert.Collection(calls,
            error =>
            {
                Assert.Equal("immich-server is ERROR: HTTP 503 from " + new Uri(immich.Url, "api/server/ping") + ": database unavailable", error.Body);
                Assert.Equal("Photo Factory: immich-server failing", error.Title);
            },
            recovery => Assert.StartsWith("immich-server is OK again", recovery.Body));
        var changes = monitor.Logs.Entries.Skip(logsBefore).Where(e => e.Message.StartsWith("immich-server went from", StringComparison.Ordinal)).ToList();
        Assert.Collection(changes,
            worse => Assert.Equal((LogLevel.Warning, true), (worse.Level, worse.Message.StartsWith("immich-server went from Ok to Error", StringComparison.Ordinal))),
            better => Assert.Equal((LogLevel.Information, true), (better.Level, better.Message.StartsWith("immich-server went from Error to Ok", StringComparison.Ordinal))));
        Assert.True((await MonitorHost.ReadHistoryAsync(catalog, "immich-server")).Count(h => h.Status == ServiceState.Error) >= 3,
            "every failing check is in the history, though only the change was logged");
    }

    /// <summary>Waits for <paramref name="count"/> more checks of immich-server in <paramref name="state"/>, in a row, after any others.</summary>
    private static Task WaitForChecksAsync(TestCatalog catalog, ServiceState state, int count) =>
        Eventually.HoldsAsync(async () =>
            (await MonitorHost.ReadHistoryAsync(catalog, "immich-server")).AsEnumerable().Reverse().TakeWhile(h => h.Status == state).Count() >= count,
            $"{count} checks in a row say {state}");

    [Fact]
    public async Task The_webhook_can_post_the_change_as_JSON()
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Sqlite);
        var bodies = new ConcurrentQueue<string>();
        await using var hook = await LoopbackHttpServer.StartAsync(app => app.MapPost("/hook", async (HttpRequest request) =>
        {
            bodies.Enqueue(await new StreamReader(request.Body).ReadToEndAsync());
            return Results.NoContent();
        }));
        await using var monitor = await MonitorHost.StartAsync(catalog,
            ("Monitor:Targets:immich-machine-learning", $"http://127.0.0.1:{FreePort.Next()}"),
            ("Monitor:Webhook:Url", new Uri(hook.Url, "hook").ToString()),
            ("Monitor:Webhook:Format", "Json"));

        await Eventually.HoldsAsync(() => !bodies.IsEmpty, "the webhook is called");

        var alert = JsonNode.Parse(Assert.Single(bodies))!;
        Assert.Equal("immich-machine-learning", alert["service"]!.GetValue<string>());
        Assert.Equal("ERROR", alert["status"]!.GetValue<string>());
        Assert.Contains("no answer", alert["message"]!.GetValue<string>());
    }
}
