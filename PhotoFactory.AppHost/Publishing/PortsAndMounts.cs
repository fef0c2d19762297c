using System.Net.Sockets;

namespace PhotoFactory.AppHost.Publishing;

/// <summary>
/// A service's published ports and its mounts in compose form: named volumes declared once at the top level, host
/// folders and the Docker socket as <c>.env</c> variables, never this machine's paths.
/// </summary>
internal sealed class PortsAndMounts(IReadOnlyList<DeploymentFolder> folders, EnvFile env)
{
    /// <summary>
    /// Host ports exactly as the AppHost declares them, for the endpoints it marks external (what users open: the
    /// Dashboard, Homepage, Immich, Syncthing's GUI, sync and discovery). Every other endpoint, and one without a
    /// port, stays on the compose network: published ports bypass the host's firewall.
    /// </summary>
    public static List<object> Ports(IResource resource, Func<EndpointAnnotation, int> targetPortOf, Func<EndpointAnnotation, bool>? include = null)
    {
        var ports = new List<object>();
        foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
        {
            if (!endpoint.IsExternal || endpoint.Port is not int published || (include is not null && !include(endpoint)))
            {
                continue;
            }

            ports.Add(new YamlMap
            {
                { "target", targetPortOf(endpoint) },
                { "published", published },
                { "protocol", endpoint.Protocol == ProtocolType.Udp ? "udp" : "tcp" },
            });
        }

        return ports;
    }

    /// <summary>
    /// The ports a container listens on for other services only (endpoints not marked external), as compose's
    /// <c>expose</c>: documentation of what the compose network reaches, never published on the host.
    /// </summary>
    public static List<object> Exposed(IResource resource, Func<EndpointAnnotation, int> targetPortOf) =>
    [
        .. resource.Annotations.OfType<EndpointAnnotation>()
            .Where(endpoint => !endpoint.IsExternal)
            .Select(endpoint => (object)(endpoint.Protocol == ProtocolType.Udp ? $"{targetPortOf(endpoint)}/udp" : $"{targetPortOf(endpoint)}"))
            .Distinct(),
    ];

    /// <summary>The host's Docker socket, where the AppHost records that a resource needs it.</summary>
    public IEnumerable<object> DockerSockets(IResource resource) =>
        resource.Annotations.OfType<DockerSocketAnnotation>().Select(socket => (object)new YamlMap
        {
            { "type", "bind" },
            { "source", env.DockerSocket() },
            { "target", socket.Path },
            { "read_only", socket.IsReadOnly },
        });

    /// <summary>A named volume, added to the file's <paramref name="volumes"/> the first time it is met.</summary>
    public static YamlMap NamedVolume(ContainerResource container, ContainerMountAnnotation mount, YamlMap volumes)
    {
        if (string.IsNullOrEmpty(mount.Source))
        {
            throw new InvalidOperationException($"{container.Name}: the volume at {mount.Target} has no name; name it so its data survives");
        }

        if (!volumes.ContainsKey(mount.Source))
        {
            // Named as in the AppHost, not prefixed with the project name, so both find the same data.
            volumes.Add(mount.Source, new YamlMap { { "name", mount.Source } });
        }

        return new YamlMap { { "type", "volume" }, { "source", mount.Source }, { "target", mount.Target }, { "read_only", mount.IsReadOnly } };
    }

    /// <summary>A container's bind mount, which must be one of the deployment folders.</summary>
    public YamlMap BindMount(ContainerResource container, ContainerMountAnnotation mount)
    {
        var source = Path.GetFullPath(mount.Source!);
        var folder = folders.SingleOrDefault(folder => string.Equals(Path.TrimEndingDirectorySeparator(folder.HostPath), Path.TrimEndingDirectorySeparator(source), StringComparison.Ordinal))
            ?? throw new InvalidOperationException(
                $"{container.Name} mounts {source}, which is no deployment folder; a compose file must never name this machine's paths");
        return FolderMount(folder, mount.Target, mount.IsReadOnly);
    }

    /// <summary>A host folder mounted at <paramref name="target"/>.</summary>
    public YamlMap FolderMount(DeploymentFolder folder, string target, bool readOnly) =>
        new() { { "type", "bind" }, { "source", env.Folder(folder) }, { "target", target }, { "read_only", readOnly } };
}
