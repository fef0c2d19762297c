using Aspire.Hosting.ApplicationModel;
using PhotoFactory.AppHost;

namespace PhotoFactory.Tests.AppHost;

/// <summary>Homepage, the start page that links every service.</summary>
public sealed class HomepageTests(FullModel model) : IClassFixture<FullModel>
{
    private ContainerResource Homepage => model.Container("homepage");

    [Fact]
    public void Homepage_runs_the_pinned_image_on_a_fixed_port_3000()
    {
        var http = Homepage.Endpoint("http");

        Assert.Equal("ghcr.io/gethomepage/homepage:v1.12.3", Homepage.Image());
        Assert.Equal((3000, 3000), (http.Port, http.TargetPort));
    }

    [Fact]
    public async Task Homepage_accepts_the_host_names_a_browser_here_uses()
    {
        var environment = await model.EnvironmentAsync(Homepage);
        var publicHost = await model.Resource<ParameterResource>("public-host").GetValueAsync(TestContext.Current.CancellationToken);

        Assert.Equal("{public-host.value}:3000,homepage:3000,localhost:3000,127.0.0.1:3000", environment["HOMEPAGE_ALLOWED_HOSTS"]);
        Assert.Equal("localhost", publicHost);
    }

    [Fact]
    public void Homepage_reads_its_configuration_from_the_folder_in_the_repository()
    {
        var config = Homepage.MountAt("/app/config");

        Assert.Equal(ContainerMountType.BindMount, config.Type);
        Assert.Equal(Path.Combine(AppHostBuilder.RepositoryRoot, "PhotoFactory.AppHost", "homepage"), config.Source);
        Assert.True(File.Exists(Path.Combine(config.Source!, "services.yaml")));
    }

    [Fact]
    public void Homepage_asks_the_socket_proxy_for_container_status_and_holds_no_socket()
    {
        var proxy = model.Container("docker-proxy");

        Assert.DoesNotContain(Homepage.Annotations.OfType<ContainerMountAnnotation>(), mount => mount.Target.EndsWith("docker.sock", StringComparison.Ordinal));
        Assert.Empty(Homepage.Annotations.OfType<DockerSocketAnnotation>());
        var socket = proxy.MountAt("/var/run/docker.sock");
        Assert.Equal(ContainerMountType.BindMount, socket.Type);
        Assert.True(socket.IsReadOnly);
        Assert.True(Assert.Single(proxy.Annotations.OfType<DockerSocketAnnotation>()).IsReadOnly);
        var docker = File.ReadAllText(Path.Combine(AppHostBuilder.RepositoryRoot, "PhotoFactory.AppHost", "homepage", "docker.yaml"));
        Assert.Contains("host: docker-proxy", docker, StringComparison.Ordinal);
        Assert.Contains("port: 2375", docker, StringComparison.Ordinal);
    }

    [Fact]
    public void Homepage_lists_every_service_of_the_system()
    {
        var services = File.ReadAllText(Path.Combine(AppHostBuilder.RepositoryRoot, "PhotoFactory.AppHost", "homepage", "services.yaml"));

        foreach (var expected in new[]
        {
            "Dashboard:", "Librarian:", "Monitor:", "Catalogue database:", "Immich:", "Immich machine learning:",
            "Immich database:", "Immich cache:", "Syncthing:",
        })
        {
            Assert.Contains(expected, services);
        }

        Assert.Contains("href: http://{{HOMEPAGE_VAR_PUBLIC_HOST}}:8501", services);
        Assert.Contains("siteMonitor: http://immich-server:2283/api/server/ping", services);
        Assert.Contains("siteMonitor: http://syncthing:8384/rest/noauth/health", services);
    }

    [Fact]
    public async Task Homepage_monitors_the_services_at_the_addresses_the_apphost_gives_it()
    {
        var environment = await model.EnvironmentAsync(Homepage);
        var services = File.ReadAllText(Path.Combine(AppHostBuilder.RepositoryRoot, "PhotoFactory.AppHost", "homepage", "services.yaml"));

        foreach (var (variable, project) in new[]
        {
            ("DASHBOARD_URL", "dashboard"),
            ("LIBRARIAN_URL", "librarian"),
            ("MONITOR_URL", "monitor"),
        })
        {
            Assert.Equal($"{{{project}.bindings.http.url}}", environment[$"HOMEPAGE_VAR_{variable}"]);
            Assert.Contains($"{{{{HOMEPAGE_VAR_{variable}}}}}/health", services);
        }
    }
}
