namespace PhotoFactory.AppHost;

/// <summary>
/// The only container that holds the Docker socket: Tecnativa's docker-socket-proxy (HAProxy in front of the socket),
/// allowing the read-only calls the stack makes (container lists, inspection, logs, stats; the engine's version and
/// ping) and refusing everything else, every POST among them: nothing can create, start or exec a container through
/// it. The Monitor, the Dashboard's container logs and Homepage's status talk to it over the container network.
/// </summary>
public static class DockerProxyExtensions
{
    public const string Image = "tecnativa/docker-socket-proxy";
    public const string Version = "v0.4.2";

    /// <summary>The port it listens on inside the container network; never published on the host.</summary>
    public const int Port = 2375;

    public static IResourceBuilder<ContainerResource> AddDockerProxy(this IDistributedApplicationBuilder builder)
    {
        var proxy = builder.AddContainer(ResourceNames.DockerProxy, Image, Version)
            .WithImageRegistry("ghcr.io")
            .WithEndpoint(targetPort: Port, scheme: "tcp", name: "tcp")
            // Its settings: 1 allows a family of read calls, 0 refuses it; POST=0 refuses every write.
            .WithEnvironment("CONTAINERS", "1")
            .WithEnvironment("PING", "1")
            .WithEnvironment("VERSION", "1")
            .WithEnvironment("INFO", "0")
            .WithEnvironment("IMAGES", "0")
            .WithEnvironment("NETWORKS", "0")
            .WithEnvironment("VOLUMES", "0")
            .WithEnvironment("EXEC", "0")
            .WithEnvironment("POST", "0");

        // Mounted by Aspire only when run here, from the engine Aspire itself uses (DOCKER_HOST when it names a socket):
        // Aspire writes bind mounts relative to the manifest, which would make the socket a path of the checkout. The
        // annotation tells the compose generator to mount the host's socket.
        proxy.WithAnnotation(new DockerSocketAnnotation(DockerSocketAnnotation.DefaultPath, IsReadOnly: true));
        if (builder.ExecutionContext.IsRunMode)
        {
            var host = builder.Configuration["DOCKER_HOST"];
            var socket = host is not null && host.StartsWith("unix://", StringComparison.Ordinal) ? host["unix://".Length..] : DockerSocketAnnotation.DefaultPath;
            proxy.WithBindMount(socket, DockerSocketAnnotation.DefaultPath, isReadOnly: true);
        }

        return proxy;
    }

    /// <summary>Points a .NET service's Docker client (<paramref name="setting"/>) at the proxy.</summary>
    public static IResourceBuilder<ProjectResource> WithDockerProxy(this IResourceBuilder<ProjectResource> project, IResourceBuilder<ContainerResource>? proxy, string setting) =>
        proxy is null ? project : project.WithEnvironment(HostContract.Environment(setting), proxy.GetEndpoint("tcp")).WaitFor(proxy);
}
