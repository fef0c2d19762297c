namespace PhotoFactory.AppHost;

/// <summary>
/// Immich v3, wired by its documented variables rather than by the service names its compose file assumes. The
/// version is the one whose API description (<c>@immich/sdk</c> of the same number, published by Immich with each
/// release) the contract tests check the factory's calls against; server and machine learning move together.
/// </summary>
public static class ImmichExtensions
{
    public const string Version = "v3.2.2";
    public const int ServerPort = 2283;
    public const int MachineLearningPort = 3003;

    /// <summary>
    /// Host ports for the internal services while the AppHost runs them for development, clear of a host's own
    /// PostgreSQL and Redis and of factory-db. Not published by the compose file: there they are reached by name.
    /// </summary>
    public const int DatabasePort = 5434;
    public const int CachePort = 6380;

    /// <summary>Where the external library reads the originals from, inside the server container.</summary>
    public const string OriginalsTarget = "/mnt/media/originals";

    /// <summary>
    /// The database and cache images as Immich's own v3 compose file pins them (immich-app/immich,
    /// docker/docker-compose.yml at commit 4cff61e035ac68376fc29793a719f87f9f0acd12: the same PostgreSQL with
    /// VectorChord as v2, the cache moved to Valkey 9). Immich publishes no digests for its server and machine learning
    /// images, so those stay pinned by tag only.
    /// </summary>
    public const string DatabaseDigest = "bcf63357191b76a916ae5eb93464d65c07511da41e3bf7a8416db519b40b1c23";
    public const string CacheTag = "9";
    public const string CacheDigest = "546304417feac0874c3dd576e0952c6bb8f06bb4093ea0c9ca303c73cf458f63";

    private const string DatabaseUser = "postgres";
    private const string DatabaseName = "immich";

    /// <summary>
    /// Immich's PostgreSQL with VectorChord, as a plain container: AddPostgres would set authentication
    /// variables that replace the image's own configuration.
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddImmichDatabase(this IDistributedApplicationBuilder builder, IResourceBuilder<ParameterResource> password) =>
        builder.AddContainer(ResourceNames.ImmichDatabase, "immich-app/postgres", "14-vectorchord0.4.3-pgvectors0.2.0")
            .WithImageRegistry("ghcr.io")
            .WithImageDigest(DatabaseDigest)
            .WithEndpoint(port: DatabasePort, targetPort: 5432, scheme: "tcp", name: "tcp")
            .WithEnvironment("POSTGRES_USER", DatabaseUser)
            .WithEnvironment("POSTGRES_PASSWORD", password)
            .WithEnvironment("POSTGRES_DB", DatabaseName)
            .WithEnvironment("POSTGRES_INITDB_ARGS", "--data-checksums")
            .WithVolume("photofactory-immich-db-data", "/var/lib/postgresql/data")
            // Immich's compose file gives the database 128 MB of shared memory; Docker's default is 64 MB.
            .WithContainerRuntimeArgs("--shm-size=128m");

    /// <summary>Immich's cache: Valkey, as Immich ships it, as a plain container with the image's own entrypoint.</summary>
    public static IResourceBuilder<ContainerResource> AddImmichCache(this IDistributedApplicationBuilder builder) =>
        builder.AddContainer(ResourceNames.ImmichCache, "valkey/valkey", CacheTag)
            .WithImageRegistry("docker.io")
            .WithImageDigest(CacheDigest)
            .WithEndpoint(port: CachePort, targetPort: 6379, scheme: "tcp", name: "tcp");

    /// <summary>Immich's machine learning (faces, search), the CUDA build.</summary>
    public static IResourceBuilder<ContainerResource> AddImmichMachineLearning(this IDistributedApplicationBuilder builder) =>
        builder.AddContainer(ResourceNames.ImmichMachineLearning, "immich-app/immich-machine-learning", $"{Version}-cuda")
            .WithImageRegistry("ghcr.io")
            .WithHttpEndpoint(port: MachineLearningPort, targetPort: MachineLearningPort)
            .WithVolume("photofactory-immich-model-cache", "/cache")
            .WithHttpHealthCheck("/ping");

    /// <summary>
    /// The gallery. Uploads go to its own volume; the originals are mounted read-only for an external library
    /// (import path <see cref="OriginalsTarget"/>), so Immich can show them but never change them.
    /// </summary>
    public static IResourceBuilder<ContainerResource> AddImmichServer(this IDistributedApplicationBuilder builder, HostPaths paths) =>
        builder.AddContainer(ResourceNames.ImmichServer, "immich-app/immich-server", Version)
            .WithImageRegistry("ghcr.io")
            .WithHttpEndpoint(port: ServerPort, targetPort: ServerPort)
            .WithExternalHttpEndpoints()
            .WithVolume("photofactory-immich-upload", "/data")
            .WithBindMount(paths.Originals, OriginalsTarget, isReadOnly: true)
            .WithHttpHealthCheck("/api/server/ping");

    /// <summary>
    /// Pins the image by its digest as well as its tag: <c>image:tag@sha256:digest</c>, which the engine pulls by digest
    /// and people read by tag. (Aspire's own digest setting drops the tag.)
    /// </summary>
    public static IResourceBuilder<ContainerResource> WithImageDigest(this IResourceBuilder<ContainerResource> container, string sha256)
    {
        var image = container.Resource.Annotations.OfType<ContainerImageAnnotation>().Last();
        return container.WithImageTag($"{image.Tag}@sha256:{sha256}");
    }

    /// <summary>
    /// The Immich key for the Monitor, which makes sure the external library over <see cref="OriginalsTarget"/> exists
    /// and asks Immich to scan it after photos are filed (it reaches Immich through its Monitor target).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithImmichLibrary(this IResourceBuilder<ProjectResource> monitor, IResourceBuilder<ParameterResource> apiKey) =>
        monitor.WithEnvironment(HostContract.Environment(HostContract.MonitorImmichApiKey), apiKey);

    /// <summary>Immich's address as browsers reach it (the public host, Immich's published port), for the Dashboard's links.</summary>
    public static IResourceBuilder<ProjectResource> WithImmichLink(this IResourceBuilder<ProjectResource> dashboard, IResourceBuilder<ParameterResource> publicHost) =>
        dashboard.WithEnvironment(HostContract.Environment(HostContract.DashboardImmichUrl),
            ReferenceExpression.Create($"http://{publicHost}:{ServerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));

    /// <summary>DB_HOSTNAME, DB_PORT, DB_USERNAME, DB_PASSWORD and DB_DATABASE_NAME, and the wait for the database.</summary>
    public static IResourceBuilder<ContainerResource> WithImmichDatabase(this IResourceBuilder<ContainerResource> server, IResourceBuilder<ContainerResource> database, IResourceBuilder<ParameterResource> password)
    {
        // Container to container: the address on the container network and the port the server listens on.
        var endpoint = database.GetEndpoint("tcp");
        return server
            .WithEnvironment("DB_HOSTNAME", endpoint.Property(EndpointProperty.Host))
            .WithEnvironment("DB_PORT", endpoint.Property(EndpointProperty.TargetPort))
            .WithEnvironment("DB_USERNAME", DatabaseUser)
            .WithEnvironment("DB_PASSWORD", password)
            .WithEnvironment("DB_DATABASE_NAME", DatabaseName)
            .WaitFor(database);
    }

    /// <summary>REDIS_HOSTNAME and REDIS_PORT, and the wait for the cache.</summary>
    public static IResourceBuilder<ContainerResource> WithImmichCache(this IResourceBuilder<ContainerResource> server, IResourceBuilder<ContainerResource> cache)
    {
        var endpoint = cache.GetEndpoint("tcp");
        return server
            .WithEnvironment("REDIS_HOSTNAME", endpoint.Property(EndpointProperty.Host))
            .WithEnvironment("REDIS_PORT", endpoint.Property(EndpointProperty.TargetPort))
            .WaitFor(cache);
    }

    /// <summary>IMMICH_MACHINE_LEARNING_URL. It only seeds Immich's settings: once saved there, the admin page's value wins.</summary>
    public static IResourceBuilder<ContainerResource> WithMachineLearning(this IResourceBuilder<ContainerResource> server, IResourceBuilder<ContainerResource> machineLearning)
    {
        var endpoint = machineLearning.GetEndpoint("http");
        return server.WithEnvironment(
            "IMMICH_MACHINE_LEARNING_URL",
            ReferenceExpression.Create($"http://{endpoint.Property(EndpointProperty.Host)}:{endpoint.Property(EndpointProperty.TargetPort)}"));
    }
}
