using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Dashboard;

/// <summary>
/// One seeded catalogue and one running Dashboard per provider, and one Chromium, shared by the read-only
/// browser tests of a class; each is started the first time a test asks for it.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<CatalogProvider, SeededDashboard> _dashboards = [];
    private Browser? _browser;

    public async Task<Browser> BrowserAsync()
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            return _browser ??= await Browser.LaunchAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<SeededDashboard> DashboardAsync(CatalogProvider provider)
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!_dashboards.TryGetValue(provider, out var dashboard))
            {
                dashboard = await SeededDashboard.StartAsync(provider);
                _dashboards[provider] = dashboard;
            }

            return dashboard;
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var dashboard in _dashboards.Values)
        {
            await dashboard.DisposeAsync();
        }

        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>A seeded catalogue with the Dashboard running on it.</summary>
public sealed class SeededDashboard : IAsyncDisposable
{
    private SeededDashboard(TestCatalog catalog, CatalogSeeder.Seeded seeded, DashboardServer server)
    {
        Catalog = catalog;
        Seeded = seeded;
        Server = server;
    }

    public TestCatalog Catalog { get; }
    public CatalogSeeder.Seeded Seeded { get; }
    public DashboardServer Server { get; }

    public static async Task<SeededDashboard> StartAsync(CatalogProvider provider, params (string Key, string Value)[] settings)
    {
        var catalog = await TestCatalog.CreateMigratedAsync(provider, "dashboard");
        try
        {
            CatalogSeeder.Seeded seeded;
            await using (var db = catalog.CreateContext())
            {
                seeded = await CatalogSeeder.SeedAsync(db, DateTime.UtcNow);
            }

            var server = await DashboardServer.StartAsync(catalog, waitUntilHealthy: true, settings);
            return new SeededDashboard(catalog, seeded, server);
        }
        catch
        {
            await catalog.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Catalog.DisposeAsync();
    }
}
