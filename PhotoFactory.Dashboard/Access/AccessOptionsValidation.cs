using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace PhotoFactory.Dashboard.Access;

/// <summary>
/// Refuses to start a Dashboard anyone could open: no way to sign in, a hash that is not one, a short API key,
/// a proxy list that does not parse, or host names that accept any Host header.
/// </summary>
public sealed class AccessOptionsValidation(IOptions<OpenIdConnectSettings> openIdConnect)
    : IValidateOptions<AccessOptions>, IValidateOptions<HostFilteringOptions>
{
    public const string AllowedHostsKey = "AllowedHosts";

    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        var errors = new List<string>();
        var prefix = AccessOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.PasswordHash))
        {
            if (!openIdConnect.Value.IsConfigured)
            {
                errors.Add($"{prefix}:PasswordHash is not set and neither is {OpenIdConnectSettings.SectionName}:Authority, so nobody could sign in. " +
                    "Make a hash with `dotnet PhotoFactory.Dashboard.dll hash-password` (docs/deploy.md, Security).");
            }
        }
        else if (!PasswordHash.TryParse(options.PasswordHash, out _, out var problem))
        {
            errors.Add($"{prefix}:PasswordHash is not a password hash: {problem}. Put the hash there, never the password.");
        }

        if (options.ApiKey is { Length: > 0 and < AccessOptions.MinimumApiKeyLength })
        {
            errors.Add($"{prefix}:ApiKey must be at least {AccessOptions.MinimumApiKeyLength} characters, e.g. the output of `openssl rand -hex 16`.");
        }

        if (options.MaxFailedAttempts < 1)
        {
            errors.Add($"{prefix}:MaxFailedAttempts must be at least 1.");
        }

        if (options.FailureWindow <= TimeSpan.Zero || options.SessionLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}:FailureWindow and {prefix}:SessionLifetime must be positive.");
        }

        TrustedProxies.Parse(options.TrustedProxies, out var invalid);
        if (invalid.Count > 0)
        {
            errors.Add($"{prefix}:TrustedProxies has entries that are neither an address nor a CIDR network: {string.Join(", ", invalid)}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, HostFilteringOptions options) =>
        options.AllowedHosts.Count == 0 || options.AllowedHosts.Contains("*")
            ? ValidateOptionsResult.Fail(
                $"{AllowedHostsKey} must list the host names browsers use for the Dashboard, separated by semicolons " +
                $"(e.g. photos.home.arpa;localhost), not \"*\": a page on another site could otherwise read the Dashboard through DNS rebinding.")
            : ValidateOptionsResult.Success;
}

/// <summary>Single sign-on, when switched on, needs a client id and (unless told otherwise) an https provider.</summary>
public sealed class OpenIdConnectSettingsValidation : IValidateOptions<OpenIdConnectSettings>
{
    public ValidateOptionsResult Validate(string? name, OpenIdConnectSettings options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        var prefix = OpenIdConnectSettings.SectionName;
        if (options.Authority is not { IsAbsoluteUri: true } authority || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{prefix}:Authority must be the provider's absolute https address.");
        }
        else if (authority.Scheme == Uri.UriSchemeHttp && options.RequireHttpsMetadata)
        {
            errors.Add($"{prefix}:Authority is plain http; use the provider's https address (or set {prefix}:RequireHttpsMetadata=false for a provider on this machine).");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            errors.Add($"{prefix}:ClientId must be set when {prefix}:Authority is.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
