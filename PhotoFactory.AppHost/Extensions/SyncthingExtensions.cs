using System.Net.Sockets;
using PhotoFactory.AppHost.Publishing;

namespace PhotoFactory.AppHost;

public static class SyncthingExtensions
{
    public const int GuiPort = 8384;
    public const int SyncPort = 22000;
    public const int DiscoveryPort = 21027;

    /// <summary>Syncthing's default folder; the inbox is mounted there, so what devices share lands in the inbox.</summary>
    public const string SyncFolder = "/var/syncthing/Sync";

    /// <summary>
    /// The start script beside this AppHost (<c>syncthing/start.sh</c>), which locks the GUI before Syncthing first
    /// listens; the compose publisher copies it beside the compose file.
    /// </summary>
    public const string StartFolder = "syncthing";

    /// <summary>Where the container finds the start script's folder.</summary>
    public const string StartTarget = "/photofactory";

    /// <summary>The GUI's user and password as the start script reads them (the password also from <c>_FILE</c>).</summary>
    public const string GuiUserVariable = "SYNCTHING_GUI_USER";
    public const string GuiPasswordVariable = "SYNCTHING_GUI_PASSWORD";

    /// <summary>
    /// Syncthing, delivering files from devices into the inbox. The REST key is set through STGUIAPIKEY, which
    /// Syncthing accepts beside the key in its own config, so the monitor can call it without reading that file.
    /// It starts through <c>syncthing/start.sh</c>, which locks the GUI with the factory's user and password first: the
    /// GUI is never open, not even on the very first start.
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddSyncthing(this IDistributedApplicationBuilder builder, HostPaths paths, SyncthingAccess access) =>
        builder.AddContainer(ResourceNames.Syncthing, "syncthing/syncthing", "1.27")
            .WithEntrypoint("/bin/sh")
            .WithArgs($"{StartTarget}/start.sh")
            .WithHttpEndpoint(port: GuiPort, targetPort: GuiPort)
            .WithExternalHttpEndpoints()
            // Peer traffic is not proxied: devices connect to these ports directly, and UDP cannot be proxied.
            .WithEndpoint(port: SyncPort, targetPort: SyncPort, scheme: "tcp", name: "sync-tcp", isProxied: false, isExternal: true)
            .WithEndpoint(port: SyncPort, targetPort: SyncPort, scheme: "udp", name: "sync-udp", isProxied: false, isExternal: true, protocol: ProtocolType.Udp)
            .WithEndpoint(port: DiscoveryPort, targetPort: DiscoveryPort, scheme: "udp", name: "discovery", isProxied: false, isExternal: true, protocol: ProtocolType.Udp)
            .WithBindMount(paths.SyncthingConfig, "/var/syncthing/config")
            .WithBindMount(paths.Inbox, SyncFolder)
            .WithBindMount(StartFolder, StartTarget, isReadOnly: true)
            .WithEnvironment("STGUIAPIKEY", access.ApiKey)
            .WithEnvironment(GuiUserVariable, access.GuiUser)
            .WithEnvironment(GuiPasswordVariable, access.GuiPassword)
            // The start script reads SYNCTHING_GUI_PASSWORD_FILE too: a deployment hands the password over as a file.
            .WithSecretFileVariables(GuiPasswordVariable)
            .WithHttpHealthCheck("/rest/noauth/health");

    /// <summary>Syncthing's REST key and the user and password its GUI is locked with.</summary>
    public sealed record SyncthingAccess(IResourceBuilder<ParameterResource> ApiKey, IResourceBuilder<ParameterResource> GuiUser, IResourceBuilder<ParameterResource> GuiPassword);

    /// <summary>
    /// The REST key (generated), the GUI's user (<c>photofactory</c> unless <c>Parameters:syncthing-gui-user</c> says
    /// otherwise) and its password (generated; in a deployment the secret file <c>syncthing-gui-password</c>).
    /// </summary>
    public static SyncthingAccess AddSyncthingAccess(this IDistributedApplicationBuilder builder) => new(
        builder.AddGeneratedSecret("syncthing-api-key"),
        builder.AddParameter("syncthing-gui-user", () => builder.Configuration["Parameters:syncthing-gui-user"] ?? "photofactory")
            .WithDescription("The user name for Syncthing's GUI (e.g. photofactory); Syncthing's start locks the GUI with it and the syncthing-gui-password secret."),
        builder.AddGeneratedSecret("syncthing-gui-password")
            .WithDescription("The password for Syncthing's GUI, set at each start of Syncthing; to rotate it, see Security in docs/deploy.md."));

    /// <summary>
    /// Lets the monitor call Syncthing's REST API: its address by service discovery (<c>http://syncthing</c>) and
    /// the key as <c>Monitor__Syncthing__ApiKey</c>, i.e. the <c>Monitor:Syncthing:ApiKey</c> setting; and gives it the
    /// GUI's user and password, which it applies again when someone changes them in the GUI.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSyncthing(this IResourceBuilder<ProjectResource> project, IResourceBuilder<ContainerResource>? syncthing, SyncthingAccess? access) =>
        syncthing is null || access is null
            ? project
            : project.WithReference(syncthing.GetEndpoint("http"))
                .WithEnvironment(HostContract.Environment(HostContract.MonitorSyncthingApiKey), access.ApiKey)
                .WithEnvironment(HostContract.Environment(HostContract.MonitorSyncthingGuiUser), access.GuiUser)
                .WithEnvironment(HostContract.Environment(HostContract.MonitorSyncthingGuiPassword), access.GuiPassword);
}
