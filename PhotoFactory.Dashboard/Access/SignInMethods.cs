using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace PhotoFactory.Dashboard.Access;

/// <summary>The ways to sign in that this Dashboard offers, read once from its validated settings.</summary>
public sealed class SignInMethods(IOptions<AccessOptions> access, IOptions<OpenIdConnectSettings> openIdConnect)
{
    /// <summary>The claim holding <see cref="PasswordFingerprint"/> in a password session's cookie.</summary>
    public const string PasswordClaim = "photofactory:password";

    private readonly Lazy<PasswordHash?> _password = new(() =>
        PasswordHash.TryParse(access.Value.PasswordHash, out var hash, out _) ? hash : null);

    /// <summary>The password's hash; null when only single sign-on is set up.</summary>
    public PasswordHash? Password => string.IsNullOrWhiteSpace(access.Value.PasswordHash) ? null : _password.Value;

    /// <summary>
    /// Names the password a session was opened with, so that a new hash (a changed password) ends every session
    /// opened with the old one at its next request.
    /// </summary>
    public string? PasswordFingerprint => Password is null
        ? null
        : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(access.Value.PasswordHash!.Trim())))[..16];

    /// <summary>The single sign-on provider's name on the button; null when none is configured.</summary>
    public string? SingleSignOnName => openIdConnect.Value.IsConfigured ? openIdConnect.Value.DisplayName : null;
}
