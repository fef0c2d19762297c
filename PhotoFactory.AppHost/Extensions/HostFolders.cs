namespace PhotoFactory.AppHost;

/// <summary>
/// The host folders handed to the services, as parameters. When run here they carry this machine's absolute
/// paths; in the manifest they are inputs the deployment supplies, so no machine path is ever published.
/// (Container bind mounts use <see cref="Paths"/> directly: Aspire writes those relative to the manifest.)
/// </summary>
public sealed record HostFolders(
    HostPaths Paths,
    IResourceBuilder<ParameterResource> Inbox,
    IResourceBuilder<ParameterResource> Originals,
    IResourceBuilder<ParameterResource> Quarantine,
    IResourceBuilder<ParameterResource> AppData);

public static class HostFolderExtensions
{
    /// <summary>Adds the folder parameters, and creates the folders when the first resource starts.</summary>
    public static HostFolders AddHostFolders(this IDistributedApplicationBuilder builder, PhotoFactoryHostOptions options)
    {
        var paths = HostPaths.Resolve(options, builder.AppHostDirectory);

        // Created before the first resource starts rather than left to Docker, which would create missing
        // bind-mount sources owned by root. Not at BeforeStartEvent: that also fires when publishing the manifest.
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>((_, _) =>
        {
            foreach (var path in paths.All)
            {
                Directory.CreateDirectory(path);
            }

            return Task.CompletedTask;
        });

        return new HostFolders(
            paths,
            builder.AddParameter("inbox-path", () => paths.Inbox),
            builder.AddParameter("originals-path", () => paths.Originals),
            builder.AddParameter("quarantine-path", () => paths.Quarantine),
            builder.AddParameter("app-data-path", () => paths.AppData));
    }

    /// <summary>The folders the Librarian files between, plus its data directory.</summary>
    public static IResourceBuilder<ProjectResource> WithPhotoFolders(this IResourceBuilder<ProjectResource> project, HostFolders folders) =>
        project
            .WithEnvironment(HostContract.Environment(HostContract.Inbox), folders.Inbox)
            .WithEnvironment(HostContract.Environment(HostContract.Originals), folders.Originals)
            .WithEnvironment(HostContract.Environment(HostContract.Quarantine), folders.Quarantine)
            .WithAppData(folders);

    /// <summary>A host folder the project only reads, under the environment variable <paramref name="name"/>: a deployment mounts it read-only.</summary>
    public static IResourceBuilder<ProjectResource> WithReadOnlyFolder(this IResourceBuilder<ProjectResource> project, string name, IResourceBuilder<ParameterResource> folder) =>
        project
            .WithEnvironment(name, folder)
            .WithAnnotation(new ReadOnlyFolderAnnotation(folder.Resource.Name));

    /// <summary>The application data directory; without PostgreSQL the embedded catalogue lives in it.</summary>
    public static IResourceBuilder<ProjectResource> WithAppData(this IResourceBuilder<ProjectResource> project, HostFolders folders) =>
        project.WithEnvironment(HostContract.Environment(HostContract.DataDirectory), folders.AppData);
}

/// <summary>The project only reads the host folder handed to it through the parameter <paramref name="Parameter"/>.</summary>
public sealed record ReadOnlyFolderAnnotation(string Parameter) : IResourceAnnotation;
