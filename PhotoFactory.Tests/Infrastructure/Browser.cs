using Microsoft.Playwright;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright. Playwright's own browser download is not used (the machine has no
/// internet), so a missing /usr/bin/chromium fails the test with the command that installs it.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// Milliseconds an expectation or a navigation may take: a bound for what never happens, not a measure. At a load
    /// average near 100 a page load has taken more than 30 s.
    /// </summary>
    private const float Patience = 90_000;

    private readonly IPlaywright _playwright;
    private readonly List<IBrowserContext> _open = [];

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    /// <summary>Where screenshots go: <c>test-artifacts/</c> in the test output folder.</summary>
    public static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "test-artifacts");

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The dashboard's browser tests need Debian's Chromium at {ChromiumPath}: run `apt-get install -y chromium`.");
        }

        // The machine is shared and often loaded; a circuit may take seconds to connect. Assertions still retry fast.
        Assertions.SetDefaultExpectTimeout(Patience);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            return new Browser(playwright, chromium);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh page (own cookies, own circuit) with a desktop or a phone-sized viewport.</summary>
    public async Task<IPage> OpenAsync(Uri address, bool phone = false)
    {
        var context = await Chromium.NewContextAsync(phone
            ? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 }
            : new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(Patience);
        lock (_open)
        {
            _open.Add(context);
        }

        var page = await context.NewPageAsync();
        await page.GotoAsync(address.ToString());
        return page;
    }

    /// <summary>
    /// Closes every page opened so far. A Dashboard page left open stays live, re-reading the catalogue and redrawing
    /// its charts every refresh; a class whose tests share one browser closes them after each test, or the pages of
    /// earlier tests load the machine for the later ones.
    /// </summary>
    public async Task CloseAllPagesAsync()
    {
        IBrowserContext[] open;
        lock (_open)
        {
            open = [.. _open];
            _open.Clear();
        }

        foreach (var context in open)
        {
            await context.CloseAsync();
        }
    }

    /// <summary>
    /// A fresh page on <paramref name="path"/> of the Dashboard, signed in as a user does: the Dashboard sends the
    /// page to its sign-in form, the password is typed and sent, and the Dashboard brings the page back.
    /// </summary>
    public async Task<IPage> OpenSignedInAsync(DashboardServer dashboard, string path = "", bool phone = false)
    {
        try
        {
            var page = await OpenAsync(new Uri(dashboard.Address, path), phone);
            await SignInAsync(page, dashboard.Password);
            return page;
        }
        catch (TimeoutException ex)
        {
            // What the Dashboard was doing, and how loaded the machine was, say more than Playwright's call log.
            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
            var output = dashboard.Output;
            throw new TimeoutException($"{ex.Message}\nLoad average: {load}\nThe Dashboard's last output:\n{output[Math.Max(0, output.Length - 8000)..]}", ex);
        }
    }

    /// <summary>Types <paramref name="password"/> into the sign-in form the page shows, sends it and waits to be let in.</summary>
    public static async Task SignInAsync(IPage page, string password)
    {
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("sign-in").ClickAsync();
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/sign-in", StringComparison.Ordinal));
    }

    /// <summary>Saves a full-page screenshot as <c>test-artifacts/{name}.png</c> and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        var path = Path.Combine(ArtifactsDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}
