using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor.Recording;

public sealed class HistoryRetentionTests
{
    [Theory, CatalogProviders]
    public async Task History_older_than_sixty_days_is_deleted_in_batches_and_newer_history_is_kept(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var now = DateTime.UtcNow;
        await using (var db = catalog.CreateContext())
        {
            for (var i = 0; i < 25; i++)
            {
                db.ServiceStatusHistory.Add(Row(now.AddDays(-61).AddMinutes(-i)));
            }

            db.ServiceStatusHistory.Add(Row(now.AddDays(-59)));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // Default Keep (60 days); a batch of 10 makes three statements of the 25 old rows.
        await using var monitor = await MonitorHost.StartAsync(catalog, ("Monitor:Retention:BatchSize", "10"));

        await Eventually.HoldsAsync(() => monitor.Logs.Entries.Any(e => e.Message.StartsWith("Retention deleted", StringComparison.Ordinal)),
            "retention has run");
        await using var check = catalog.CreateContext();
        var left = await check.ServiceStatusHistory.Where(h => h.ServiceName == "old-service").Select(h => h.HeartbeatTimestamp).ToListAsync(TestContext.Current.CancellationToken);
        var kept = Assert.Single(left);
        Assert.True(Math.Abs((kept - now.AddDays(-59)).TotalSeconds) < 1, $"kept the row of {kept:O}");
        Assert.Contains(monitor.Logs.Entries, e => e.Message.StartsWith("Retention deleted 25 history rows", StringComparison.Ordinal));
    }

    [Theory, CatalogProviders]
    public async Task The_retention_period_is_configurable(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await using (var db = catalog.CreateContext())
        {
            db.ServiceStatusHistory.Add(Row(DateTime.UtcNow.AddDays(-8)));
            db.ServiceStatusHistory.Add(Row(DateTime.UtcNow.AddDays(-6)));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using var monitor = await MonitorHost.StartAsync(catalog, ("Monitor:Retention:Keep", "7.00:00:00"));

        await Eventually.HoldsAsync(async () =>
        {
            await using var db = catalog.CreateContext();
            return await db.ServiceStatusHistory.CountAsync(h => h.ServiceName == "old-service", TestContext.Current.CancellationToken) == 1;
        }, "the eight-day-old row is deleted and the six-day-old one kept");
    }

    private static ServiceStatusHistory Row(DateTime at) => new()
    {
        ServiceName = "old-service",
        Status = ServiceState.Ok,
        HeartbeatTimestamp = at,
        CreatedAt = at,
    };
}
