namespace PhotoFactory.Dashboard.Access;

/// <summary>Who may open the Dashboard and read its API, and whom to believe about a request's origin; bound from <c>Dashboard:Access</c>.</summary>
public sealed class AccessOptions
{
    public const string SectionName = HostContract.DashboardAccess;

    /// <summary>The sign-in password's hash (<see cref="PasswordHash"/>, made with <c>hash-password</c>); never the password.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>The key Homepage sends in <see cref="ApiKeyAuthentication.HeaderName"/> to read <c>/api/summary</c>; unset refuses every caller.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Failed sign-ins one address may make within <see cref="FailureWindow"/> before it is refused.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a failed sign-in counts against its address.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a sign-in lasts without a visit; each visit renews it.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed: addresses or CIDR
    /// networks, separated by commas or semicolons. Empty: the headers are ignored from everyone.
    /// </summary>
    public string? TrustedProxies { get; set; }

    public const int MinimumApiKeyLength = 16;
}
