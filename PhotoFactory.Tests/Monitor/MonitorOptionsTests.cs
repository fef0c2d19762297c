using Microsoft.Extensions.Options;
using PhotoFactory.Tests.Catalog;

namespace PhotoFactory.Tests.Monitor;

public sealed class MonitorOptionsTests
{
    [Theory]
    [InlineData("Monitor:Cache:Timeout", "02:00:00", "Timeout must not be longer than Interval")]
    [InlineData("Monitor:Http:Interval", "00:00:00", "Interval and Timeout must be positive")]
    [InlineData("Monitor:Heartbeats:MissedBeats", "0", "MissedBeats must be at least 1")]
    [InlineData("Monitor:Retention:Keep", "00:00:00", "Keep, Interval and BatchSize must be positive")]
    public async Task A_bad_setting_stops_the_monitor_at_start_naming_it(string key, string value, string complaint)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Sqlite);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var monitor = await MonitorHost.StartAsync(catalog, (key, value));
        });

        Assert.Contains(complaint, error.Message);
    }
}
