using PhotoFactory.AppHost.Publishing.Kubernetes;

namespace PhotoFactory.AppHost.Publishing;

/// <summary>
/// A host folder as a deployment sees it: a variable in <c>.env</c> (never this machine's path), an example
/// value laid out like <see cref="HostPaths"/> under <see cref="ExampleRoot"/>, and where the .NET services find
/// it inside their containers. <paramref name="Parameter"/> is the AppHost parameter that hands it to a service.
/// <paramref name="Kubernetes"/> is where it lives in a Kubernetes deployment, which has no host folders.
/// </summary>
public sealed record DeploymentFolder(string Variable, string HostPath, string Example, string? Parameter, string ContainerPath, string Description, KubernetesVolume Kubernetes)
{
    /// <summary>The data root the example <c>.env</c> suggests.</summary>
    public const string ExampleRoot = "/srv/photofactory";

    /// <summary>The AppHost's host folders, each with its deployment variable.</summary>
    public static IReadOnlyList<DeploymentFolder> From(HostFolders folders, string homepageConfig, string factoryDbInit, string syncthingStart)
    {
        var example = HostPaths.Resolve(new PhotoFactoryHostOptions { DataRoot = ExampleRoot }, "/");
        var paths = folders.Paths;
        return
        [
            new("INBOX_PATH", paths.Inbox, example.Inbox, folders.Inbox.Resource.Name, "/data/inbox",
                "Where Syncthing delivers new files and the Librarian picks them up", new SharedFolder("inbox")),
            new("ORIGINALS_PATH", paths.Originals, example.Originals, folders.Originals.Resource.Name, "/data/originals",
                "The filed, immutable originals; Immich shows them read-only as an external library", new SharedFolder("originals")),
            new("QUARANTINE_PATH", paths.Quarantine, example.Quarantine, folders.Quarantine.Resource.Name, "/data/quarantine",
                "Files the Librarian could not file", new SharedFolder("quarantine")),
            new("APP_DATA_PATH", paths.AppData, example.AppData, folders.AppData.Resource.Name, "/data/app",
                "The services' data directory", new SharedFolder("app")),
            new("SYNCTHING_CONFIG_PATH", paths.SyncthingConfig, example.SyncthingConfig, null, "/data/syncthing",
                "Syncthing's configuration and database", new OwnClaim("photofactory-syncthing-config", "1Gi")),
            new("HOMEPAGE_CONFIG_PATH", Path.GetFullPath(homepageConfig), "./homepage", null, "/data/homepage",
                "Homepage's configuration (the homepage folder beside this file)", new ConfigFolder("homepage-config", Executable: false, FileByFile: true)),
            new("FACTORY_DB_INIT_PATH", Path.GetFullPath(factoryDbInit), "./factory-db", null, CatalogueExtensions.InitTarget,
                "The catalogue's init scripts, which make each service's database role (the factory-db folder beside this file)",
                new ConfigFolder("factory-db-init", Executable: true, FileByFile: false)),
            new("SYNCTHING_START_PATH", Path.GetFullPath(syncthingStart), "./syncthing", null, SyncthingExtensions.StartTarget,
                "Syncthing's start script, which locks its GUI before it first listens (the syncthing folder beside this file)",
                new ConfigFolder("syncthing-start", Executable: true, FileByFile: false)),
        ];
    }
}
