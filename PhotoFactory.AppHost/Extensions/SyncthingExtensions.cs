using System.Net.Sockets;

namespace PhotoFactory.AppHost;

public static class SyncthingExtensions
{
    public const int GuiPort = 8384;
    public const int SyncPort = 22000;
    public const int DiscoveryPort = 21027;

    /// <summary>Syncthing's default folder; the inbox is mounted there, so what devices share lands in the inbox.</summary>
    public const string SyncFolder = "/var/syncthing/Sync";

    /// <summary>
    /// Syncthing, delivering files from devices into the inbox. The REST key is set through STGUIAPIKEY, which
    /// Syncthing accepts beside the key in its own config, so the monitor can call it without reading that file.
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddSyncthing(this IDistributedApplicationBuilder builder, HostPaths paths, IResourceBuilder<ParameterResource> apiKey) =>
        builder.AddContainer(ResourceNames.Syncthing, "syncthing/syncthing", "1.27")
            .WithHttpEndpoint(port: GuiPort, targetPort: GuiPort)
            .WithExternalHttpEndpoints()
            // Peer traffic is not proxied: devices connect to these ports directly, and UDP cannot be proxied.
            .WithEndpoint(port: SyncPort, targetPort: SyncPort, scheme: "tcp", name: "sync-tcp", isProxied: false, isExternal: true)
            .WithEndpoint(port: SyncPort, targetPort: SyncPort, scheme: "udp", name: "sync-udp", isProxied: false, isExternal: true, protocol: ProtocolType.Udp)
            .WithEndpoint(port: DiscoveryPort, targetPort: DiscoveryPort, scheme: "udp", name: "discovery", isProxied: false, isExternal: true, protocol: ProtocolType.Udp)
            .WithBindMount(paths.SyncthingConfig, "/var/syncthing/config")
            .WithBindMount(paths.Inbox, SyncFolder)
            .WithEnvironment("STGUIAPIKEY", apiKey)
            .WithHttpHealthCheck("/rest/noauth/health");

    /// <summary>
    /// Lets the monitor call Syncthing's REST API: its address by service discovery (<c>http://syncthing</c>) and
    /// the key as <c>Monitor__Syncthing__ApiKey</c>, i.e. the <c>Monitor:Syncthing:ApiKey</c> setting.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSyncthing(this IResourceBuilder<ProjectResource> project, IResourceBuilder<ContainerResource>? syncthing, IResourceBuilder<ParameterResource>? apiKey) =>
        syncthing is null || apiKey is null
            ? project
            : project.WithReference(syncthing.GetEndpoint("http")).WithEnvironment(HostContract.Environment(HostContract.MonitorSyncthingApiKey), apiKey);
}
