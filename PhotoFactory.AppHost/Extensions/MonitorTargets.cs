namespace PhotoFactory.AppHost;

public static class MonitorTargetExtensions
{
    /// <summary>The parameter AppHost.cs declares for Immich's database password.</summary>
    private const string ImmichDatabasePassword = "immich-db-password";

    private const string DockerSocket = DockerSocketAnnotation.DefaultPath;

    /// <summary>The resources the Monitor probes, with the endpoint it probes on each.</summary>
    private static readonly (string Resource, string Endpoint)[] Targets =
    [
        (ResourceNames.ImmichServer, "http"),
        (ResourceNames.ImmichMachineLearning, "http"),
        (ResourceNames.ImmichDatabase, "tcp"),
        (ResourceNames.ImmichCache, "tcp"),
        (ResourceNames.Homepage, "http"),
        (ResourceNames.Librarian, "http"),
        (ResourceNames.Dashboard, "http"),
    ];

    /// <summary>
    /// Tells the Monitor what to watch, from what this AppHost declared: <c>Monitor__Targets__{resource}</c> for
    /// each declared target, the expected containers, the inbox and originals folders (read-only) for free space, the Immich
    /// database password for a real login, and the Docker socket (read-only) for container states. Call last,
    /// once every resource is declared; what is missing (no containers here) the Monitor reports as not deployed.
    /// Syncthing's address and key come through <c>WithSyncthing</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithMonitorTargets(this IResourceBuilder<ProjectResource> monitor, HostFolders folders)
    {
        var resources = monitor.ApplicationBuilder.Resources;
        foreach (var (name, endpoint) in Targets)
        {
            if (resources.FirstOrDefault(r => r.Name == name) is IResourceWithEndpoints target
                && target.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == endpoint))
            {
                monitor.WithEnvironment($"Monitor__Targets__{name}", new EndpointReference(target, endpoint));
            }
        }

        var containers = resources.OfType<ContainerResource>().Select(c => c.Name).ToList();
        for (var i = 0; i < containers.Count; i++)
        {
            monitor.WithEnvironment($"Monitor__Containers__Names__{i}", containers[i]);
        }

        if (resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == ImmichDatabasePassword) is { } password)
        {
            monitor.WithEnvironment("Monitor__ImmichDatabase__Password", monitor.ApplicationBuilder.CreateResourceBuilder(password));
        }

        // Container states come from the Docker socket: the host's own when run here, mounted when deployed.
        monitor.WithAnnotation(new DockerSocketAnnotation(DockerSocket, IsReadOnly: true));

        // Only their free space is measured: a deployment mounts them read-only into the Monitor.
        return monitor
            .WithReadOnlyFolder("Monitor__Host__Volumes__inbox", folders.Inbox)
            .WithReadOnlyFolder("Monitor__Host__Volumes__originals", folders.Originals);
    }
}
