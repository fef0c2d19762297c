namespace PhotoFactory.Dashboard.Access;

/// <summary>
/// Optional single sign-on through an OpenID Connect provider (Authelia, Authentik, Keycloak); bound from
/// <c>Dashboard:OpenIdConnect</c> and switched on by setting <see cref="Authority"/>.
/// </summary>
public sealed class OpenIdConnectSettings
{
    public const string SectionName = "Dashboard:OpenIdConnect";

    /// <summary>The provider's issuer address; its <c>/.well-known/openid-configuration</c> is read from there.</summary>
    public Uri? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The provider's name on the sign-in button.</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>Refuse a provider not served over HTTPS. Only a provider on this machine or a test should turn it off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => Authority is not null;
}
