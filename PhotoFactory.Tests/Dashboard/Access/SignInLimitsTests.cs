using System.Net;
using PhotoFactory.Dashboard.Access;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PhotoFactory.Tests.Dashboard.Access;

/// <summary>Guessing the password, and what the Dashboard believes of a proxy's headers; each test on a Dashboard of its own.</summary>
public sealed class SignInLimitsTests
{
    private const string WrongPassword = "not-the-password";

    [Fact]
    public async Task After_too_many_wrong_passwords_even_the_right_one_is_refused_and_the_user_is_told_to_wait()
    {
        await using var dashboard = await StartAsync((DashboardServer.Key(nameof(AccessOptions.MaxFailedAttempts)), "3"));
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.OpenAsync(dashboard.Server.Address);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await page.GetByTestId("password").FillAsync(WrongPassword);
            var response = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("sign-in").ClickAsync(), r => r.Request.Method == "POST");
            Assert.Equal((int)HttpStatusCode.Unauthorized, response.Status);
            await Expect(page.GetByTestId("sign-in-problem")).ToHaveTextAsync("Wrong password.");
        }

        await page.GetByTestId("password").FillAsync(dashboard.Server.Password);
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("sign-in").ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal((int)HttpStatusCode.TooManyRequests, refused.Status);
        await Expect(page.GetByTestId("sign-in-problem")).ToHaveTextAsync("Too many failed sign-ins from this address. Try again in 15 minutes.");
        await Browser.ScreenshotAsync(page, "sign-in-too-many");

        using var script = new SignInClient(dashboard.Server);
        using var response429 = await script.SignInAsync(dashboard.Server.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, response429.StatusCode);
        var retryAfter = int.Parse(Assert.Single(response429.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 15 * 60);
        Assert.False(script.IsSignedIn);
    }

    [Fact]
    public async Task X_Forwarded_For_from_an_address_that_is_not_a_trusted_proxy_is_ignored()
    {
        // As the compose file starts it: Aspire's switch that alone would believe the headers from anyone.
        await using var dashboard = await StartAsync(
            (DashboardServer.Key(nameof(AccessOptions.MaxFailedAttempts)), "2"),
            ("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true"));

        // The scheme a stranger claims does not make the cookie Secure.
        using var claimsHttps = new SignInClient(dashboard.Server);
        claimsHttps.Headers["X-Forwarded-Proto"] = "https";
        (await claimsHttps.SignInAsync(dashboard.Server.Password)).Dispose();
        Assert.True(claimsHttps.IsSignedIn);
        Assert.DoesNotContain("secure", SessionCookie(claimsHttps), StringComparison.OrdinalIgnoreCase);

        using var client = new SignInClient(dashboard.Server);

        // Each guess claims to come from somewhere else; all of them come from this test's own address.
        foreach (var claimed in new[] { "10.0.0.1", "10.0.0.2" })
        {
            client.Headers["X-Forwarded-For"] = claimed;
            using var wrong = await client.SignInAsync(WrongPassword);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        client.Headers["X-Forwarded-For"] = "10.0.0.3";
        using var refused = await client.SignInAsync(dashboard.Server.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_is_limited_on_its_own_and_the_cookie_is_Secure_over_https()
    {
        await using var dashboard = await StartAsync(
            (DashboardServer.Key(nameof(AccessOptions.MaxFailedAttempts)), "2"),
            (DashboardServer.Key(nameof(AccessOptions.TrustedProxies)), "192.0.2.0/24, 127.0.0.1"));
        using var guesser = new SignInClient(dashboard.Server);
        guesser.Headers["X-Forwarded-For"] = "10.0.0.1";
        for (var attempt = 0; attempt < 2; attempt++)
        {
            (await guesser.SignInAsync(WrongPassword)).Dispose();
        }

        using var refused = await guesser.SignInAsync(dashboard.Server.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        using var owner = new SignInClient(dashboard.Server);
        owner.Headers["X-Forwarded-For"] = "10.0.0.2";
        owner.Headers["X-Forwarded-Proto"] = "https";
        using var signedIn = await owner.SignInAsync(dashboard.Server.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = SessionCookie(owner);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private static string SessionCookie(SignInClient client) =>
        Assert.Single(client.SetCookies, c => c.StartsWith(AccessRegistration.CookieName + "=", StringComparison.Ordinal));

    private static Task<SeededDashboard> StartAsync(params (string Key, string Value)[] settings) =>
        SeededDashboard.StartAsync(CatalogProvider.Sqlite, settings);
}
