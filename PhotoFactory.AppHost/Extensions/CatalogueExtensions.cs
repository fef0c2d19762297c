using PhotoFactory.AppHost.Publishing;

namespace PhotoFactory.AppHost;

/// <summary>The catalogue's PostgreSQL server and database, and the password of each service's own role on it.</summary>
public sealed record Catalogue(IResourceBuilder<PostgresDatabaseResource> Database, IReadOnlyDictionary<string, IResourceBuilder<ParameterResource>> RolePasswords);

public static class CatalogueExtensions
{
    /// <summary>
    /// Host port of the catalogue's PostgreSQL while the AppHost runs it for development (the services then run on
    /// the host); 5432 is left to a PostgreSQL installed on the host. The compose file does not publish it.
    /// </summary>
    public const int FactoryDbPort = 5433;

    /// <summary>
    /// The init scripts beside this AppHost (<c>factory-db/</c>), which make each service's role on the first start of
    /// an empty data folder; the compose publisher copies them beside the compose file.
    /// </summary>
    public const string InitFolder = "factory-db";

    /// <summary>Where the postgres image looks for init scripts.</summary>
    public const string InitTarget = "/docker-entrypoint-initdb.d";

    /// <summary>The services with a role of their own on the catalogue, each by its resource name.</summary>
    public static readonly IReadOnlyList<string> Roles = ResourceNames.Projects;

    /// <summary>
    /// The catalogue's PostgreSQL server and its <c>photofactory</c> database. The superuser's password stays with
    /// the server; each service gets a role of its own (<c>factory-db/roles.psql</c>) with a generated password,
    /// handed to the server's init script as <c>{ROLE}_DB_PASSWORD</c>.
    /// </summary>
    public static Catalogue AddCatalogueDatabase(this IDistributedApplicationBuilder builder)
    {
        var password = builder.AddGeneratedSecret("factory-db-password")
            .WithDescription("The catalogue server's superuser password; only factory-db has it, no service.");
        var server = builder.AddPostgres(ResourceNames.FactoryDb, password: password, port: FactoryDbPort)
            // The image before the volume: the data path in the container depends on the major version.
            .WithImage("postgres", "15-alpine")
            // Named explicitly: the default name hashes the AppHost's path, so each checkout would get new data.
            .WithDataVolume("photofactory-db-data")
            .WithBindMount(InitFolder, InitTarget, isReadOnly: true);

        var roles = new Dictionary<string, IResourceBuilder<ParameterResource>>(StringComparer.Ordinal);
        foreach (var role in Roles)
        {
            roles[role] = builder.AddGeneratedSecret($"{role}-db-password")
                .WithDescription($"The password of the {role}'s own role on the catalogue; to rotate it, see Security in docs/deploy.md.");
            server.WithEnvironment(RolePasswordVariable(role), roles[role]);
        }

        // The postgres image reads POSTGRES_PASSWORD_FILE, the init script each role's *_FILE: a deployment hands them
        // over as Compose secrets.
        server.WithSecretFileVariables(["POSTGRES_PASSWORD", .. Roles.Select(RolePasswordVariable)]);

        return new Catalogue(server.AddDatabase(ResourceNames.CatalogDatabase), roles);
    }

    /// <summary>The variable the init script reads a role's password from: <c>LIBRARIAN_DB_PASSWORD</c>.</summary>
    public static string RolePasswordVariable(string role) => $"{role.ToUpperInvariant()}_DB_PASSWORD";

    /// <summary>
    /// Hands the service the catalogue's connection string (<c>ConnectionStrings:photofactory</c>) as its own role
    /// (its resource name), with the role's password apart (<c>PhotoFactory:CatalogPassword</c>) so that the compose
    /// file can hand it over as a file, and waits for the server. Without a catalogue the service keeps the embedded
    /// SQLite catalogue in its data directory.
    /// </summary>
    /// <remarks>
    /// Not the separate host, port, password and URI variables a reference adds: the services read none of them.
    /// </remarks>
    public static IResourceBuilder<ProjectResource> WithCatalogue(this IResourceBuilder<ProjectResource> project, Catalogue? catalogue)
    {
        if (catalogue is null)
        {
            return project;
        }

        var role = project.Resource.Name;
        var password = catalogue.RolePasswords.TryGetValue(role, out var found)
            ? found
            : throw new InvalidOperationException($"{role} has no role on the catalogue; roles: {string.Join(", ", catalogue.RolePasswords.Keys)}");
        var endpoint = catalogue.Database.Resource.Parent.PrimaryEndpoint;
        var connectionString = ReferenceExpression.Create(
            $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username={role};Database={catalogue.Database.Resource.DatabaseName}");
        return project
            .WithEnvironment(HostContract.Environment(HostContract.Key("ConnectionStrings", HostContract.CatalogConnection)), connectionString)
            .WithEnvironment(HostContract.Environment(HostContract.CatalogPassword), password)
            .WaitFor(catalogue.Database);
    }
}
