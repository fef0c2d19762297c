using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Tests.AppHost;
using PhotoFactory.Tests.Monitor.Probes;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Catalog.Persistence;

/// <summary>
/// Least privilege on the catalogue: the factory-db init script (<c>PhotoFactory.AppHost/factory-db/roles.psql</c>, run
/// with psql as the image runs it) makes the roles, the Librarian migrates as its own role and grants, and then the
/// Dashboard's role can only read and the Monitor's can write only the status tables, on the real PostgreSQL.
/// </summary>
[Collection(nameof(CatalogRolesTests))]
[CollectionDefinition(nameof(CatalogRolesTests), DisableParallelization = true)]
public sealed class CatalogRolesTests : IAsyncLifetime
{
    // The roles are the server's, shared by every database on it; their passwords are this run's.
    private readonly Dictionary<string, string> _passwords = CatalogRolesNames.ToDictionary(role => role, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    private readonly string _database = $"pf_roles_{Guid.NewGuid():N}";

    private static string[] CatalogRolesNames => [CatalogRoles.Librarian, CatalogRoles.Monitor, CatalogRoles.Dashboard];

    public async ValueTask InitializeAsync()
    {
        await RunRolesScriptAsync();
        // The Librarian, as its own role, migrates the empty catalogue and grants the others their tables, as at start;
        // its password apart from the connection string, as a deployment hands it over (a file, PhotoFactory:CatalogPassword).
        var builder = TestCatalog.CreateHostBuilder(Path.GetTempPath(), new FakeTimeProvider(), new TestLoggerProvider(),
            (Key: $"ConnectionStrings:{CatalogOptions.ConnectionStringName}", Value: new NpgsqlConnectionStringBuilder(As(CatalogRoles.Librarian)) { Password = null }.ToString()),
            (Key: $"{CatalogOptions.SectionName}:{nameof(CatalogOptions.CatalogPassword)}", Value: _passwords[CatalogRoles.Librarian]));
        builder.AddCatalog(CatalogSchemaMode.ApplyMigrations);
        using var host = builder.Build();
        var readiness = host.Services.GetRequiredService<CatalogReadiness>();
        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => readiness.IsReady, () => $"the Librarian's role migrates the catalogue ({readiness.State})");
        await host.StopAsync(TestContext.Current.CancellationToken);

        await using var librarian = Open(CatalogRoles.Librarian);
        librarian.MediaAssets.Add(new MediaAsset
        {
            Sha256 = new string('a', 64),
            OriginalName = "a.jpg",
            OriginalPath = "/inbox/a.jpg",
            FinalPath = "/originals/2020/2020-01-01/a.jpg",
            SizeBytes = 1,
            IngestedAt = DateTime.UtcNow,
        });
        await librarian.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_dashboards_role_reads_every_table_and_can_insert_update_or_delete_none()
    {
        await using var db = Open(CatalogRoles.Dashboard);
        Assert.Equal(1, await db.MediaAssets.CountAsync(TestContext.Current.CancellationToken));
        foreach (var table in await TablesAsync())
        {
            await Count(db, table);
            var column = await AnyColumnAsync(table);
            foreach (var statement in new[]
            {
                $"INSERT INTO \"{table}\" DEFAULT VALUES",
                $"UPDATE \"{table}\" SET \"{column}\" = \"{column}\"",
                $"DELETE FROM \"{table}\"",
                $"TRUNCATE \"{table}\"",
            })
            {
                await AssertRefusedAsync(db, statement);
            }
        }

        await AssertRefusedAsync(db, "CREATE TABLE dashboard_notes (note text)");
    }

    [Fact]
    public async Task The_monitors_role_writes_the_status_tables_and_of_the_assets_only_their_Immich_id_and_reads_the_scrubs_findings()
    {
        await using var db = Open(CatalogRoles.Monitor);
        // What the Monitor does: heartbeats (its own, and every check's row) and pruning old history.
        var recorder = new HeartbeatRecorder(Contexts(CatalogRoles.Monitor), TimeProvider.System);
        await recorder.RecordAsync("monitor", HeartbeatReport.Running, TestContext.Current.CancellationToken);
        await recorder.RecordAsync("monitor", HeartbeatReport.Running, TestContext.Current.CancellationToken);
        Assert.Equal(2, await db.ServiceStatusHistory.CountAsync(TestContext.Current.CancellationToken));
        await db.ServiceStatusHistory.ExecuteDeleteAsync(TestContext.Current.CancellationToken);
        // What it does for Immich: find the filed photos by where they are, and record each one's id in Immich.
        var immichId = Guid.NewGuid();
        var filed = await db.MediaAssets.Where(a => a.ImmichAssetId == null).Select(a => new { a.Id, a.FinalPath, a.IngestedAt })
            .SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await db.MediaAssets.Where(a => a.Id == filed.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.ImmichAssetId, immichId), TestContext.Current.CancellationToken));
        // What it does for the originals: read what the Librarian's scrub found, as its row does.
        var originals = Assert.Single(await new OriginalsProbe(Contexts(CatalogRoles.Monitor), PostgresProbeTests.Ready(),
            Options.Create(new OriginalsProbeOptions()), TimeProvider.System).CheckAsync(TestContext.Current.CancellationToken));
        Assert.Equal((ServiceState.Unknown, "no scrub pass yet"), (originals.Status, originals.Message));

        foreach (var statement in new[]
        {
            "UPDATE scrub_findings SET resolved_at = now()",
            "DELETE FROM scrub_passes",
            "SELECT sha256 FROM media_assets",
            "SELECT original_path FROM media_assets",
            "UPDATE media_assets SET final_path = '/elsewhere.jpg'",
            "DELETE FROM media_assets",
            "INSERT INTO media_assets (sha256) VALUES ('x')",
            "SELECT count(*) FROM ingest_events",
            "DELETE FROM ingest_claims",
            "CREATE TABLE monitor_notes (note text)",
        })
        {
            await AssertRefusedAsync(db, statement);
        }

        await using var librarian = Open(CatalogRoles.Librarian);
        Assert.Equal<(string, Guid?)>(("/originals/2020/2020-01-01/a.jpg", immichId),
            await librarian.MediaAssets.Select(asset => new ValueTuple<string, Guid?>(asset.FinalPath, asset.ImmichAssetId)).SingleAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Running_the_script_again_changes_the_passwords_and_keeps_the_catalogue()
    {
        _passwords[CatalogRoles.Dashboard] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await RunRolesScriptAsync();

        await using var dashboard = Open(CatalogRoles.Dashboard);
        Assert.Equal(1, await dashboard.MediaAssets.CountAsync(TestContext.Current.CancellationToken));
        var stale = new NpgsqlConnectionStringBuilder(As(CatalogRoles.Dashboard)) { Password = "the-old-one" }.ConnectionString;
        await using var refused = new NpgsqlConnection(stale);
        var error = await Assert.ThrowsAsync<PostgresException>(() => refused.OpenAsync(TestContext.Current.CancellationToken));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    public async ValueTask DisposeAsync() =>
        await TestPostgres.DropDatabaseAsync(new NpgsqlConnectionStringBuilder(TestPostgres.AdminConnectionString) { Database = _database }.ConnectionString);

    private async Task RunRolesScriptAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(TestPostgres.AdminConnectionString);
        var environment = new Dictionary<string, string?>
        {
            ["PGHOST"] = admin.Host,
            ["PGPORT"] = admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = admin.Username,
            ["PGPASSWORD"] = admin.Password,
            ["PGDATABASE"] = "postgres",
            ["CATALOG_DATABASE"] = _database,
        };
        foreach (var (role, password) in _passwords)
        {
            environment[$"{role.ToUpperInvariant()}_DB_PASSWORD"] = password;
        }

        await using var psql = ProcessRun.Start(RequiredBinary.Find("psql", "postgresql-client"),
            ["--no-psqlrc", "--file", Path.Combine(AppHostBuilder.AppHostDirectory, "factory-db", "roles.psql")], environment);
        var exit = await psql.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, $"roles.psql exited {exit}: {psql.StandardError}");
    }

    private string As(string role) =>
        new NpgsqlConnectionStringBuilder(TestPostgres.AdminConnectionString) { Username = role, Password = _passwords[role], Database = _database, Pooling = false }.ConnectionString;

    private CatalogDbContext Open(string role)
    {
        var options = new DbContextOptionsBuilder<PostgresCatalogDbContext>();
        CatalogRegistration.UsePostgres(options, As(role));
        return new PostgresCatalogDbContext(options.Options);
    }

    private IDbContextFactory<CatalogDbContext> Contexts(string role) => new RoleContexts(() => Open(role));

    private async Task<IReadOnlyList<string>> TablesAsync()
    {
        await using var db = Open(CatalogRoles.Librarian);
        var tables = await db.Database.SqlQuery<string>($"SELECT tablename AS \"Value\" FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.Contains("media_assets", tables);
        return tables;
    }

    private async Task<string> AnyColumnAsync(string table)
    {
        await using var db = Open(CatalogRoles.Librarian);
        return await db.Database.SqlQuery<string>($"SELECT column_name::text AS \"Value\" FROM information_schema.columns WHERE table_schema = 'public' AND table_name = {table} ORDER BY ordinal_position LIMIT 1")
            .SingleAsync(TestContext.Current.CancellationToken);
    }

    private static async Task Count(CatalogDbContext db, string table)
    {
        var count = $"SELECT count(*) AS \"Value\" FROM \"{table}\"";
        await db.Database.SqlQueryRaw<long>(count).SingleAsync(TestContext.Current.CancellationToken);
    }

    private static async Task AssertRefusedAsync(CatalogDbContext db, string statement)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync(statement, TestContext.Current.CancellationToken));
        Assert.True(error.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{statement}: {error.SqlState} {error.MessageText}");
    }

    private sealed class RoleContexts(Func<CatalogDbContext> open) : IDbContextFactory<CatalogDbContext>
    {
        public CatalogDbContext CreateDbContext() => open();
    }
}
