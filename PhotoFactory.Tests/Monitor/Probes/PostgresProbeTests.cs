using Microsoft.Extensions.Options;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Tests.Catalog;

namespace PhotoFactory.Tests.Monitor.Probes;

public sealed class PostgresProbeTests
{
    [Theory, CatalogProviders]
    public async Task The_catalogue_answering_a_real_query_is_OK_with_its_latency_and_provider(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        // A first query (connection, login, query compilation) on a loaded machine can take seconds; slowness is the next test's.
        var probe = new PostgresProbe(catalog.Contexts(), Ready(), Options.Create(new CatalogueProbeOptions { SlowAfter = TimeSpan.FromMinutes(1) }));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal((CheckNames.FactoryDb, ServiceState.Ok), (result.Name, result.Status));
        Assert.Equal(provider == CatalogProvider.Postgres ? "postgresql" : "sqlite", result.Details!["provider"]!.GetValue<string>());
        Assert.True(result.Latency > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_catalogue_slower_than_the_threshold_is_a_warning_naming_both()
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Postgres);
        // Every real round trip takes longer than nothing, however fast the machine.
        var probe = new PostgresProbe(catalog.Contexts(), Ready(), Options.Create(new CatalogueProbeOptions { SlowAfter = TimeSpan.Zero }));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Warning, result.Status);
        Assert.Matches(@"^catalogue slow: \d+ ms \(more than 0 ms\)$", result.Message);
    }

    [Fact]
    public async Task A_dropped_catalogue_database_is_an_error_with_the_reason()
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Postgres);
        var probe = new PostgresProbe(catalog.Contexts(), Ready(), Options.Create(new CatalogueProbeOptions()));
        await catalog.TakeOfflineAsync();

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Error, result.Status);
        Assert.Contains("does not exist", result.Message);
        await catalog.BringBackAsync();
    }

    [Fact]
    public async Task Before_the_schema_is_current_the_catalogue_is_unknown_and_not_queried()
    {
        await using var catalog = await TestCatalog.CreateEmptyAsync(CatalogProvider.Sqlite);
        var readiness = new CatalogReadiness();
        readiness.Report("waiting for the Librarian to migrate");
        var probe = new PostgresProbe(catalog.Contexts(), readiness, Options.Create(new CatalogueProbeOptions()));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Unknown, result.Status);
        Assert.Equal("catalogue not ready: waiting for the Librarian to migrate", result.Message);
    }

    internal static CatalogReadiness Ready()
    {
        var readiness = new CatalogReadiness();
        readiness.MarkReady("current");
        return readiness;
    }
}
