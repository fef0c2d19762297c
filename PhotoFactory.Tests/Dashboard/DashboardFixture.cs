using Microsoft.EntityFrameworkCore;
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

    /// <summary>Closes the pages the last test opened, if it opened any.</summary>
    public async Task ClosePagesAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAllPagesAsync();
        }
    }

    public async Task<SeededDashboard> DashboardAsync(CatalogProvider provider)
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!_dashboards.TryGetValue(provider, out var dashboard))
            {
                dashboard = await SeededDashboard.StartAsync(provider, ("Dashboard:ImmichUrl", CatalogSeeder.ImmichUrl));
                _dashboards[provider] = dashboard;
            }

            await dashboard.KeepReportingAsync();
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
    private DateTime _reportedAt;

    private SeededDashboard(TestCatalog catalog, CatalogSeeder.Seeded seeded, DashboardServer server, DateTime seededAt)
    {
        Catalog = catalog;
        Seeded = seeded;
        Server = server;
        _reportedAt = seededAt;
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
            var now = DateTime.UtcNow;
            await using (var db = catalog.CreateContext())
            {
                seeded = await CatalogSeeder.SeedAsync(db, now);
            }

            var server = await DashboardServer.StartAsync(catalog, waitUntilHealthy: true, settings);
            return new SeededDashboard(catalog, seeded, server, now);
        }
        catch
        {
            await catalog.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Moves every service's last report on by the time since the last move, as services reporting on schedule
    /// would: the seeded ages (the Librarian's 10 s, the others' 20 s) stay what the tests expect, however long
    /// a busy machine took over the tests that shared this catalogue before.
    /// </summary>
    public async Task KeepReportingAsync()
    {
        var now = DateTime.UtcNow;
        var elapsed = now - _reportedAt;
        await using var db = Catalog.CreateContext();
        foreach (var status in await db.ServiceStatuses.ToListAsync(TestContext.Current.CancellationToken))
        {
            status.LastHeartbeat += elapsed;
            status.UpdatedAt += elapsed;
        }

        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        _reportedAt = now;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Catalog.DisposeAsync();
    }
}
