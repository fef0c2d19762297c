namespace PhotoFactory;

/// <summary>
/// Names of the resources in the AppHost, shared with the services that look them up (this file is linked into the
/// AppHost), and the stack they make up.
/// </summary>
public static class ResourceNames
{
    public const string FactoryDb = "factory-db";
    public const string CatalogDatabase = "photofactory";
    public const string Librarian = "librarian";
    public const string Monitor = "monitor";
    public const string Dashboard = "dashboard";
    public const string Syncthing = "syncthing";
    public const string ImmichServer = "immich-server";
    public const string ImmichMachineLearning = "immich-machine-learning";
    public const string ImmichDatabase = "immich-db";
    public const string ImmichCache = "immich-cache";
    public const string Homepage = "homepage";
    public const string DockerProxy = "docker-proxy";

    /// <summary>How the Monitor's status row of each device paired with Syncthing starts: <c>syncthing/device/{short id}</c>.</summary>
    public const string SyncthingDevicePrefix = Syncthing + "/device/";

    /// <summary>The stack's .NET services.</summary>
    public static readonly IReadOnlyList<string> Projects = [Librarian, Monitor, Dashboard];

    /// <summary>The stack's container services, the catalogue database first: what runs only where containers can.</summary>
    public static readonly IReadOnlyList<string> Containers = [FactoryDb, Syncthing, ImmichServer, ImmichMachineLearning, ImmichDatabase, ImmichCache, Homepage, DockerProxy];

    /// <summary>Every service of the stack in the order of the topology: the catalogue database, the .NET services, the other containers.</summary>
    public static readonly IReadOnlyList<string> Stack = [FactoryDb, .. Projects, .. Containers.Skip(1)];
}
