using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PhotoFactory.Dashboard.Overview;

namespace PhotoFactory.Dashboard.Access;

/// <summary>
/// Who may see the Dashboard: every page and the live connection need a signed-in user (password or single sign-on),
/// <c>/api/summary</c> needs the API key, only health checks and the sign-in page are open; requests for other host
/// names are refused, and forwarded headers are believed only from the configured proxies.
/// </summary>
public static class AccessRegistration
{
    public const string CookieName = ".PhotoFactory.Dashboard";

    /// <summary>The host names answered when <c>AllowedHosts</c> is not set.</summary>
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static IHostApplicationBuilder AddDashboardAccess(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.SectionName).ValidateOnStart();
        services.AddOptions<OpenIdConnectSettings>().BindConfiguration(OpenIdConnectSettings.SectionName).ValidateOnStart();
        // Unset, the host would accept any Host header; the Dashboard then answers only this machine's loopback names.
        // (Set in code, not appsettings.json, which every web host in the test process would read too.)
        services.AddOptions<HostFilteringOptions>()
            .PostConfigure(hosts =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration[AccessOptionsValidation.AllowedHostsKey]))
                {
                    hosts.AllowedHosts = [.. LoopbackHosts];
                }
            })
            .ValidateOnStart();
        services.AddSingleton<AccessOptionsValidation>();
        services.AddSingleton<IValidateOptions<AccessOptions>>(provider => provider.GetRequiredService<AccessOptionsValidation>());
        services.AddSingleton<IValidateOptions<OpenIdConnectSettings>, OpenIdConnectSettingsValidation>();
        services.AddSingleton<IValidateOptions<HostFilteringOptions>>(provider => provider.GetRequiredService<AccessOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SignInMethods>();

        var authentication = services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                // Lax, not Strict: the return from a single sign-on provider is a cross-site navigation.
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                // Secure whenever the request came over HTTPS, directly or from a trusted proxy that says so.
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = SignInEndpoints.SignInPath;
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.Events.OnRedirectToLogin = RedirectOnlyPageVisits;
                cookie.Events.OnValidatePrincipal = EndSessionsOfAnOldPassword;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, configureOptions: null);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AccessOptions>>((cookie, access) => cookie.ExpireTimeSpan = access.Value.SessionLifetime);

        var singleSignOn = builder.Configuration.GetSection(OpenIdConnectSettings.SectionName).Get<OpenIdConnectSettings>();
        if (singleSignOn is { IsConfigured: true })
        {
            authentication.AddOpenIdConnect(oidc =>
            {
                oidc.Authority = singleSignOn.Authority!.ToString();
                oidc.ClientId = singleSignOn.ClientId;
                oidc.ClientSecret = singleSignOn.ClientSecret;
                oidc.RequireHttpsMetadata = singleSignOn.RequireHttpsMetadata;
                oidc.ResponseType = "code";
                oidc.UsePkce = true;
                oidc.Scope.Clear();
                oidc.Scope.Add("openid");
                oidc.Scope.Add("profile");
                oidc.GetClaimsFromUserInfoEndpoint = true;
                oidc.MapInboundClaims = false;
                oidc.TokenValidationParameters.NameClaimType = "preferred_username";
                oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            });
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(CookieAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build())
            .AddPolicy(ApiKeyAuthentication.Policy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser());

        // Also overrides ASPNETCORE_FORWARDEDHEADERS_ENABLED, which would believe the headers from anyone.
        services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<AccessOptions>>((forwarded, access) =>
        {
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            var proxies = TrustedProxies.Parse(access.Value.TrustedProxies, out _);
            // With both lists empty the middleware would believe every sender, so no proxy means no forwarding.
            forwarded.ForwardedHeaders = proxies.Count == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                forwarded.KnownIPNetworks.Add(proxy);
            }
        });

        return builder;
    }

    /// <summary>Forwarded headers first, so that the client address and scheme are right for everything after.</summary>
    public static WebApplication UseDashboardAccess(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        if (string.IsNullOrEmpty(app.Services.GetRequiredService<IOptions<AccessOptions>>().Value.ApiKey))
        {
            Log.NoApiKey(app.Services.GetRequiredService<ILogger<SignInThrottle>>());
        }

        return app;
    }

    private static async Task EndSessionsOfAnOldPassword(CookieValidatePrincipalContext context)
    {
        var opened = context.Principal?.FindFirst(SignInMethods.PasswordClaim)?.Value;
        var current = context.HttpContext.RequestServices.GetRequiredService<SignInMethods>().PasswordFingerprint;
        if (opened is not null && opened != current)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>A page visit goes to the sign-in page; the live connection, the API and form posts just get 401.</summary>
    private static Task RedirectOnlyPageVisits(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.Request;
        var isPageVisit = HttpMethods.IsGet(request.Method)
            && !request.Path.StartsWithSegments("/_blazor")
            && !request.Path.StartsWithSegments(SummaryEndpoint.Path);
        if (isPageVisit)
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }

        return Task.CompletedTask;
    }
}
