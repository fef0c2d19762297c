namespace PhotoFactory;

/// <summary>
/// The settings the AppHost hands to the services, each named once here. This file is linked into the AppHost,
/// which writes them as environment variables (<see cref="Environment"/>); the services bind the same names from
/// their configuration. <c>HostContractTests</c> walks the AppHost's model and fails on a setting a service does
/// not read.
/// </summary>
public static class HostContract
{
    /// <summary>The section of the settings every service shares: the host folders and the data directory.</summary>
    public const string Section = "PhotoFactory";

    /// <summary>The inbox the Librarian files from.</summary>
    public const string Inbox = $"{Section}:Inbox";

    /// <summary>The originals the Librarian files into.</summary>
    public const string Originals = $"{Section}:Originals";

    /// <summary>Where the Librarian moves what it cannot file.</summary>
    public const string Quarantine = $"{Section}:Quarantine";

    /// <summary>The application data directory; without PostgreSQL the embedded catalogue lives in it.</summary>
    public const string DataDirectory = $"{Section}:DataDirectory";

    /// <summary>The name of the catalogue's connection string: its database resource's name.</summary>
    public const string CatalogConnection = ResourceNames.CatalogDatabase;

    /// <summary>
    /// The password of the service's catalogue role, apart from the connection string so that a deployment can hand it
    /// over as a file (<c>PhotoFactory__CatalogPassword_FILE</c>, <see cref="SecretFiles"/>).
    /// </summary>
    public const string CatalogPassword = $"{Section}:CatalogPassword";

    /// <summary>The Monitor's address of each target, by resource name: <c>Monitor:Targets:{resource}</c>.</summary>
    public const string MonitorTargets = "Monitor:Targets";

    /// <summary>The Monitor's container check; the AppHost fills in the container names (<c>Names:{i}</c>).</summary>
    public const string MonitorContainers = "Monitor:Containers";

    /// <summary>The container names the Monitor expects to find.</summary>
    public const string MonitorContainerNames = $"{MonitorContainers}:Names";

    /// <summary>The Docker Engine API the Monitor asks for container states (the socket proxy's address).</summary>
    public const string MonitorContainersEndpoint = $"{MonitorContainers}:Endpoint";

    /// <summary>The Docker Engine API the Dashboard reads container logs from (the socket proxy's address).</summary>
    public const string DashboardDockerEndpoint = "Dashboard:DockerEndpoint";

    /// <summary>The Monitor's log-in check of Immich's database.</summary>
    public const string MonitorImmichDatabase = "Monitor:ImmichDatabase";

    /// <summary>The password of Immich's database, for the Monitor's log-in check.</summary>
    public const string MonitorImmichDatabasePassword = $"{MonitorImmichDatabase}:Password";

    /// <summary>The Monitor's Immich library: provisioning it, asking it to scan, linking filed photos to Immich's assets.</summary>
    public const string MonitorImmich = "Monitor:Immich";

    /// <summary>The Immich API key the Monitor uses (optional: without it Immich is not told about new photos).</summary>
    public const string MonitorImmichApiKey = $"{MonitorImmich}:ApiKey";

    /// <summary>Immich's address as browsers reach it, for the Dashboard's links to a photo in Immich.</summary>
    public const string DashboardImmichUrl = "Dashboard:ImmichUrl";

    /// <summary>The Monitor's host check.</summary>
    public const string MonitorHost = "Monitor:Host";

    /// <summary>The folders whose free space the Monitor measures, by name: <c>Monitor:Host:Volumes:{name}</c>.</summary>
    public const string MonitorHostVolumes = $"{MonitorHost}:Volumes";

    /// <summary>The Monitor's Syncthing check.</summary>
    public const string MonitorSyncthing = "Monitor:Syncthing";

    /// <summary>Syncthing's API key, for the Monitor's Syncthing check.</summary>
    public const string MonitorSyncthingApiKey = $"{MonitorSyncthing}:ApiKey";

    /// <summary>The user name the Monitor keeps Syncthing's GUI locked with.</summary>
    public const string MonitorSyncthingGuiUser = $"{MonitorSyncthing}:GuiUser";

    /// <summary>The password the Monitor keeps Syncthing's GUI locked with (Syncthing stores only its bcrypt hash).</summary>
    public const string MonitorSyncthingGuiPassword = $"{MonitorSyncthing}:GuiPassword";

    /// <summary>The Dashboard's sign-in settings.</summary>
    public const string DashboardAccess = "Dashboard:Access";

    /// <summary>The hash of the Dashboard's sign-in password (never the password).</summary>
    public const string DashboardPasswordHash = $"{DashboardAccess}:PasswordHash";

    /// <summary>The key Homepage's widget sends to the Dashboard's <c>/api/summary</c>.</summary>
    public const string DashboardApiKey = $"{DashboardAccess}:ApiKey";

    /// <summary>The reverse proxies whose forwarded headers the Dashboard believes.</summary>
    public const string DashboardTrustedProxies = $"{DashboardAccess}:TrustedProxies";

    /// <summary>The Host headers a service answers (ASP.NET Core's host filtering).</summary>
    public const string AllowedHosts = "AllowedHosts";

    /// <summary>A key below another: <c>Key(MonitorTargets, "librarian")</c> is <c>Monitor:Targets:librarian</c>.</summary>
    public static string Key(string parent, string child) => $"{parent}:{child}";

    /// <summary>
    /// A setting's value in a file: the setting <c>NAME_FILE</c> names the file that holds <c>NAME</c> (Compose secrets;
    /// the services read them through <c>SecretFiles</c>).
    /// </summary>
    public const string FileSuffix = "_FILE";

    /// <summary>The environment variable that sets the configuration key <paramref name="key"/>: <c>PhotoFactory__Inbox</c>.</summary>
    public static string Environment(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
