using PhotoFactory;
using PhotoFactory.AppHost;
using PhotoFactory.AppHost.Publishing;
using PhotoFactory.AppHost.Publishing.Kubernetes;

var builder = DistributedApplication.CreateBuilder(args);

var options = PhotoFactoryHostOptions.From(builder.Configuration);
var folders = builder.AddHostFolders(options);
var containers = ContainerSupport.Decide(builder, options.Containers);
containers.ReportAtStart(builder);

// Infrastructure: the catalogue database and file sync from devices. Without containers (none can run here,
// or PhotoFactory:Containers=off) the services keep the embedded SQLite catalogue in App_Data.
Catalogue? catalogue = null;
SyncthingExtensions.SyncthingAccess? syncthingAccess = null;
IResourceBuilder<ContainerResource>? syncthing = null;
IResourceBuilder<ContainerResource>? dockerProxy = null;
if (containers.Enabled)
{
    catalogue = builder.AddCatalogueDatabase();
    syncthingAccess = builder.AddSyncthingAccess();
    syncthing = builder.AddSyncthing(folders.Paths, syncthingAccess);
    // The one container with the Docker socket; the others ask it, read-only.
    dockerProxy = builder.AddDockerProxy();
}

// Services
var librarian = builder.AddProject<Projects.PhotoFactory_Librarian>(ResourceNames.Librarian)
    .WithCatalogue(catalogue)
    .WithPhotoFolders(folders)
    .WithHttpHealthCheck(HealthEndpoints.Health);

var monitor = builder.AddProject<Projects.PhotoFactory_Monitor>(ResourceNames.Monitor)
    .WithCatalogue(catalogue)
    .WithAppData(folders)
    .WithSyncthing(syncthing, syncthingAccess)
    .WithDockerProxy(dockerProxy, HostContract.MonitorContainersEndpoint)
    .WithHttpHealthCheck(HealthEndpoints.Health)
    // Started, not healthy: they wait for the Librarian's catalogue migrations themselves, and when the Librarian is
    // unhealthy they are what shows the user why.
    .WaitForStart(librarian);

// Front ends
var dashboardApiKey = builder.AddDashboardApiKey();
var dashboard = builder.AddProject<Projects.PhotoFactory_Dashboard>(ResourceNames.Dashboard)
    .WithEndpoint("http", endpoint =>
    {
        endpoint.Port = 8501;
        endpoint.IsExternal = true;
    })
    .WithCatalogue(catalogue)
    .WithAppData(folders)
    // Pictures for the pages are made from the originals, read-only, and cached in its data directory.
    .WithReadOnlyFolder(HostContract.Environment(HostContract.Originals), folders.Originals)
    .WithSignIn(dashboardApiKey)
    .WithHttpHealthCheck(HealthEndpoints.Health)
    // Container logs on the service pages, through the socket proxy.
    .WithDockerProxy(dockerProxy, HostContract.DashboardDockerEndpoint)
    .WaitForStart(librarian);

// A machine without Immich's or Homepage's images leaves them out (PhotoFactory:Immich, PhotoFactory:Homepage); a
// deployment always has them.
var publishing = builder.ExecutionContext.IsPublishMode;
// One Immich key (optional: made in Immich once it runs) for the Monitor's library upkeep and Homepage's widget.
var immichApiKey = containers.Enabled ? builder.AddImmichApiKey().OptionalInDeployment() : null;
var publicHost = containers.Enabled ? builder.AddPublicHost() : null;
if (containers.Enabled && (options.Immich || publishing))
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
    // The Monitor keeps Immich's library over the originals and asks it to scan new photos; the Dashboard links to them.
    monitor.WithImmichLibrary(immichApiKey!);
    dashboard.WithImmichLink(publicHost!);
}

if (containers.Enabled)
{
    dashboard.WithAllowedHosts(publicHost!);
    if (options.Homepage || publishing)
    {
        builder.AddHomepage()
            .WithPublicHost(publicHost!)
            .WithImmichKey(immichApiKey!)
            .WithDashboardApiKey(dashboardApiKey)
            .WithHomepageLink("DASHBOARD_URL", dashboard)
            .WithHomepageLink("LIBRARIAN_URL", librarian)
            .WithHomepageLink("MONITOR_URL", monitor);
    }
}

// The Monitor watches whatever was declared above; what is not (no containers here) it reports as not deployed.
monitor.WithMonitorTargets(folders);

// Production: --publisher compose writes deploy/docker-compose.yml from this model, --publisher kubernetes the
// manifests in deploy/kubernetes (docs/deploy.md).
var deploymentFolders = builder.AddComposePublishing(folders);
builder.AddKubernetesPublishing(deploymentFolders);

builder.Build().Run();
