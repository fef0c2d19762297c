using Microsoft.Extensions.Options;

namespace PhotoFactory.Dashboard.Access;

/// <summary>The ways to sign in that this Dashboard offers, read once from its validated settings.</summary>
public sealed class SignInMethods(IOptions<AccessOptions> access, IOptions<OpenIdConnectSettings> openIdConnect)
{
    private readonly Lazy<PasswordHash?> _password = new(() =>
        PasswordHash.TryParse(access.Value.PasswordHash, out var hash, out _) ? hash : null);

    /// <summary>The password's hash; null when only single sign-on is set up.</summary>
    public PasswordHash? Password => string.IsNullOrWhiteSpace(access.Value.PasswordHash) ? null : _password.Value;

    /// <summary>The single sign-on provider's name on the button; null when none is configured.</summary>
    public string? SingleSignOnName => openIdConnect.Value.IsConfigured ? openIdConnect.Value.DisplayName : null;
}
