using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor.Probes;

public sealed class RedisProbeTests
{
    [Fact]
    public async Task A_running_cache_answers_PING_with_PONG_and_is_OK()
    {
        await using var redis = await RedisServer.StartAsync();
        var probe = new RedisProbe(new Uri($"tcp://127.0.0.1:{redis.Port}"), Options.Create(new CacheProbeOptions()));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal((CheckNames.ImmichCache, ServiceState.Ok), (result.Name, result.Status));
        Assert.StartsWith("PONG", result.Message);
        Assert.Equal("+PONG", result.Details!["reply"]!.GetValue<string>());
        Assert.NotNull(result.Latency);
    }

    [Fact]
    public async Task A_cache_that_wants_a_password_and_gets_none_is_an_error_saying_so()
    {
        await using var redis = await RedisServer.StartAsync(password: "s3cret");
        var probe = new RedisProbe(new Uri($"tcp://127.0.0.1:{redis.Port}"), Options.Create(new CacheProbeOptions()));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Error, result.Status);
        Assert.Contains("NOAUTH", result.Message);
    }

    [Fact]
    public async Task With_its_password_a_protected_cache_is_OK()
    {
        await using var redis = await RedisServer.StartAsync(password: "s3cret");
        var probe = new RedisProbe(new Uri($"tcp://127.0.0.1:{redis.Port}"), Options.Create(new CacheProbeOptions { Password = "s3cret" }));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Ok, result.Status);
    }

    [Fact]
    public async Task A_stopped_cache_is_an_error_naming_its_address()
    {
        int port;
        await using (var redis = await RedisServer.StartAsync())
        {
            port = redis.Port;
        }

        var probe = new RedisProbe(new Uri($"tcp://127.0.0.1:{port}"), Options.Create(new CacheProbeOptions()));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Error, result.Status);
        Assert.Contains($"127.0.0.1:{port}", result.Message);
    }
}
