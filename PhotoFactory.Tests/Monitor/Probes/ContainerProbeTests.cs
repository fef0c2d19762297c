using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor.Probes;

/// <summary>Docker.DotNet against a Docker Engine API served on a Unix socket (no daemon runs here).</summary>
public sealed class ContainerProbeTests
{
    [Fact]
    public async Task A_running_healthy_container_is_OK_with_its_state_restarts_and_start_time()
    {
        await using var docker = await FakeDockerEngine.StartAsync(
            new FakeContainer("a1", "immich-server", "running") { Health = "healthy", RestartCount = 2 });
        var probe = Probe(docker, "immich-server");

        var results = await probe.CheckAsync(TestContext.Current.CancellationToken);

        var engine = Assert.Single(results, r => r.Name == CheckNames.Containers);
        Assert.Equal(ServiceState.Ok, engine.Status);
        Assert.Contains("1 of 1 containers running", engine.Message);
        var container = Assert.Single(results, r => r.Name == "container/immich-server");
        Assert.Equal(ServiceState.Ok, container.Status);
        Assert.Equal("running, healthy, 2 restart(s)", container.Message);
        Assert.Equal("running", container.Details!["state"]!.GetValue<string>());
        Assert.Equal("healthy", container.Details["health"]!.GetValue<string>());
        Assert.Equal(2, container.Details["restartCount"]!.GetValue<long>());
        Assert.Equal("2026-11-25T08:00:00.0000000Z", container.Details["startedAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_exited_container_is_an_error_with_its_exit_code()
    {
        await using var docker = await FakeDockerEngine.StartAsync(new FakeContainer("b2", "immich-machine-learning", "exited") { ExitCode = 137 });

        var result = Assert.Single(await Probe(docker, "immich-machine-learning").CheckAsync(TestContext.Current.CancellationToken),
            r => r.Name == "container/immich-machine-learning");

        Assert.Equal(ServiceState.Error, result.Status);
        Assert.Equal("exited with exit code 137", result.Message);
        Assert.Equal(137, result.Details!["exitCode"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_unhealthy_container_is_an_error_and_a_restarting_one_a_warning()
    {
        await using var docker = await FakeDockerEngine.StartAsync(
            new FakeContainer("c3", "immich-db", "running") { Health = "unhealthy" },
            new FakeContainer("d4", "immich-cache", "restarting") { RestartCount = 5, ExitCode = 1 });

        var results = await Probe(docker, "immich-db", "immich-cache").CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ServiceState.Error, Assert.Single(results, r => r.Name == "container/immich-db").Status);
        var cache = Assert.Single(results, r => r.Name == "container/immich-cache");
        Assert.Equal(ServiceState.Warning, cache.Status);
        Assert.Contains("5 restart(s)", cache.Message);
    }

    [Fact]
    public async Task Containers_are_found_by_compose_service_label_or_by_the_suffix_Aspire_adds()
    {
        await using var docker = await FakeDockerEngine.StartAsync(
            new FakeContainer("e5", "photofactory-homepage-1", "running") { Labels = new() { ["com.docker.compose.service"] = "homepage" } },
            new FakeContainer("f6", "syncthing-xkcdabcd", "running"));

        var results = await Probe(docker, "homepage", "syncthing").CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal("photofactory-homepage-1", Assert.Single(results, r => r.Name == "container/homepage").Details!["container"]!.GetValue<string>());
        Assert.Equal("syncthing-xkcdabcd", Assert.Single(results, r => r.Name == "container/syncthing").Details!["container"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_expected_container_that_is_gone_is_an_error()
    {
        await using var docker = await FakeDockerEngine.StartAsync();

        var result = Assert.Single(await Probe(docker, "homepage").CheckAsync(TestContext.Current.CancellationToken),
            r => r.Name == "container/homepage");

        Assert.Equal(ServiceState.Error, result.Status);
        Assert.Contains("not running: no such container", result.Message);
    }

    [Fact]
    public async Task Without_a_Docker_socket_the_probe_says_not_available_once_and_then_stays_quiet()
    {
        using var directory = new TempDirectory("no-docker");
        var probe = new ContainerProbe(Options.Create(new ContainerProbeOptions
        {
            Endpoint = new Uri($"unix://{directory.Combine("docker.sock")}"),
            Names = ["immich-server"],
        }));

        var first = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));
        var second = await probe.CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal((CheckNames.Containers, ServiceState.Unknown), (first.Name, first.Status));
        Assert.StartsWith("not available", first.Message);
        Assert.Empty(second);
    }

    private static ContainerProbe Probe(FakeDockerEngine docker, params string[] names) =>
        new(Options.Create(new ContainerProbeOptions { Endpoint = docker.Endpoint, Names = [.. names] }));
}
