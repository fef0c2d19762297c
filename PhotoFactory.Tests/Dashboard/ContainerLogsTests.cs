using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Dashboard;
using PhotoFactory.Dashboard.Stack;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;
using TestContext = Xunit.TestContext;

namespace PhotoFactory.Tests.Dashboard;

/// <summary>Container logs through the Docker Engine API, against a fake engine on a Unix socket.</summary>
public sealed class ContainerLogsTests
{
    private const string Markup = "<script>alert('log')</script> served";

    [Fact]
    public async Task A_containers_last_lines_are_read_with_stdout_and_stderr_in_time_order()
    {
        await using var docker = await FakeDockerLogs.StartAsync("immich-server",
            (false, "2026-11-25T10:00:01.000000000Z starting"),
            (false, "2026-11-25T10:00:03.000000000Z ready"),
            (true, "2026-11-25T10:00:02.000000000Z warning: slow disk"));
        var logs = new ContainerLogs(Options.Create(new DashboardOptions { DockerEndpoint = docker.Endpoint }));

        var log = await logs.ReadAsync("immich-server", TestContext.Current.CancellationToken);

        Assert.Null(log.Missing);
        Assert.Equal("immich-server-x1y2", log.Container);
        Assert.Equal(
            ["2026-11-25T10:00:01.000000000Z starting", "2026-11-25T10:00:02.000000000Z warning: slow disk", "2026-11-25T10:00:03.000000000Z ready"],
            log.Lines);
    }

    [Fact]
    public async Task Without_a_docker_socket_the_page_says_so()
    {
        var logs = new ContainerLogs(Options.Create(new DashboardOptions { DockerEndpoint = new Uri("unix:///nonexistent/docker.sock") }));

        var log = await logs.ReadAsync("immich-server", TestContext.Current.CancellationToken);

        Assert.Empty(log.Lines);
        Assert.Equal("No Docker socket at /nonexistent/docker.sock: container logs cannot be read here.", log.Missing);
    }

    [Fact]
    public async Task A_log_line_with_markup_is_shown_as_text()
    {
        await using var docker = await FakeDockerLogs.StartAsync("immich-server", (false, "2026-11-25T10:00:01Z " + Markup));
        await using var catalog = await TestCatalog.CreateEmptyAsync(CatalogProvider.Sqlite);
        await using var context = DashboardComponentContext.Create(catalog, new FakeTimeProvider(DateTimeOffset.UtcNow), catalogueReady: false);
        context.Services.Configure<DashboardOptions>(options => options.DockerEndpoint = docker.Endpoint);
        context.Services.AddSingleton<ContainerLogs>();

        var view = context.Render<ContainerLogView>(parameters => parameters.Add(v => v.Service, "immich-server"));

        await view.WaitForAssertionAsync(() => Assert.Contains(Markup, view.Find("[data-testid='container-log']").TextContent, StringComparison.Ordinal));
        Assert.Empty(view.FindAll("script"));
    }
}
