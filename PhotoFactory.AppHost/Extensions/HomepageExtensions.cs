namespace PhotoFactory.AppHost;

public static class HomepageExtensions
{
    /// <summary>A fixed port: Homepage answers only Host headers it was told about, so the port must be known.</summary>
    public const int Port = 3000;

    /// <summary>The starter configuration, kept in the repository beside this AppHost.</summary>
    public const string ConfigFolder = "homepage";

    /// <summary>
    /// The Host headers Homepage accepts (it answers any other with an error): its own name on the container network,
    /// which the Monitor's probe uses, and the loopback names a browser here uses. The public host is added to these.
    /// </summary>
    public static readonly string AllowedHosts = $"{ResourceNames.Homepage}:{Port},localhost:{Port},127.0.0.1:{Port}";

    /// <summary>
    /// The start page linking every service. <c>services.yaml</c> monitors the other containers by their names on
    /// the container network, and the services that run on the host through <c>HOMEPAGE_VAR_*</c> variables set
    /// with <see cref="WithHomepageLink"/>, since their address differs between here and a deployment.
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddHomepage(this IDistributedApplicationBuilder builder)
    {
        var homepage = builder.AddContainer(ResourceNames.Homepage, "gethomepage/homepage", "v1.12.3")
            .WithImageRegistry("ghcr.io")
            .WithHttpEndpoint(port: Port, targetPort: Port)
            .WithExternalHttpEndpoints()
            .WithEnvironment("HOMEPAGE_ALLOWED_HOSTS", AllowedHosts)
            // Logs to the console only, so it writes nothing into the configuration folder in the repository.
            .WithEnvironment("LOG_TARGETS", "stdout")
            .WithBindMount(ConfigFolder, "/app/config")
            .WithHttpHealthCheck("/api/healthcheck");

        // Container status through the socket proxy (docker.yaml names it), which must be up first.
        if (builder.Resources.OfType<ContainerResource>().FirstOrDefault(resource => resource.Name == ResourceNames.DockerProxy) is { } proxy)
        {
            homepage.WaitFor(builder.CreateResourceBuilder(proxy));
        }

        return homepage;
    }

    /// <summary>Sets <c>HOMEPAGE_VAR_{name}</c> to the project's http address, as Homepage's container reaches it.</summary>
    public static IResourceBuilder<ContainerResource> WithHomepageLink(this IResourceBuilder<ContainerResource> homepage, string name, IResourceBuilder<ProjectResource> service) =>
        homepage.WithEnvironment($"HOMEPAGE_VAR_{name}", service.GetEndpoint("http"));
}

/// <summary>
/// The resource needs the host's Docker socket at <paramref name="Path"/> inside (only the socket proxy does). A
/// deployment mounts the host's socket
/// there (<c>DOCKER_SOCKET</c> in <c>.env</c>, <c>/var/run/docker.sock</c> by default).
/// </summary>
public sealed record DockerSocketAnnotation(string Path, bool IsReadOnly) : IResourceAnnotation
{
    public const string DefaultPath = "/var/run/docker.sock";
}
