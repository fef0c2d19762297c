namespace PhotoFactory.AppHost;

public static class CatalogueExtensions
{
    /// <summary>
    /// Host port of the catalogue's PostgreSQL while the AppHost runs it for development (the services then run on
    /// the host); 5432 is left to a PostgreSQL installed on the host. The compose file does not publish it.
    /// </summary>
    public const int FactoryDbPort = 5433;

    /// <summary>The catalogue's PostgreSQL server and its <c>photofactory</c> database.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddCatalogueDatabase(this IDistributedApplicationBuilder builder)
    {
        var password = builder.AddGeneratedSecret("factory-db-password");
        return builder.AddPostgres(ResourceNames.FactoryDb, password: password, port: FactoryDbPort)
            // The image before the volume: the data path in the container depends on the major version.
            .WithImage("postgres", "15-alpine")
            // Named explicitly: the default name hashes the AppHost's path, so each checkout would get new data.
            .WithDataVolume("photofactory-db-data")
            .AddDatabase(ResourceNames.CatalogDatabase);
    }

    /// <summary>
    /// Hands the service the catalogue's connection string (<c>ConnectionStrings:photofactory</c>) and waits for
    /// the server. Without one the service keeps the embedded SQLite catalogue in its data directory.
    /// </summary>
    /// <remarks>
    /// Only the connection string, not the separate host, port, password and URI variables a reference adds by
    /// default: the services read none of them, and the URI's encoded password is an <c>annotated.string</c>
    /// in the manifest, a resource type manifest tools such as Aspirate do not understand.
    /// </remarks>
    public static IResourceBuilder<ProjectResource> WithCatalogue(this IResourceBuilder<ProjectResource> project, IResourceBuilder<PostgresDatabaseResource>? catalogue) =>
        catalogue is null
            ? project
            : project
                .WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString | ReferenceEnvironmentInjectionFlags.ServiceDiscovery | ReferenceEnvironmentInjectionFlags.Endpoints)
                .WithReference(catalogue)
                .WaitFor(catalogue);
}
