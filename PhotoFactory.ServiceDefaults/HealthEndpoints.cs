namespace PhotoFactory;

/// <summary>
/// Where every service answers health checks (mapped by <c>MapDefaultEndpoints</c>). Linked into the AppHost, which
/// waits on <see cref="Health"/> and writes it into the deployment's health checks.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>Ready: every health check passes.</summary>
    public const string Health = "/health";

    /// <summary>Alive: the process answers.</summary>
    public const string Alive = "/alive";
}
