using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace PhotoFactory.Tests.AppHost;

/// <summary>
/// PhotoFactory:Containers decides whether the container services are in the model. The runtime is chosen with
/// Aspire's own DcpPublisher:ContainerRuntime, so 'auto' is tested against commands whose answer is known.
/// </summary>
public sealed class ContainerModeTests
{
    [Fact]
    public async Task Containers_off_leaves_every_container_out()
    {
        await using var app = await BuildAsync("PhotoFactory:Containers=off");

        Assert.Empty(Model(app).Resources.OfType<ContainerResource>());
        Assert.DoesNotContain(Model(app).Resources, resource => resource.Name is "photofactory" or "syncthing-api-key" or "immich-db-password");
    }

    [Fact]
    public async Task Containers_off_keeps_the_three_services_on_the_embedded_catalogue()
    {
        await using var app = await BuildAsync("PhotoFactory:Containers=off");

        foreach (var name in new[] { "librarian", "monitor", "dashboard" })
        {
            var service = Assert.Single(Model(app).Resources.OfType<ProjectResource>(), project => project.Name == name);
            var environment = await service.EnvironmentAsync(app.Services);
            Assert.DoesNotContain("ConnectionStrings__photofactory", environment.Keys);
            Assert.Equal("{app-data-path.value}", environment["PhotoFactory__DataDirectory"]);
            Assert.DoesNotContain(service.WaitsFor(), wait => wait is not "librarian");
        }
    }

    [Fact]
    public async Task Immich_and_homepage_can_be_left_out_where_their_images_are_missing_and_the_monitor_then_reports_them_not_deployed()
    {
        await using var app = await BuildAsync("PhotoFactory:Containers=on", "PhotoFactory:Immich=false", "PhotoFactory:Homepage=false");

        Assert.Equal(["docker-proxy", "factory-db", "syncthing"], Model(app).Resources.OfType<ContainerResource>().Select(container => container.Name).Order());
        var monitor = await Assert.Single(Model(app).Resources.OfType<ProjectResource>(), project => project.Name == "monitor").EnvironmentAsync(app.Services);
        Assert.DoesNotContain(monitor.Keys, key => key.Contains("immich", StringComparison.Ordinal) || key.Contains("homepage", StringComparison.Ordinal));
        Assert.Contains("ConnectionStrings__photofactory", monitor.Keys);
    }

    [Fact]
    public async Task Auto_leaves_containers_out_when_the_runtime_does_not_answer()
    {
        // 'false info' exits 1, as 'docker info' does when no daemon is running.
        await using var app = await BuildAsync("PhotoFactory:Containers=auto", "DcpPublisher:ContainerRuntime=false");

        Assert.Empty(Model(app).Resources.OfType<ContainerResource>());
    }

    [Fact]
    public async Task Auto_leaves_containers_out_when_no_runtime_is_installed()
    {
        await using var app = await BuildAsync("PhotoFactory:Containers=auto", $"DcpPublisher:ContainerRuntime=pf-no-runtime-{Guid.NewGuid():N}");

        Assert.Empty(Model(app).Resources.OfType<ContainerResource>());
    }

    [Fact]
    public async Task Auto_adds_the_containers_when_the_runtime_answers()
    {
        // 'true info' exits 0, as 'docker info' does when the daemon answers.
        await using var app = await BuildAsync("PhotoFactory:Containers=auto", "DcpPublisher:ContainerRuntime=true");

        Assert.Equal(8, Model(app).Resources.OfType<ContainerResource>().Count());
    }

    /// <summary>Builds (never starts) the AppHost; the data root is a path that is never created.</summary>
    private static Task<BuiltModel> BuildAsync(params string[] args) =>
        AppHostBuilder.BuildModelAsync([.. args, $"PhotoFactory:DataRoot={Path.Combine(Path.GetTempPath(), $"pf-apphost-mode-{Guid.NewGuid():N}")}"]);

    private static DistributedApplicationModel Model(BuiltModel app) => app.Model;
}
