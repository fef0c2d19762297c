using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Catalog;

/// <summary>
/// One test's own catalogue on the chosen provider: a SQLite file in a temp data directory, or a throwaway
/// database on the real PostgreSQL server. Deleted or dropped on dispose.
/// </summary>
public sealed class TestCatalog : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly string? _postgres;

    private TestCatalog(CatalogProvider provider, TempDirectory directory, string? postgres)
    {
        Provider = provider;
        _directory = directory;
        _postgres = postgres;
    }

    public CatalogProvider Provider { get; }

    /// <summary>The PostgreSQL connection string, or null for the embedded SQLite catalogue.</summary>
    public string? PostgresConnectionString => _postgres;

    /// <summary>The SQLite catalogue's data directory; also the content root of hosts built on this catalogue.</summary>
    public string DataDirectory => _directory.Path;

    /// <summary>An empty database: no tables, no migrations history.</summary>
    public static async Task<TestCatalog> CreateEmptyAsync(CatalogProvider provider, [CallerMemberName] string purpose = "catalog")
    {
        var directory = new TempDirectory("catalog");
        var postgres = provider == CatalogProvider.Postgres ? await TestPostgres.CreateDatabaseAsync(purpose) : null;
        return new TestCatalog(provider, directory, postgres);
    }

    /// <summary>A catalogue with every migration applied, as the Librarian leaves it.</summary>
    public static async Task<TestCatalog> CreateMigratedAsync(CatalogProvider provider, [CallerMemberName] string purpose = "catalog")
    {
        var catalog = await CreateEmptyAsync(provider, purpose);
        await catalog.MigrateAsync();
        return catalog;
    }

    /// <summary>A context configured exactly as <see cref="CatalogRegistration.AddCatalog"/> configures it.</summary>
    public CatalogDbContext CreateContext(params IInterceptor[] interceptors)
    {
        if (_postgres is not null)
        {
            var options = new DbContextOptionsBuilder<PostgresCatalogDbContext>();
            CatalogRegistration.UsePostgres(options, _postgres).AddInterceptors(interceptors);
            return new PostgresCatalogDbContext(options.Options);
        }

        var sqlite = new DbContextOptionsBuilder<SqliteCatalogDbContext>();
        CatalogRegistration.UseSqlite(sqlite, DataDirectory).AddInterceptors(interceptors);
        return new SqliteCatalogDbContext(sqlite.Options);
    }

    /// <summary>A context factory for the catalogue's own classes, which take one from DI.</summary>
    public IDbContextFactory<CatalogDbContext> Contexts(params IInterceptor[] interceptors) => new Factory(this, interceptors);

    public async Task MigrateAsync()
    {
        await using var db = CreateContext();
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// A host builder whose configuration points <see cref="CatalogRegistration.AddCatalog"/> at this catalogue,
    /// with the given clock and every log entry captured.
    /// </summary>
    public HostApplicationBuilder CreateHostBuilder(TimeProvider time, TestLoggerProvider logs, params (string Key, string? Value)[] settings) =>
        CreateHostBuilder(DataDirectory, time, logs,
        [
            _postgres is not null
                ? ($"ConnectionStrings:{CatalogOptions.ConnectionStringName}", _postgres)
                : ($"{CatalogOptions.SectionName}:{nameof(CatalogOptions.DataDirectory)}", DataDirectory),
            .. settings,
        ]);

    /// <summary>A bare host builder with the given settings, clock and captured logs; what a service's Program starts from.</summary>
    public static HostApplicationBuilder CreateHostBuilder(
        string contentRoot, TimeProvider time, TestLoggerProvider logs, params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = contentRoot,
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)));
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        builder.Services.AddSingleton(time);
        return builder;
    }

    /// <summary>Makes the catalogue vanish under running services: the database dropped, or the file deleted.</summary>
    public async Task TakeOfflineAsync()
    {
        if (_postgres is not null)
        {
            await TestPostgres.DropDatabaseAsync(_postgres);
            return;
        }

        ClearSqlitePool();
        foreach (var file in Directory.EnumerateFiles(DataDirectory, CatalogOptions.EmbeddedFileName + "*"))
        {
            File.Delete(file);
        }
    }

    /// <summary>Brings back a migrated (and empty) catalogue after <see cref="TakeOfflineAsync"/>.</summary>
    /// <remarks>Migrating creates a missing PostgreSQL database or SQLite file first.</remarks>
    public Task BringBackAsync() => MigrateAsync();

    /// <summary>Every table in the database with its column names, as the database itself reports them.</summary>
    public async Task<Dictionary<string, HashSet<string>>> ReadColumnsAsync() =>
        (await QueryPairsAsync(_postgres is not null
            ? "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
            : "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"))
        .GroupBy(pair => pair.First, pair => pair.Second)
        .ToDictionary(group => group.Key, group => group.ToHashSet());

    /// <summary>Every index in the database, by name, with the table it belongs to.</summary>
    public async Task<Dictionary<string, string>> ReadIndexesAsync() =>
        (await QueryPairsAsync(_postgres is not null
            ? "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = 'public'"
            : "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"))
        .ToDictionary(pair => pair.First, pair => pair.Second);

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await TestPostgres.DropDatabaseAsync(_postgres);
        }
        else
        {
            ClearSqlitePool();
        }

        _directory.Dispose();
    }

    private async Task<List<(string First, string Second)>> QueryPairsAsync(string sql)
    {
        await using var db = CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using DbDataReader reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var pairs = new List<(string, string)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            pairs.Add((reader.GetString(0), reader.GetString(1)));
        }

        return pairs;
    }

    // The catalogue's connection string pools connections; a pooled handle would keep a deleted file alive.
    private void ClearSqlitePool()
    {
        using var db = CreateContext();
        using var connection = new SqliteConnection(db.Database.GetConnectionString());
        SqliteConnection.ClearPool(connection);
    }

    private sealed class Factory(TestCatalog catalog, IInterceptor[] interceptors) : IDbContextFactory<CatalogDbContext>
    {
        public CatalogDbContext CreateDbContext() => catalog.CreateContext(interceptors);
    }
}
