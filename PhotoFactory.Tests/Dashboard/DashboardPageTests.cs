using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PhotoFactory.Tests.Dashboard;

/// <summary>The real Dashboard in a real Chromium, on a seeded catalogue, on both providers; each page is screenshotted.</summary>
public sealed class DashboardPageTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>, IAsyncDisposable
{
    private const string ImmichServer = "immich-server";
    private const string Syncthing = "syncthing";
    private const string Librarian = "librarian";
    private const string Homepage = "homepage";

    /// <summary>Each test's pages are closed when it ends, so that they do not keep refreshing during the next ones.</summary>
    public async ValueTask DisposeAsync() => await fixture.ClosePagesAsync();

    [Theory, CatalogProviders]
    public async Task Overview_shows_the_seeded_numbers_and_the_latest_files(CatalogProvider provider)
    {
        var (dashboard, page) = await OpenAsync(provider, "");
        var seeded = dashboard.Seeded;

        await Expect(page.GetByTestId("assets-secured")).ToHaveTextAsync(Count(seeded.Assets));
        await Expect(page.GetByTestId("processed-last-hour")).ToHaveTextAsync(Count(seeded.FiledLastHour));
        await Expect(page.GetByTestId("waiting-in-inbox")).ToHaveTextAsync(Count(seeded.WaitingInInbox));
        await Expect(page.GetByTestId("quarantined")).ToHaveTextAsync(Count(seeded.Quarantined));
        await Expect(page.GetByTestId("librarian-heartbeat")).ToHaveAttributeAsync("data-signal", "green");
        await Expect(page.GetByTestId("latest-filed").Locator("tbody tr")).ToHaveCountAsync(10);
        await ExpectChartDrawnAsync(page, "chart-per-day");
        await ExpectChartDrawnAsync(page, "chart-by-year");
        await Expect(page.GetByTestId("host-memory")).Not.ToHaveTextAsync("n/a / n/a");

        // Is every phone still syncing? The silent one first, in warning colour; an unpaired one is gone.
        var devices = page.GetByTestId("devices").GetByTestId("device");
        await Expect(devices).ToHaveCountAsync(2);
        await Expect(devices.Nth(0).GetByTestId("device-name")).ToHaveTextAsync(CatalogSeeder.SilentDevice);
        await Expect(devices.Nth(0).GetByTestId("device-state")).ToHaveTextAsync("not seen for 9 d");
        await Expect(devices.Nth(0).GetByTestId("device-state")).ToHaveAttributeAsync("data-signal", "yellow");
        await Expect(devices.Nth(1).GetByTestId("device-name")).ToHaveTextAsync(CatalogSeeder.ConnectedDevice);
        await Expect(devices.Nth(1).GetByTestId("device-state")).ToHaveTextAsync("connected, in sync");
        await Expect(devices.Nth(1).GetByTestId("device-state")).ToHaveAttributeAsync("data-signal", "green");
        await Expect(page.GetByTestId("devices")).Not.ToContainTextAsync(CatalogSeeder.UnpairedDevice);

        await Browser.ScreenshotAsync(page, $"overview-{provider}");
        var phone = await (await fixture.BrowserAsync()).OpenSignedInAsync(dashboard.Server, phone: true);
        await Expect(phone.GetByTestId("assets-secured")).ToHaveTextAsync(Count(seeded.Assets));
        await ExpectChartDrawnAsync(phone, "chart-by-year");
        await AssertNoSidewaysScrollAsync(phone);
        await Browser.ScreenshotAsync(phone, $"overview-phone-{provider}");
    }

    [Theory, CatalogProviders]
    public async Task A_file_name_with_markup_is_shown_as_text(CatalogProvider provider)
    {
        var (dashboard, page) = await OpenAsync(provider, "");

        var newest = page.GetByTestId("latest-filed").Locator("tbody tr").First.Locator("td.pf-name");
        await Expect(newest).ToHaveTextAsync(CatalogSeeder.MarkupName);
        // Only the pictures the Dashboard puts there: none made from the name.
        Assert.Equal(0, await page.GetByTestId("latest-filed").Locator("img:not([data-testid='thumbnail']), b").CountAsync());

        await page.GotoAsync(new Uri(dashboard.Server.Address, $"library/{dashboard.Seeded.MarkupAssetId}").ToString());
        await Expect(page.GetByTestId("asset-name")).ToHaveTextAsync(CatalogSeeder.MarkupName);
        Assert.Equal(0, await page.Locator("main img:not([data-testid='thumbnail']), main b").CountAsync());
        await Expect(page.Locator("main [data-testid='thumbnail']")).ToHaveAttributeAsync("alt", $"Picture of {CatalogSeeder.MarkupName}");
        Assert.NotEqual("pwned", await page.TitleAsync());
    }

    [Theory, CatalogProviders]
    public async Task An_asset_page_links_to_the_photo_in_Immich_once_Immich_has_it(CatalogProvider provider)
    {
        var (dashboard, page) = await OpenAsync(provider, "");

        await page.GotoAsync(new Uri(dashboard.Server.Address, $"library/{dashboard.Seeded.LocatedAssetId}").ToString());
        var link = page.GetByTestId("asset-immich").GetByRole(AriaRole.Link, new() { Name = "Open in Immich" });
        await Expect(link).ToHaveAttributeAsync("href", $"{CatalogSeeder.ImmichUrl}/photos/{CatalogSeeder.LocatedImmichAssetId}");
        await Expect(page.Locator("main [data-testid='thumbnail']")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, $"asset-in-immich-{provider}");

        await page.GotoAsync(new Uri(dashboard.Server.Address, $"library/{dashboard.Seeded.MarkupAssetId}").ToString());
        await Expect(page.GetByTestId("asset-immich")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\s*Not in Immich yet"));
        Assert.Equal(0, await page.GetByTestId("asset-immich").Locator("a").CountAsync());
    }

    [Theory, CatalogProviders]
    public async Task A_service_in_error_is_red_with_its_reason_and_a_healthy_one_green(CatalogProvider provider)
    {
        var (dashboard, page) = await OpenAsync(provider, "services");

        var immich = page.Locator($"[data-service='{ImmichServer}']");
        await Expect(immich.GetByTestId("service-status")).ToHaveAttributeAsync("data-signal", "red");
        await Expect(immich.GetByTestId("service-reason")).ToHaveTextAsync(CatalogSeeder.ErrorServiceMessage);
        var (red, green, blue) = await BackgroundAsync(immich.GetByTestId("service-status").Locator(".rz-badge"));
        Assert.True(red > 180 && green < 120 && blue < 120, $"the badge of a service in error should be red, was rgb({red}, {green}, {blue})");

        await Expect(immich.GetByTestId("service-container")).ToContainTextAsync("exited");
        await Expect(immich.GetByTestId("uptime-day")).ToHaveTextAsync(0.0.ToString("P1", CultureInfo.InvariantCulture));
        await Expect(immich.GetByTestId("uptime-week")).ToHaveTextAsync(0.5.ToString("P1", CultureInfo.InvariantCulture));
        var week = immich.GetByTestId("uptime-week-strip").Locator(".pf-strip-cell");
        await Expect(week).ToHaveCountAsync(7);
        Assert.Equal(
            ["grey", "grey", "grey", "green", "grey", "grey", "red"],
            await week.EvaluateAllAsync<string[]>("cells => cells.map(c => [...c.classList].find(k => k.startsWith('pf-strip-') && k !== 'pf-strip-cell').slice(9))"));
        var host = page.Locator($"[data-service='{CatalogSeeder.HostCheck}']");
        await Expect(host.GetByTestId("service-status")).ToHaveAttributeAsync("data-signal", "green");

        var syncthing = page.Locator($"[data-service='{Syncthing}']");
        await Expect(syncthing.GetByTestId("service-status")).ToHaveAttributeAsync("data-signal", "yellow");
        var librarian = page.Locator($"[data-service='{Librarian}']");
        await Expect(librarian.GetByTestId("service-status")).ToHaveAttributeAsync("data-signal", "green");
        await Expect(librarian.GetByTestId("service-container")).ToContainTextAsync("running (healthy)");
        var homepage = page.Locator($"[data-service='{Homepage}']");
        await Expect(homepage.GetByTestId("service-status")).ToHaveAttributeAsync("data-signal", "grey");
        await Browser.ScreenshotAsync(page, $"services-{provider}");
        var phone = await (await fixture.BrowserAsync()).OpenSignedInAsync(dashboard.Server, "services", phone: true);
        await Expect(phone.Locator($"[data-service='{ImmichServer}'] [data-testid='service-status']")).ToHaveAttributeAsync("data-signal", "red");
        await AssertNoSidewaysScrollAsync(phone);
        var hidden = await phone.GetByTestId("services").EvaluateAsync<int>("t => t.parentElement.scrollWidth - t.parentElement.clientWidth");
        Assert.True(hidden <= 1, $"the services table scrolls sideways by {hidden}px inside its card on a phone");
        var stripRight = await phone.Locator($"[data-service='{ImmichServer}'] [data-testid='uptime-week-strip']").EvaluateAsync<double>("e => e.getBoundingClientRect().right");
        Assert.True(stripRight <= phone.ViewportSize!.Width, $"the week's uptime ends at {stripRight}px, past the phone's {phone.ViewportSize.Width}px");
        await Browser.ScreenshotAsync(phone, $"services-phone-{provider}");

        await immich.GetByRole(AriaRole.Link, new() { Name = ImmichServer }).ClickAsync();
        await Expect(page.GetByTestId("service-name")).ToHaveTextAsync(ImmichServer);
        await Expect(page.GetByTestId("service-status")).ToHaveAttributeAsync("data-signal", "red");
        await Expect(page.GetByTestId("service-history").Locator("tbody tr")).ToHaveCountAsync(50);
        await Expect(page.GetByTestId("service-checks")).ToContainTextAsync("container/immich-server");
        await Expect(page.GetByTestId("service-checks")).ToContainTextAsync("restartCount");
        await Expect(page.GetByTestId("container-log")).ToContainTextAsync("No Docker socket");
        await ExpectChartDrawnAsync(page, "chart-uptime");
        await ExpectChartDrawnAsync(page, "chart-uptime-week");
        await Expect(page.GetByTestId("uptime-week")).ToHaveTextAsync(0.5.ToString("P1", CultureInfo.InvariantCulture));
        await Browser.ScreenshotAsync(page, $"service-detail-{provider}");
    }

    [Theory, CatalogProviders]
    public async Task Library_filters_narrow_the_grid_and_sorting_reverses_it(CatalogProvider provider)
    {
        var (dashboard, page) = await OpenAsync(provider, "library");
        var seeded = dashboard.Seeded;
        var rows = page.GetByTestId("library-row");

        await Expect(rows).ToHaveCountAsync(seeded.Assets);
        await Expect(page.GetByTestId("library-count")).ToHaveTextAsync($"{seeded.Assets} assets match");
        await Browser.ScreenshotAsync(page, $"library-{provider}");

        await page.GetByTestId("filter-kind").SelectOptionAsync("Raw");
        await Expect(rows).ToHaveCountAsync(seeded.Raws);
        await page.GetByTestId("filter-kind").SelectOptionAsync("Video");
        await Expect(rows).ToHaveCountAsync(seeded.Videos);

        await page.GetByTestId("filter-clear").ClickAsync();
        await page.GetByTestId("filter-location").SelectOptionAsync("yes");
        await Expect(rows).ToHaveCountAsync(seeded.WithLocation);

        await page.GetByTestId("filter-clear").ClickAsync();
        await page.GetByTestId("filter-errors").SelectOptionAsync("yes");
        await Expect(rows).ToHaveCountAsync(seeded.WithErrors);
        await Expect(rows.First.GetByTestId("library-name")).ToHaveTextAsync("scan.jpg");

        await page.GetByTestId("filter-clear").ClickAsync();
        await page.GetByTestId("filter-camera").SelectOptionAsync(new SelectOptionValue { Label = "Canon EOS R5" });
        await Expect(rows).ToHaveCountAsync(seeded.Canon);

        await page.GetByTestId("filter-clear").ClickAsync();
        await page.GetByTestId("filter-from").FillAsync("2021-01-01");
        await page.GetByTestId("filter-to").FillAsync("2021-12-31");
        await Expect(rows).ToHaveCountAsync(seeded.In2021);
        await Browser.ScreenshotAsync(page, $"library-filtered-{provider}");

        // Newest capture first by default; one click on the header turns it round.
        await Expect(rows.First).ToContainTextAsync("2021-06-08");
        await page.GetByTestId("sort-captured").ClickAsync();
        await Expect(rows.First).ToContainTextAsync("2021-06-01");

        await page.GetByTestId("filter-clear").ClickAsync();
        await page.GetByTestId("filter-location").SelectOptionAsync("yes");
        await Expect(rows).ToHaveCountAsync(seeded.WithLocation);
        await rows.First.GetByTestId("library-name").ClickAsync();
        await Expect(page.GetByTestId("asset-location")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, $"asset-{provider}");

        var phone = await (await fixture.BrowserAsync()).OpenSignedInAsync(dashboard.Server, "library", phone: true);
        await Expect(phone.GetByTestId("library-row")).ToHaveCountAsync(seeded.Assets);
        await AssertNoSidewaysScrollAsync(phone);
        await Browser.ScreenshotAsync(phone, $"library-phone-{provider}");
    }

    [Theory, CatalogProviders]
    public async Task Problems_lists_quarantined_files_duplicates_and_services_in_error(CatalogProvider provider)
    {
        var (dashboard, page) = await OpenAsync(provider, "problems");

        await Expect(page.GetByTestId("quarantined-files").Locator("tbody tr")).ToHaveCountAsync(dashboard.Seeded.Quarantined);
        await Expect(page.GetByTestId("quarantined-files")).ToContainTextAsync("empty file");
        await Expect(page.GetByTestId("quarantined-files")).ToContainTextAsync("phone/<script>alert(1)</script>.heic");
        await Expect(page.GetByTestId("duplicate-files").Locator("tbody tr")).ToHaveCountAsync(dashboard.Seeded.Duplicates);
        await Expect(page.GetByTestId("duplicate-files").Locator("tbody tr a")).ToHaveCountAsync(dashboard.Seeded.Duplicates);
        await Expect(page.GetByTestId("problem-services")).ToContainTextAsync(ImmichServer);
        await Expect(page.GetByTestId("problem-services")).ToContainTextAsync(CatalogSeeder.ErrorServiceMessage);
        await Expect(page.GetByTestId("asset-errors")).ToContainTextAsync("truncated EXIF segment");
        await Browser.ScreenshotAsync(page, $"problems-{provider}");

        // A phone silent too long is a problem like any other: Syncthing is listed, and its page names the phone.
        await page.GetByTestId("problem-services").GetByRole(AriaRole.Link, new() { Name = Syncthing, Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("service-checks")).ToContainTextAsync($"{CatalogSeeder.SilentDevice}: not seen for 9 days");
    }

    [Theory, CatalogProviders]
    public async Task Summary_api_returns_the_overview_numbers(CatalogProvider provider)
    {
        var dashboard = await fixture.DashboardAsync(provider);
        using var client = dashboard.Server.CreateApiClient();

        using var response = await client.GetAsync("api/summary", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var summary = json.RootElement;
        Assert.Equal(dashboard.Seeded.Assets, summary.GetProperty("assetsSecured").GetInt64());
        Assert.Equal(dashboard.Seeded.FiledLastHour, summary.GetProperty("processedLastHour").GetInt64());
        Assert.Equal(dashboard.Seeded.WaitingInInbox, summary.GetProperty("waitingInInbox").GetInt32());
        Assert.Equal(dashboard.Seeded.Quarantined, summary.GetProperty("quarantined").GetInt64());
        Assert.Equal(dashboard.Seeded.Duplicates, summary.GetProperty("duplicates").GetInt64());
        Assert.Equal("OK", summary.GetProperty("librarianStatus").GetString());
        Assert.Equal("green", summary.GetProperty("librarianHeartbeat").GetString());
        Assert.Equal(dashboard.Seeded.OriginalsNotAsFiled, summary.GetProperty("originalsNotAsFiled").GetInt32());
        Assert.Equal(JsonValueKind.String, summary.GetProperty("originalsLastProvedAt").ValueKind);
    }

    [Theory, CatalogProviders]
    public async Task Originals_shows_the_scrubs_progress_and_each_finding_with_what_was_expected_and_found(CatalogProvider provider)
    {
        var (dashboard, page) = await OpenAsync(provider, "");

        // The overview says at once that something is wrong with the originals, and leads to it.
        await Expect(page.GetByTestId("originals-state")).ToHaveTextAsync($"{dashboard.Seeded.OriginalsNotAsFiled} file(s) not as filed");
        await page.GetByTestId("originals-state").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/originals$"));

        await Expect(page.GetByTestId("scrub-last-pass")).ToContainTextAsync($"{dashboard.Seeded.Assets} files");
        await Expect(page.GetByTestId("scrub-current-pass")).ToContainTextAsync($"5 of {dashboard.Seeded.Assets} files");
        await Expect(page.GetByTestId("scrub-current-pass")).ToContainTextAsync("read at 19.1 MB/s");
        await Expect(page.GetByTestId("scrub-progress")).ToBeVisibleAsync();
        var rows = page.GetByTestId("scrub-finding");
        await Expect(rows).ToHaveCountAsync(3);
        // Open findings first, the oldest on top; then what was put right.
        await Expect(rows.Nth(0).GetByTestId("finding-kind")).ToHaveTextAsync("content changed");
        await Expect(rows.Nth(0).GetByTestId("finding-found")).ToHaveTextAsync(CatalogSeeder.RottenFound);
        await Expect(rows.Nth(0).GetByTestId("finding-expected")).ToContainTextAsync("SHA-256 ");
        await Expect(rows.Nth(1).GetByTestId("finding-path")).ToHaveTextAsync(CatalogSeeder.StrayPath);
        await Expect(rows.Nth(2)).ToContainTextAsync("resolved");
        await Expect(rows.Nth(2).GetByTestId("finding-kind")).ToHaveTextAsync("writable");
        await Browser.ScreenshotAsync(page, $"originals-{provider}");

        // The changed photo's path leads to its page in the library.
        await rows.Nth(0).GetByTestId("finding-path").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/library/{dashboard.Seeded.RottenAssetId}$"));
    }

    private async Task<(SeededDashboard Dashboard, IPage Page)> OpenAsync(CatalogProvider provider, string path)
    {
        var dashboard = await fixture.DashboardAsync(provider);
        var browser = await fixture.BrowserAsync();
        var page = await browser.OpenSignedInAsync(dashboard.Server, path);
        // Clicks and selections are handled only once the page's circuit is live.
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        return (dashboard, page);
    }

    /// <summary>Radzen draws a chart's series once the browser has measured it, a moment after the page is live.</summary>
    private static Task ExpectChartDrawnAsync(IPage page, string testId) =>
        Expect(page.GetByTestId(testId).Locator("g[class*='-series']").First).ToBeAttachedAsync();

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 1, $"the page scrolls sideways by {overflow}px on a phone");
    }

    private static async Task<(int Red, int Green, int Blue)> BackgroundAsync(ILocator element)
    {
        var colour = await element.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        var parts = colour[(colour.IndexOf('(', StringComparison.Ordinal) + 1)..colour.IndexOf(')', StringComparison.Ordinal)]
            .Split(',').Select(p => (int)double.Parse(p.Trim(), CultureInfo.InvariantCulture)).ToArray();
        return (parts[0], parts[1], parts[2]);
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
