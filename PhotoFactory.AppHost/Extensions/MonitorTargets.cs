using System.Globalization;

namespace PhotoFactory.AppHost;

public static class MonitorTargetExtensions
{
    /// <summary>The parameter AppHost.cs declares for Immich's database password.</summary>
    private const string ImmichDatabasePassword = "immich-db-password";

    /// <summary>
    /// The resources the Monitor probes, with the endpoint it probes on each: every service of the stack but the
    /// catalogue (it reads it itself), Syncthing (its address and key come through <c>WithSyncthing</c>) and itself.
    /// </summary>
    private static readonly (string Resource, string Endpoint)[] Targets = ResourceNames.Containers.Concat(ResourceNames.Projects)
        .Except([ResourceNames.FactoryDb, ResourceNames.Syncthing, ResourceNames.Monitor])
        .Select(name => (name, name is ResourceNames.ImmichDatabase or ResourceNames.ImmichCache ? "tcp" : "http"))
        .ToArray();

    /// <summary>
    /// Tells the Monitor what to watch, from what this AppHost declared: <c>Monitor__Targets__{resource}</c> for
    /// each declared target, the expected containers, the inbox and originals folders (read-only) for free space, the Immich
    /// database password for a real login. Container states come through the socket proxy (<c>WithDockerProxy</c>). Call last,
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
                monitor.WithEnvironment(HostContract.Environment(HostContract.Key(HostContract.MonitorTargets, name)), new EndpointReference(target, endpoint));
            }
        }

        var containers = resources.OfType<ContainerResource>().Select(c => c.Name).ToList();
        for (var i = 0; i < containers.Count; i++)
        {
            monitor.WithEnvironment(HostContract.Environment(HostContract.Key(HostContract.MonitorContainerNames, i.ToString(CultureInfo.InvariantCulture))), containers[i]);
        }

        if (resources.OfType<ParameterResource>().FirstOrDefault(p => p.Name == ImmichDatabasePassword) is { } password)
        {
            monitor.WithEnvironment(HostContract.Environment(HostContract.MonitorImmichDatabasePassword), monitor.ApplicationBuilder.CreateResourceBuilder(password));
        }

        // Only their free space is measured: a deployment mounts them read-only into the Monitor.
        return monitor
            .WithReadOnlyFolder(HostContract.Environment(HostContract.Key(HostContract.MonitorHostVolumes, "inbox")), folders.Inbox)
            .WithReadOnlyFolder(HostContract.Environment(HostContract.Key(HostContract.MonitorHostVolumes, "originals")), folders.Originals);
    }
}
