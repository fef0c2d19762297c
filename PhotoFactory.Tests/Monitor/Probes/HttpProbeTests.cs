using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor.Probes;

public sealed class HttpProbeTests
{
    [Fact]
    public async Task Immichs_ping_answering_pong_is_OK_with_its_latency()
    {
        await using var immich = await LoopbackHttpServer.StartAsync(app => app.MapGet("/api/server/ping", () => Results.Json(new { res = "pong" })));
        // A first request (connection, JIT) on a loaded machine can take seconds; slowness is another test's.
        var probe = Probe(CheckNames.ImmichServer, new Uri(immich.Url, "api/server/ping"), slowAfter: TimeSpan.FromMinutes(1));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal((CheckNames.ImmichServer, ServiceState.Ok), (result.Name, result.Status));
        Assert.Equal(200, result.Details!["statusCode"]!.GetValue<int>());
        Assert.NotNull(result.Latency);
    }

    [Fact]
    public async Task An_error_status_is_an_error_quoting_the_start_of_the_body()
    {
        await using var homepage = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/api/healthcheck", () => Results.Text("Host validation failed", statusCode: 400)));
        var probe = Probe(CheckNames.Homepage, new Uri(homepage.Url, "api/healthcheck"));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Error, result.Status);
        Assert.Contains("HTTP 400", result.Message);
        Assert.Contains("Host validation failed", result.Message);
    }

    [Fact]
    public async Task A_slow_answer_is_a_warning()
    {
        await using var learning = await LoopbackHttpServer.StartAsync(app => app.MapGet("/ping", async () =>
        {
            await Task.Delay(300);
            return Results.Text("pong");
        }));
        var probe = Probe(CheckNames.ImmichMachineLearning, new Uri(learning.Url, "ping"), slowAfter: TimeSpan.FromMilliseconds(100));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Warning, result.Status);
        Assert.Contains("slow", result.Message);
    }

    [Fact]
    public async Task A_refused_connection_is_an_error()
    {
        var probe = Probe(CheckNames.ImmichServer, new Uri($"http://127.0.0.1:{FreePort.Next()}/api/server/ping"));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Error, result.Status);
        Assert.Contains("no answer", result.Message);
    }

    [Fact]
    public async Task A_name_nothing_answers_to_is_an_error_saying_the_service_is_not_running()
    {
        // As on a compose network where immich-server was never started: its name resolves to nothing.
        var probe = Probe(CheckNames.ImmichServer, new Uri("http://immich-server.invalid:2283/api/server/ping"));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Error, result.Status);
        Assert.StartsWith("not running: nothing named immich-server.invalid answers on this network", result.Message);
    }

    private static HttpProbe Probe(string name, Uri url, TimeSpan? slowAfter = null) =>
        new(name, url, new ProbeHttp(), Options.Create(new HttpProbeOptions { SlowAfter = slowAfter ?? TimeSpan.FromSeconds(2) }));
}
