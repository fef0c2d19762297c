using PhotoFactory;
using PhotoFactory.AppHost;
using PhotoFactory.AppHost.Publishing;

var builder = DistributedApplication.CreateBuilder(args);

var options = PhotoFactoryHostOptions.From(builder.Configuration);
var folders = builder.AddHostFolders(options);
var containers = ContainerSupport.Decide(builder, options.Containers);
containers.ReportAtStart(builder);

// Infrastructure: the catalogue database and file sync from devices. Without containers (none can run here,
// or PhotoFactory:Containers=off) the services keep the embedded SQLite catalogue in App_Data.
IResourceBuilder<PostgresDatabaseResource>? catalogue = null;
IResourceBuilder<ParameterResource>? syncthingApiKey = null;
IResourceBuilder<ContainerResource>? syncthing = null;
if (containers.Enabled)
{
    catalogue = builder.AddCatalogueDatabase();
    syncthingApiKey = builder.AddGeneratedSecret("syncthing-api-key");
    syncthing = builder.AddSyncthing(folders.Paths, syncthingApiKey);
}

// Services
var librarian = builder.AddProject<Projects.PhotoFactory_Librarian>(ResourceNames.Librarian)
    .WithCatalogue(catalogue)
    .WithPhotoFolders(folders)
    .WithHttpHealthCheck(HealthEndpoints.Health);

var monitor = builder.AddProject<Projects.PhotoFactory_Monitor>(ResourceNames.Monitor)
    .WithCatalogue(catalogue)
    .WithAppData(folders)
    .WithSyncthing(syncthing, syncthingApiKey)
    .WithHttpHealthCheck(HealthEndpoints.Health)
    .WaitFor(librarian); // the Librarian applies the catalogue migrations

// Front ends
var dashboardApiKey = builder.AddDashboardApiKey();
var dashboard = builder.AddProject<Projects.PhotoFactory_Dashboard>(ResourceNames.Dashboard)
    .WithEndpoint("http", endpoint => endpoint.Port = 8501)
    .WithCatalogue(catalogue)
    .WithAppData(folders)
    .WithSignIn(dashboardApiKey)
    .WithHttpHealthCheck(HealthEndpoints.Health)
    .WaitFor(librarian);

if (containers.Enabled)
{
    var immichDbPassword = builder.AddGeneratedSecret("immich-db-password");
    var immichDb = builder.AddImmichDatabase(immichDbPassword);
    var immichCache = builder.AddImmichCache();
    var immichMachineLearning = builder.AddImmichMachineLearning()
        .WithGpu(options);

    builder.AddImmichServer(folders.Paths)
        .WithImmichDatabase(immichDb, immichDbPassword)
        .WithImmichCache(immichCache)
        .WithMachineLearning(immichMachineLearning)
        .WithGpu(options);

    var publicHost = builder.AddPublicHost();
    dashboard.WithAllowedHosts(publicHost);
    builder.AddHomepage()
        .WithPublicHost(publicHost)
        .WithImmichKey(builder.AddImmichApiKey().OptionalInDeployment())
        .WithDashboardApiKey(dashboardApiKey)
        .WithHomepageLink("DASHBOARD_URL", dashboard)
        .WithHomepageLink("LIBRARIAN_URL", librarian)
        .WithHomepageLink("MONITOR_URL", monitor);
}

// The Monitor watches whatever was declared above; what is not (no containers here) it reports as not deployed.
monitor.WithMonitorTargets(folders);

// Production: --publisher compose writes deploy/docker-compose.yml from this model (docs/deploy.md).
builder.AddComposePublishing(folders);

builder.Build().Run();
