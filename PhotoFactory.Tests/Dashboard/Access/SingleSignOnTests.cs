using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PhotoFactory.Dashboard.Access;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Dashboard.Access;

/// <summary>
/// Single sign-on against a provider on loopback that serves what Authelia, Authentik or Keycloak serve first: the
/// discovery document and its signing keys. Signing in there is the provider's business; the Dashboard's part is
/// to send the user to the provider's authorization endpoint with a well-formed request.
/// </summary>
public sealed class SingleSignOnTests
{
    private const string ClientId = "photofactory-dashboard";
    private const string AuthorizePath = "/api/oidc/authorization";

    [Fact]
    public async Task With_a_provider_configured_the_sign_in_page_offers_it_and_sends_the_user_to_its_authorize_endpoint()
    {
        await using var provider = await StartProviderAsync();
        await using var dashboard = await SeededDashboard.StartAsync(CatalogProvider.Sqlite,
            (Key(nameof(OpenIdConnectSettings.Authority)), provider.Url.ToString()),
            (Key(nameof(OpenIdConnectSettings.ClientId)), ClientId),
            (Key(nameof(OpenIdConnectSettings.ClientSecret)), "client-secret-from-the-provider"),
            (Key(nameof(OpenIdConnectSettings.DisplayName)), "Authelia"),
            (Key(nameof(OpenIdConnectSettings.RequireHttpsMetadata)), "false"));
        using var client = new SignInClient(dashboard.Server);

        using var page = await client.GetAsync("sign-in?returnUrl=%2Flibrary");
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Sign in with Authelia", html, StringComparison.Ordinal);
        Assert.Contains("sign-in/sso?returnUrl=%2Flibrary", html, StringComparison.Ordinal);

        using var challenge = await client.GetAsync("sign-in/sso?returnUrl=%2Flibrary");

        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location ?? throw new InvalidOperationException("no Location");
        Assert.Equal(new Uri(provider.Url, AuthorizePath).GetLeftPart(UriPartial.Path), location.GetLeftPart(UriPartial.Path));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(ClientId, query["client_id"].ToString());
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal(new Uri(dashboard.Server.Address, "signin-oidc").ToString(), query["redirect_uri"].ToString());
        Assert.Contains("openid", query["scope"].ToString().Split(' '));
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.False(string.IsNullOrEmpty(query["state"].ToString()));
        Assert.DoesNotContain("client-secret", location.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_provider_configured_there_is_no_single_sign_on()
    {
        await using var dashboard = await SeededDashboard.StartAsync(CatalogProvider.Sqlite);
        using var client = new SignInClient(dashboard.Server);

        using var page = await client.GetAsync("sign-in");
        Assert.DoesNotContain("sign-in/sso", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using var challenge = await client.GetAsync("sign-in/sso");
        Assert.Equal(HttpStatusCode.NotFound, challenge.StatusCode);
    }

    private static string Key(string setting) => $"{OpenIdConnectSettings.SectionName.Replace(":", "__", StringComparison.Ordinal)}__{setting}";

    /// <summary>The provider's discovery document and a real RSA signing key, on loopback.</summary>
    private static Task<LoopbackHttpServer> StartProviderAsync()
    {
        using var rsa = RSA.Create(2048);
        var key = rsa.ExportParameters(includePrivateParameters: false);
        var jwks = new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = "test", n = Base64Url.EncodeToString(key.Modulus), e = Base64Url.EncodeToString(key.Exponent) },
            },
        };
        return LoopbackHttpServer.StartAsync(app =>
        {
            app.MapGet("/.well-known/openid-configuration", (HttpRequest request) =>
            {
                var issuer = $"{request.Scheme}://{request.Host}";
                return Results.Json(new Dictionary<string, object>
                {
                    ["issuer"] = issuer,
                    ["authorization_endpoint"] = issuer + AuthorizePath,
                    ["token_endpoint"] = issuer + "/api/oidc/token",
                    ["userinfo_endpoint"] = issuer + "/api/oidc/userinfo",
                    ["jwks_uri"] = issuer + "/jwks.json",
                    ["response_types_supported"] = new[] { "code" },
                    ["subject_types_supported"] = new[] { "public" },
                    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                    ["code_challenge_methods_supported"] = new[] { "S256" },
                });
            });
            app.MapGet("/jwks.json", () => Results.Json(jwks));
        });
    }
}
