using System.Net;
using PhotoFactory.Dashboard.Access;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PhotoFactory.Tests.Dashboard.Access;

/// <summary>The real Dashboard on a seeded catalogue, read by someone who has not signed in, and then by someone who has.</summary>
public sealed class SignInRequiredTests(SignInRequiredTests.Fixture fixture) : IClassFixture<SignInRequiredTests.Fixture>
{
    /// <summary>One seeded Dashboard for the class; no test here fails a sign-in, so none is held up by the limit.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public SeededDashboard Dashboard { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Dashboard = await SeededDashboard.StartAsync(CatalogProvider.Sqlite);

        public async ValueTask DisposeAsync() => await Dashboard.DisposeAsync();
    }

    private DashboardServer Server => fixture.Dashboard.Server;

    [Fact]
    public async Task Without_signing_in_every_page_redirects_to_sign_in_and_shows_no_data()
    {
        using var client = new SignInClient(Server);
        string[] paths = ["", "library", $"library/{fixture.Dashboard.Seeded.MarkupAssetId}", "problems", "services", "services/librarian", "error", "no-such-page"];

        foreach (var path in paths)
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"/{path} answered {(int)response.StatusCode}, not a redirect to sign-in");
            Assert.Equal($"/sign-in?returnUrl={Uri.EscapeDataString("/" + path)}", response.Headers.Location?.PathAndQuery);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.DoesNotContain(CatalogSeeder.ErrorServiceMessage, body, StringComparison.Ordinal);
        }

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.OpenAsync(new Uri(Server.Address, "library"));
        await Expect(page.GetByTestId("sign-in-form")).ToBeVisibleAsync();
        Assert.Equal("/sign-in", new Uri(page.Url).AbsolutePath);
        Assert.Equal(0, await page.GetByTestId("library-row").CountAsync());
        await Browser.ScreenshotAsync(page, "sign-in");

        await Browser.SignInAsync(page, Server.Password);
        Assert.Equal("/library", new Uri(page.Url).AbsolutePath);
        await Expect(page.GetByTestId("library-row")).ToHaveCountAsync(fixture.Dashboard.Seeded.Assets);
    }

    [Fact]
    public async Task The_live_connection_is_refused_without_signing_in()
    {
        using var client = new SignInClient(Server);

        using var refused = await client.PostAsync("_blazor/negotiate?negotiateVersion=1");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var signIn = await client.SignInAsync(Server.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var accepted = await client.PostAsync("_blazor/negotiate?negotiateVersion=1");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("connectionToken", await accepted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_api_answers_only_with_the_api_key()
    {
        using var anonymous = Server.CreateClient();
        using var withoutKey = await anonymous.GetAsync("api/summary", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.DoesNotContain("assetsSecured", await withoutKey.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "api/summary");
        // The right key but for its last character (changed, whatever it was: one key in sixteen ends in "0").
        wrong.Headers.Add(ApiKeyAuthentication.HeaderName, Server.ApiKey[..^1] + (Server.ApiKey[^1] == '0' ? "1" : "0"));
        using var wrongKey = await anonymous.SendAsync(wrong, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);

        // A browser's sign-in is for pages; the API wants its key.
        using var signedIn = new SignInClient(Server);
        (await signedIn.SignInAsync(Server.Password)).Dispose();
        using var withCookie = await signedIn.GetAsync("api/summary");
        Assert.Equal(HttpStatusCode.Unauthorized, withCookie.StatusCode);

        using var homepage = Server.CreateApiClient();
        using var withKey = await homepage.GetAsync("api/summary", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Contains("assetsSecured", await withKey.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_checks_answer_without_signing_in()
    {
        using var client = Server.CreateClient();

        foreach (var path in new[] { "health", "alive" })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    [Theory]
    [InlineData("rebind.attacker.example")]
    [InlineData("photos.home.arpa")]
    public async Task A_host_name_not_allowed_gets_400(string host)
    {
        using var client = new SignInClient(Server);
        client.Headers["Host"] = host;

        foreach (var path in new[] { "", "sign-in", "health", "api/summary" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        client.Headers["Host"] = $"localhost:{Server.Address.Port}";
        using var allowed = await client.GetAsync("sign-in");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_cookie_is_HttpOnly_and_SameSite_and_over_plain_http_not_Secure()
    {
        using var client = new SignInClient(Server);

        using var response = await client.SignInAsync(Server.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(client.SetCookies, c => c.StartsWith(AccessRegistration.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task After_signing_in_the_user_returns_to_the_page_asked_for_but_never_to_another_site()
    {
        using var client = new SignInClient(Server);

        using var local = await client.SignInAsync(Server.Password, "/problems");
        Assert.Equal("/problems", local.Headers.Location?.OriginalString);

        foreach (var elsewhere in new[] { "//attacker.example/", "https://attacker.example/", "/\\attacker.example" })
        {
            using var other = new SignInClient(Server);
            using var response = await other.SignInAsync(Server.Password, elsewhere);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.OpenSignedInAsync(Server, "problems");
        await Expect(page.Locator("main[data-interactive='true']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("quarantined-files")).ToBeVisibleAsync();

        await page.GetByTestId("sign-out").ClickAsync();

        await Expect(page.GetByTestId("sign-in-form")).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(Server.Address, "problems").ToString());
        await Expect(page.GetByTestId("sign-in-form")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByTestId("quarantined-files").CountAsync());
    }
}
