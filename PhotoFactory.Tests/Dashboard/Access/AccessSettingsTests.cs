using System.Net;
using PhotoFactory.Dashboard.Access;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Dashboard.Access;

/// <summary>The real Dashboard refuses to start open to anyone, and its <c>hash-password</c> command makes a hash it accepts.</summary>
public sealed class AccessSettingsTests
{
    [Theory]
    [InlineData(nameof(AccessOptions.PasswordHash), "", "Dashboard:Access:PasswordHash is not set and neither is Dashboard:OpenIdConnect:Authority")]
    [InlineData(nameof(AccessOptions.PasswordHash), "correct horse battery staple", "Dashboard:Access:PasswordHash is not a password hash")]
    [InlineData(nameof(AccessOptions.PasswordHash), "pbkdf2-sha256:1000:98JC-XdNIZ77LK9_CU9dUg:SBVuMad6EhM2x7SMKWvOtC-rxlhUX0i1XrA7665hFuU", "the iteration count must be a number of at least 100,000")]
    [InlineData(nameof(AccessOptions.ApiKey), "short", "Dashboard:Access:ApiKey must be at least 16 characters")]
    [InlineData(nameof(AccessOptions.TrustedProxies), "10.0.0.0/8; proxy.lan", "neither an address nor a CIDR network: proxy.lan")]
    [InlineData("AllowedHosts", "*", "AllowedHosts must list the host names")]
    public async Task A_Dashboard_that_would_be_open_or_misread_its_settings_does_not_start_and_says_why(string setting, string value, string expected)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Sqlite, "access_settings");
        var key = setting == "AllowedHosts" ? setting : DashboardServer.Key(setting);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => DashboardServer.StartAsync(catalog, waitUntilHealthy: false, (key, value)));

        Assert.Contains("exited during start", refused.Message, StringComparison.Ordinal);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hash_password_command_makes_a_hash_that_signs_in_with_that_password_only()
    {
        const string password = "a long family password";
        await using var command = ProcessRun.StartService("PhotoFactory.Dashboard", [HashPasswordCommand.Name]);
        command.WriteInputAndClose(password + "\n");
        Assert.Equal(0, await command.WaitAsync(TimeSpan.FromMinutes(1)));
        var hash = command.StandardOutput.Trim();
        Assert.StartsWith("pbkdf2-sha256:600000:", hash, StringComparison.Ordinal);
        Assert.DoesNotContain(password, hash, StringComparison.Ordinal);

        await using var dashboard = await SeededDashboard.StartAsync(CatalogProvider.Sqlite, (DashboardServer.Key(nameof(AccessOptions.PasswordHash)), hash));
        using var client = new SignInClient(dashboard.Server);
        using var wrong = await client.SignInAsync(dashboard.Server.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var right = await client.SignInAsync(password);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.True(client.IsSignedIn);
    }

    [Fact]
    public async Task A_new_password_hash_ends_the_sessions_opened_with_the_old_password()
    {
        const string oldPassword = "the old family password";
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Sqlite, "access_rotation");
        var oldHash = (DashboardServer.Key(nameof(AccessOptions.PasswordHash)), PasswordHash.Create(oldPassword));
        var newHash = (DashboardServer.Key(nameof(AccessOptions.PasswordHash)), PasswordHash.Create("the new family password"));

        SignInClient browser;
        await using (var before = await DashboardServer.StartAsync(catalog, waitUntilHealthy: true, oldHash))
        {
            browser = new SignInClient(before);
            (await browser.SignInAsync(oldPassword)).Dispose();
            using var page = await browser.GetAsync("problems");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // A restart with the same password keeps the session: what ends it below is the new hash, not the restart.
        await using (var restarted = await DashboardServer.StartAsync(catalog, waitUntilHealthy: true, oldHash))
        {
            using var same = browser.WithCookiesFor(restarted);
            using var page = await same.GetAsync("problems");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        await using var rotated = await DashboardServer.StartAsync(catalog, waitUntilHealthy: true, newHash);
        using var after = browser.WithCookiesFor(rotated);
        using var refused = await after.GetAsync("problems");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/sign-in", refused.Headers.Location?.AbsolutePath);
        browser.Dispose();
    }

    [Fact]
    public async Task The_hash_password_command_refuses_a_short_password()
    {
        await using var command = ProcessRun.StartService("PhotoFactory.Dashboard", [HashPasswordCommand.Name]);
        command.WriteInputAndClose("short\n");

        Assert.Equal(1, await command.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal("", command.StandardOutput);
        Assert.Contains("at least 8 characters", command.StandardError, StringComparison.Ordinal);
    }
}
