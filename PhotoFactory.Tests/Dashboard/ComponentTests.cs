using Bunit;
using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Dashboard.Live;
using PhotoFactory.Dashboard.Overview;
using PhotoFactory.Dashboard.Stack;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Dashboard;

/// <summary>The Dashboard's components rendered by bUnit on a real seeded SQLite catalogue.</summary>
public sealed class ComponentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Signal.Green, "rz-badge-success")]
    [InlineData(Signal.Yellow, "rz-badge-warning")]
    [InlineData(Signal.Red, "rz-badge-danger")]
    [InlineData(Signal.Grey, "rz-badge-base")]
    public void A_signal_badge_is_drawn_in_its_colour(Signal signal, string badgeClass)
    {
        using var context = new BunitContext();

        var badge = context.Render<SignalBadge>(parameters => parameters
            .Add(b => b.Signal, signal)
            .Add(b => b.Text, "ERROR"));

        Assert.Equal(signal.ToString().ToLowerInvariant(), badge.Find("[data-signal]").GetAttribute("data-signal"));
        Assert.Contains(badgeClass, badge.Find(".rz-badge").ClassList);
    }

    [Fact]
    public async Task Services_show_an_error_in_red_and_turn_a_service_that_stops_reporting_red_by_themselves()
    {
        await using var catalog = await SeededCatalogAsync();
        var time = new FakeTimeProvider(Now);
        await using var context = DashboardComponentContext.Create(catalog, time);

        var page = context.Render<ServicesView>();

        await page.WaitForAssertionAsync(() => Assert.Equal("red", SignalOf(page, "immich-server")));
        Assert.Equal("green", SignalOf(page, "librarian"));
        Assert.Contains(CatalogSeeder.ErrorServiceMessage, page.Find("[data-service='immich-server'] [data-testid='service-reason']").TextContent);

        // Nobody writes a heartbeat while the clock moves on: four librarian intervals later it is red on its own.
        for (var i = 0; i < 60; i++)
        {
            time.Advance(DashboardComponentContext.RefreshInterval);
        }

        await page.WaitForAssertionAsync(() => Assert.Equal("red", SignalOf(page, "librarian")));
        Assert.Contains("no report for", page.Find("[data-service='librarian'] [data-testid='service-reason']").TextContent);
    }

    [Fact]
    public async Task The_overview_encodes_a_file_name_with_markup()
    {
        await using var catalog = await SeededCatalogAsync();
        await using var context = DashboardComponentContext.Create(catalog, new FakeTimeProvider(Now));

        var page = context.Render<OverviewView>();

        await page.WaitForAssertionAsync(() => Assert.Equal(CatalogSeeder.MarkupName, page.Find("[data-testid='latest-filed'] tbody tr td.pf-name a").TextContent));
        Assert.Empty(page.FindAll("[data-testid='latest-filed'] img:not([data-testid='thumbnail'])"));
        Assert.Contains("&lt;img src=x", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_overview_says_why_when_the_catalogue_is_not_ready()
    {
        await using var catalog = await TestCatalog.CreateEmptyAsync(CatalogProvider.Sqlite);
        await using var context = DashboardComponentContext.Create(catalog, new FakeTimeProvider(Now), catalogueReady: false);

        var page = context.Render<OverviewView>();

        Assert.Contains("The catalogue is not available: waiting for the Librarian to apply 3 migration(s).", page.Find("[data-testid='problem']").TextContent);
        Assert.Empty(page.FindAll("[data-testid='assets-secured']"));
    }

    [Theory]
    [InlineData(30, 60, Signal.Green)]
    [InlineData(119, 60, Signal.Green)]
    [InlineData(121, 60, Signal.Yellow)]
    [InlineData(239, 60, Signal.Yellow)]
    [InlineData(241, 60, Signal.Red)]
    [InlineData(400, 300, Signal.Green)]
    public void A_heartbeat_is_green_until_a_beat_is_missed_and_red_after_three(int ageSeconds, int intervalSeconds, Signal expected) =>
        Assert.Equal(expected, Signals.OfHeartbeat(TimeSpan.FromSeconds(ageSeconds), TimeSpan.FromSeconds(intervalSeconds)));

    private static string? SignalOf(IRenderedComponent<ServicesView> page, string service) =>
        page.Find($"[data-service='{service}'] [data-testid='service-status']").GetAttribute("data-signal");

    private static async Task<TestCatalog> SeededCatalogAsync()
    {
        var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Sqlite, "dashboard_components");
        await using var db = catalog.CreateContext();
        await CatalogSeeder.SeedAsync(db, Now.UtcDateTime);
        return catalog;
    }
}
