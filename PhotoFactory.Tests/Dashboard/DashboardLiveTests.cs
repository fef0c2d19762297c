using System.Net;
using System.Text.Json;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PhotoFactory.Tests.Dashboard;

/// <summary>The real Dashboard keeping up with a catalogue that changes or goes away under it, each test on its own.</summary>
public sealed class DashboardLiveTests
{
    [Theory, CatalogProviders]
    public async Task Numbers_update_by_themselves_without_a_reload(CatalogProvider provider)
    {
        await using var dashboard = await SeededDashboard.StartAsync(provider);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.OpenSignedInAsync(dashboard.Server);
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("assets-secured")).ToHaveTextAsync(dashboard.Seeded.Assets.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // A reload would lose this.
        await page.EvaluateAsync("() => window.pfMarker = 'still the same page'");

        await using (var db = dashboard.Catalog.CreateContext())
        {
            var now = DateTime.UtcNow;
            db.MediaAssets.Add(new MediaAsset
            {
                Sha256 = new string('a', 64),
                OriginalName = "just-arrived.jpg",
                OriginalPath = "phone/just-arrived.jpg",
                FinalPath = "2026/2026-11-25/just-arrived.jpg",
                Kind = MediaKind.Photo,
                IngestedAt = now,
                CreatedAt = now,
            });
            db.IngestEvents.Add(new IngestEvent { Kind = IngestEventKind.Quarantined, SourcePath = "phone/broken.mov", Reason = "unreadable", OccurredAt = now });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await Expect(page.GetByTestId("assets-secured")).ToHaveTextAsync((dashboard.Seeded.Assets + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("processed-last-hour")).ToHaveTextAsync((dashboard.Seeded.FiledLastHour + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("quarantined")).ToHaveTextAsync((dashboard.Seeded.Quarantined + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("latest-filed").Locator("tbody tr").First).ToContainTextAsync("just-arrived.jpg");
        Assert.Equal("still the same page", await page.EvaluateAsync<string>("() => window.pfMarker"));
    }

    [Theory, CatalogProviders]
    public async Task A_catalogue_not_there_yet_is_reported_in_words_not_a_stack_trace(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateEmptyAsync(provider, "dashboard_empty");
        await using var server = await DashboardServer.StartAsync(catalog, waitUntilHealthy: false);
        await using var browser = await Browser.LaunchAsync();

        var page = await browser.OpenSignedInAsync(server);

        await Expect(page.GetByTestId("problem")).ToContainTextAsync("The catalogue is not available");
        await Expect(page.GetByTestId("problem")).ToContainTextAsync("waiting for the Librarian");
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        await Expect(page.GetByTestId("host-disk")).Not.ToHaveTextAsync("n/a");
        await Browser.ScreenshotAsync(page, $"overview-no-catalogue-{provider}");

        using var client = server.CreateApiClient();
        using var response = await client.GetAsync("api/summary", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("not available", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// PostgreSQL only: a SQLite file deleted under a running process stays readable through its open handles,
    /// so there is no outage to see.
    /// </summary>
    [Fact]
    public async Task A_catalogue_lost_while_running_is_reported_and_the_last_numbers_stay()
    {
        await using var dashboard = await SeededDashboard.StartAsync(CatalogProvider.Postgres);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.OpenSignedInAsync(dashboard.Server);
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        var assets = dashboard.Seeded.Assets.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Expect(page.GetByTestId("assets-secured")).ToHaveTextAsync(assets);

        await dashboard.Catalog.TakeOfflineAsync();

        await Expect(page.GetByTestId("problem")).ToContainTextAsync("The catalogue could not be read");
        await Expect(page.GetByTestId("assets-secured")).ToHaveTextAsync(assets);
        Assert.DoesNotContain("   at ", await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "overview-catalogue-lost-Postgres");

        await dashboard.Catalog.BringBackAsync();
        await Expect(page.GetByTestId("problem")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("assets-secured")).ToHaveTextAsync("0");
    }
}
