using Aspire.Hosting.ApplicationModel;

namespace PhotoFactory.Tests.AppHost;

/// <summary>The three .NET services: catalogue, folders, health and the order they start in.</summary>
public sealed class ServiceTests(FullModel model) : IClassFixture<FullModel>
{
    public static TheoryData<string> Services => ["librarian", "monitor", "dashboard"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_service_reads_the_catalogue_connection_string_as_its_own_role(string service)
    {
        var environment = await model.EnvironmentAsync(model.Project(service));

        Assert.Equal(
            $"Host={{factory-db.bindings.tcp.host}};Port={{factory-db.bindings.tcp.port}};Username={service};Database=photofactory",
            environment["ConnectionStrings__photofactory"]);
        Assert.Equal($"{{{service}-db-password.value}}", environment["PhotoFactory__CatalogPassword"]);
        var server = await model.EnvironmentAsync(model.Resource<PostgresServerResource>("factory-db"));
        Assert.Equal($"{{{service}-db-password.value}}", server[$"{service.ToUpperInvariant()}_DB_PASSWORD"]);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_service_gets_the_app_data_folder(string service)
    {
        var environment = await model.EnvironmentAsync(model.Project(service));

        Assert.Equal("{app-data-path.value}", environment["PhotoFactory__DataDirectory"]);
        Assert.Equal(model.UnderDataRoot("Stack/App_Data"), await model.Resource<ParameterResource>("app-data-path").GetValueAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_is_waited_on_through_its_health_endpoint(string service)
    {
        Assert.NotEmpty(model.Project(service).HealthCheckKeys());
    }

    [Theory]
    [InlineData("PhotoFactory__Inbox", "inbox-path", "Photos_Inbox")]
    [InlineData("PhotoFactory__Originals", "originals-path", "Storage/Originals")]
    [InlineData("PhotoFactory__Quarantine", "quarantine-path", "Storage/Quarantine")]
    public async Task Librarian_gets_the_photo_folders_under_the_data_root(string variable, string parameter, string layout)
    {
        var environment = await model.EnvironmentAsync(model.Project("librarian"));
        var value = await model.Resource<ParameterResource>(parameter).GetValueAsync(TestContext.Current.CancellationToken);

        Assert.Equal($"{{{parameter}.value}}", environment[variable]);
        Assert.Equal(model.UnderDataRoot(layout), value);
    }

    [Fact]
    public void Librarian_waits_for_the_catalogue_server()
    {
        Assert.Contains("factory-db", model.Project("librarian").WaitsFor());
    }

    [Theory]
    [InlineData("monitor")]
    [InlineData("dashboard")]
    public void Monitor_and_dashboard_wait_only_for_the_librarian_to_start_so_they_report_even_when_it_is_unhealthy(string service)
    {
        var wait = Assert.Single(model.Project(service).Annotations.OfType<WaitAnnotation>(), wait => wait.Resource.Name == "librarian");
        Assert.Equal(WaitType.WaitUntilStarted, wait.WaitType);
    }

    [Fact]
    public void Dashboard_is_reachable_on_host_port_8501()
    {
        var http = model.Project("dashboard").Endpoint("http");

        Assert.Equal(8501, http.Port);
        Assert.Equal("http", http.UriScheme);
    }

    [Fact]
    public async Task Monitor_finds_syncthing_by_service_discovery()
    {
        var environment = await model.EnvironmentAsync(model.Project("monitor"));

        Assert.Equal("{syncthing.bindings.http.url}", environment["services__syncthing__http__0"]);
    }
}
