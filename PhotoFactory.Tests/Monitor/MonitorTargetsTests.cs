using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Tests.AppHost;

namespace PhotoFactory.Tests.Monitor;

public sealed class MonitorTargetsTests
{
    [Fact]
    public async Task With_containers_the_AppHost_hands_the_monitor_every_target_it_declares()
    {
        var environment = await MonitorEnvironmentAsync("PhotoFactory:Containers=on");

        Assert.Equal("{immich-server.bindings.http.url}", environment["Monitor__Targets__immich-server"]);
        Assert.Equal("{immich-machine-learning.bindings.http.url}", environment["Monitor__Targets__immich-machine-learning"]);
        Assert.Equal("{immich-db.bindings.tcp.url}", environment["Monitor__Targets__immich-db"]);
        Assert.Equal("{immich-cache.bindings.tcp.url}", environment["Monitor__Targets__immich-cache"]);
        Assert.Equal("{homepage.bindings.http.url}", environment["Monitor__Targets__homepage"]);
        Assert.Equal("{librarian.bindings.http.url}", environment["Monitor__Targets__librarian"]);
        Assert.Equal("{dashboard.bindings.http.url}", environment["Monitor__Targets__dashboard"]);
        Assert.Equal("{syncthing.bindings.http.url}", environment["services__syncthing__http__0"]);
        Assert.Equal("{immich-db-password.value}", environment["Monitor__ImmichDatabase__Password"]);
        Assert.Equal("{inbox-path.value}", environment["Monitor__Host__Volumes__inbox"]);
        Assert.Equal("{originals-path.value}", environment["Monitor__Host__Volumes__originals"]);
        var containers = environment.Where(e => e.Key.StartsWith("Monitor__Containers__Names__", StringComparison.Ordinal)).Select(e => e.Value).Order();
        Assert.Equal(["docker-proxy", "factory-db", "homepage", "immich-cache", "immich-db", "immich-machine-learning", "immich-server", "syncthing"], containers);
        // Container states through the socket proxy, never the socket itself.
        Assert.Equal("{docker-proxy.bindings.tcp.url}", environment["Monitor__Containers__Endpoint"]);
    }

    [Fact]
    public async Task Without_containers_the_monitor_is_told_only_of_the_services_that_run()
    {
        var environment = await MonitorEnvironmentAsync("PhotoFactory:Containers=off");

        var targets = environment.Keys.Where(key => key.StartsWith("Monitor__Targets__", StringComparison.Ordinal)).Order();
        Assert.Equal(["Monitor__Targets__dashboard", "Monitor__Targets__librarian"], targets);
        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("Monitor__Containers__", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Monitor:Targets:immich-db", "tcp://immich-db:5432", "tcp://immich-db:5432/")]
    [InlineData("Monitor:Targets:immich-db", "localhost:5434", "tcp://localhost:5434/")]
    [InlineData("services:immich-db:tcp:0", "tcp://localhost:5434", "tcp://localhost:5434/")]
    [InlineData("services:syncthing:http:0", "http://localhost:8384", "http://localhost:8384/")]
    [InlineData("Monitor:Targets:syncthing", "http://example/syncthing", "http://example/syncthing/")]
    public void A_target_is_read_from_its_setting_or_from_service_discovery(string key, string value, string expected)
    {
        var resource = key.Split(':')[key.StartsWith("services", StringComparison.Ordinal) ? 1 : 2];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        Assert.Equal(new Uri(expected), MonitorTargets.Find(configuration, resource));
    }

    [Fact]
    public void A_target_with_no_address_is_not_deployed()
    {
        Assert.Null(MonitorTargets.Find(new ConfigurationBuilder().Build(), "immich-server"));
    }

    private static async Task<IReadOnlyDictionary<string, string>> MonitorEnvironmentAsync(string containers)
    {
        var dataRoot = Path.Combine(Path.GetTempPath(), $"pf-monitor-model-{Guid.NewGuid():N}");
        await using var app = await AppHostBuilder.BuildModelAsync(containers, $"PhotoFactory:DataRoot={dataRoot}");
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var monitor = Assert.Single(model.Resources, resource => resource.Name == "monitor");
        return await monitor.EnvironmentAsync(app.Services);
    }
}
