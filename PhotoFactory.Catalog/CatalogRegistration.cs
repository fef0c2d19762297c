using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Catalog;

/// <summary>Registers the catalogue: PostgreSQL when the AppHost hands over a connection string, else embedded SQLite.</summary>
public static class CatalogRegistration
{
    /// <param name="builder">The service's builder.</param>
    /// <param name="schemaMode">The Librarian applies migrations; the other services wait until it has.</param>
    public static IHostApplicationBuilder AddCatalog(this IHostApplicationBuilder builder, CatalogSchemaMode schemaMode)
    {
        builder.Services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.SectionName);
        builder.Services.TryAddSingleton(TimeProvider.System);

        var postgres = builder.Configuration.GetConnectionString(CatalogOptions.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            if (builder.Configuration[HostContract.CatalogPassword] is { Length: > 0 } password)
            {
                postgres = new NpgsqlConnectionStringBuilder(postgres) { Password = password }.ConnectionString;
            }

            builder.Services.AddPooledDbContextFactory<PostgresCatalogDbContext>(options => UsePostgres(options, postgres));
            builder.EnrichNpgsqlDbContext<PostgresCatalogDbContext>(settings =>
            {
                // The Librarian runs its own transactions and its own retry with backoff; EF's retrying
                // execution strategy would forbid the former and hide outages from the latter.
                settings.DisableRetry = true;
                settings.DisableHealthChecks = true;
            });
            builder.Services.AddSingleton<IDbContextFactory<CatalogDbContext>, CatalogDbContextFactory<PostgresCatalogDbContext>>();
        }
        else
        {
            var dataDirectory = ResolveDataDirectory(builder.Configuration, builder.Environment.ContentRootPath);
            builder.Services.AddPooledDbContextFactory<SqliteCatalogDbContext>(options => UseSqlite(options, dataDirectory));
            builder.Services.AddSingleton<IDbContextFactory<CatalogDbContext>, CatalogDbContextFactory<SqliteCatalogDbContext>>();
        }

        builder.Services.AddSingleton<CatalogReadiness>();
        builder.Services.TryAddSingleton<HeartbeatRecorder>();
        builder.Services.TryAddSingleton<ServiceHistoryRetention>();
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<CatalogSchemaService>(services, schemaMode));
        builder.Services.AddHealthChecks().AddCheck<CatalogHealthCheck>("catalog");
        return builder;
    }

    /// <summary>The data directory from <c>PhotoFactory:DataDirectory</c>, relative paths taken from the content root.</summary>
    public static string ResolveDataDirectory(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration[HostContract.DataDirectory];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured, contentRoot);
    }

    public static DbContextOptionsBuilder UsePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(CatalogSchema.MigrationsHistoryTable));

    public static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder options, string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, CatalogOptions.EmbeddedFileName);
        // Several processes share the file under the AppHost: wait for a writer rather than fail at once.
        return options.UseSqlite($"Data Source={path};Default Timeout=30;Pooling=True",
                sqlite => sqlite.MigrationsHistoryTable(CatalogSchema.MigrationsHistoryTable))
            .AddInterceptors(new SqliteConnectionSettings());
    }
}
