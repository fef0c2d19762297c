using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Catalog.Persistence;

/// <summary>The start-up path every service takes: AddCatalog, the schema service, and what /health then says.</summary>
public sealed class CatalogSchemaServiceTests
{
    [Theory, CatalogProviders]
    public async Task The_librarian_migrates_an_empty_catalogue_at_start_and_reports_healthy(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateEmptyAsync(provider);
        var builder = catalog.CreateHostBuilder(new FakeTimeProvider(), new TestLoggerProvider());
        builder.AddCatalog(CatalogSchemaMode.ApplyMigrations);
        using var host = builder.Build();
        var readiness = host.Services.GetRequiredService<CatalogReadiness>();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => readiness.IsReady, "the catalogue is ready");

        var health = await CatalogHealthAsync(host);
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Contains("catalogue schema current", health.Description);
        Assert.Contains("migration(s) applied", health.Description);
        await using var db = catalog.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_migration_lock_left_by_a_killed_librarian_does_not_block_the_next_start()
    {
        await using var catalog = await TestCatalog.CreateEmptyAsync(CatalogProvider.Sqlite);
        await using (var db = catalog.CreateContext())
        {
            // What EF Core leaves in the embedded catalogue when the migrating process is killed.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TABLE \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Timestamp\" TEXT NOT NULL); INSERT INTO \"__EFMigrationsLock\" VALUES (1, '2026-01-01');",
                TestContext.Current.CancellationToken);
        }

        var builder = catalog.CreateHostBuilder(new FakeTimeProvider(), new TestLoggerProvider());
        builder.AddCatalog(CatalogSchemaMode.ApplyMigrations);
        using var host = builder.Build();
        var readiness = host.Services.GetRequiredService<CatalogReadiness>();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => readiness.IsReady, "the catalogue is ready despite the stale lock", TimeSpan.FromSeconds(20));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory, CatalogProviders]
    public async Task A_service_started_on_a_current_catalogue_is_ready_without_migrating(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var builder = catalog.CreateHostBuilder(new FakeTimeProvider(), new TestLoggerProvider());
        builder.AddCatalog(CatalogSchemaMode.WaitForOwner);
        using var host = builder.Build();
        var readiness = host.Services.GetRequiredService<CatalogReadiness>();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => readiness.IsReady, "the catalogue is ready");

        var health = await CatalogHealthAsync(host);
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.DoesNotContain("applied", health.Description);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory, CatalogProviders]
    public async Task A_waiting_service_stays_unhealthy_saying_it_waits_for_the_librarian_until_the_schema_is_current(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateEmptyAsync(provider);
        var time = new FakeTimeProvider();
        var logs = new TestLoggerProvider();
        var builder = catalog.CreateHostBuilder(time, logs);
        builder.AddCatalog(CatalogSchemaMode.WaitForOwner);
        using var host = builder.Build();
        var readiness = host.Services.GetRequiredService<CatalogReadiness>();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => readiness.State.StartsWith("waiting", StringComparison.Ordinal), "the service says it is waiting");

        var waiting = await CatalogHealthAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, waiting.Status);
        Assert.StartsWith("waiting for the Librarian to apply", waiting.Description);
        Assert.DoesNotContain("unreachable", waiting.Description);
        Assert.False(readiness.IsReady);
        Assert.Empty(logs.At(LogLevel.Warning));
        await using (var db = catalog.CreateContext())
        {
            Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        }

        // The Librarian migrates; the waiting service notices on its next check.
        await catalog.MigrateAsync();
        await Eventually.HoldsAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return readiness.IsReady;
        }, "the waiting service sees the current schema");

        Assert.Equal(HealthStatus.Healthy, (await CatalogHealthAsync(host)).Status);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_unreachable_postgres_is_reported_and_retried_with_backoff_without_stopping_the_service()
    {
        using var contentRoot = new TempDirectory("unreachable");
        var time = new FakeTimeProvider();
        var logs = new TestLoggerProvider();
        var builder = TestCatalog.CreateHostBuilder(contentRoot.Path, time, logs,
            ($"ConnectionStrings:{CatalogOptions.ConnectionStringName}",
                $"Host=127.0.0.1;Port={ClosedPort()};Database=photofactory;Username=postgres;Password=postgres;Timeout=5"));
        builder.AddCatalog(CatalogSchemaMode.ApplyMigrations);
        using var host = builder.Build();
        var readiness = host.Services.GetRequiredService<CatalogReadiness>();
        var schema = host.Services.GetServices<IHostedService>().OfType<CatalogSchemaService>().Single();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        await host.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => readiness.State.StartsWith("catalogue unreachable, retrying in 0.5 s", StringComparison.Ordinal),
            "the first failed attempt is reported");
        await Eventually.HoldsAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(0.5));
            return logs.At(LogLevel.Warning).Count() >= 2;
        }, "a second attempt is made after the backoff");

        Assert.Matches("^catalogue unreachable, retrying in [1-9][0-9]* s: ", readiness.State);

        var health = await CatalogHealthAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("unreachable, retrying", health.Description);
        Assert.False(readiness.IsReady);
        Assert.False(schema.ExecuteTask!.IsCompleted, "the schema service gave up");
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the host is stopping");
        Assert.All(logs.At(LogLevel.Warning), entry => Assert.StartsWith("Catalogue unavailable, retrying", entry.Message));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<HealthReportEntry> CatalogHealthAsync(IHost host)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        return report.Entries["catalog"];
    }

    /// <summary>A loopback port nothing listens on: taken from the OS, then released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
