namespace PhotoFactory.AppHost.Publishing;

/// <summary>
/// What the compose file needs to know about an image that the AppHost model cannot say: how it checks its own
/// health from inside the container, and whether its entrypoint drops to <c>PUID</c>/<c>PGID</c> by itself.
/// </summary>
internal static class ImageFacts
{
    /// <summary>The port the .NET services listen on inside their containers (ASP.NET Core's container default).</summary>
    public const int ProjectPort = 8080;

    /// <summary>The .NET services' health endpoint (ServiceDefaults maps it in every environment).</summary>
    public const string ProjectHealthPath = HealthEndpoints.Health;

    /// <summary>Images whose own HEALTHCHECK is the one to use (Immich's compose file does the same).</summary>
    private static readonly HashSet<string> BuiltInHealthChecks =
    [
        "immich-app/immich-server",
        "immich-app/immich-machine-learning",
        "gethomepage/homepage",
    ];

    /// <summary>Images that start as root and switch to <c>PUID</c>:<c>PGID</c> themselves.</summary>
    private static readonly HashSet<string> SwitchesToPuid =
    [
        "syncthing/syncthing",
        "gethomepage/homepage",
    ];

    /// <summary><c>ghcr.io/immich-app/immich-server:v3.2.2</c> becomes <c>immich-app/immich-server</c>.</summary>
    public static string Repository(string image)
    {
        var name = image;
        var digest = name.IndexOf('@', StringComparison.Ordinal);
        if (digest >= 0)
        {
            name = name[..digest];
        }

        var tag = name.LastIndexOf(':');
        if (tag > name.LastIndexOf('/'))
        {
            name = name[..tag];
        }

        var parts = name.Split('/');
        if (parts.Length > 1 && (parts[0].Contains('.', StringComparison.Ordinal) || parts[0].Contains(':', StringComparison.Ordinal) || parts[0] == "localhost"))
        {
            parts = parts[1..];
        }

        return string.Join('/', parts);
    }

    /// <summary>
    /// How the .NET services run: no privilege gained through set-user-ID programs, no Linux capabilities (they need
    /// none: their files are their user's and they listen above 1024), and a read-only root file system, with a
    /// tmpfs at <c>/tmp</c> for the runtime's diagnostics socket and temporary files. Everything they keep lives in
    /// their mounted folders.
    /// </summary>
    public static YamlMap ProjectHardening() => new()
    {
        { "read_only", true },
        { "tmpfs", new List<object> { "/tmp" } },
        { "cap_drop", new List<object> { "ALL" } },
        { "security_opt", new List<object> { "no-new-privileges:true" } },
    };

    public static bool StartsAsRootAndSwitchesToPuid(string image) => SwitchesToPuid.Contains(Repository(image));

    /// <summary>The compose health check of a container, or null when the image has no way to check itself.</summary>
    public static YamlMap? HealthCheck(string image, IReadOnlyDictionary<string, string> environment, int? httpPort)
    {
        var repository = Repository(image);
        if (BuiltInHealthChecks.Contains(repository))
        {
            return new YamlMap { { "disable", false } };
        }

        if (repository == "postgres" || repository.EndsWith("/postgres", StringComparison.Ordinal))
        {
            List<object> test = ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", environment.GetValueOrDefault("POSTGRES_USER", "postgres")];
            if (environment.TryGetValue("POSTGRES_DB", out var database))
            {
                test.AddRange(["-d", database]);
            }

            return Check(test, interval: "10s", startPeriod: "30s");
        }

        if (repository == "valkey/valkey")
        {
            return Check(["CMD", "valkey-cli", "ping"], interval: "10s", startPeriod: "10s");
        }

        if (repository is "redis" or "library/redis")
        {
            return Check(["CMD", "redis-cli", "ping"], interval: "10s", startPeriod: "10s");
        }

        if (repository == "syncthing/syncthing" && httpPort is int port)
        {
            // /rest/system/ping with the API key answers on every Syncthing version (/rest/noauth/health only from 1.20
            // on); $$ keeps the variable for the container's shell, where STGUIAPIKEY is set.
            return Check(["CMD-SHELL", $"curl -fsS -m 5 -H \"X-API-Key: $$STGUIAPIKEY\" http://127.0.0.1:{port}/rest/system/ping"], interval: "30s", startPeriod: "30s");
        }

        return null;
    }

    /// <summary>The .NET services' images carry curl for exactly this (see their Dockerfiles).</summary>
    public static YamlMap ProjectHealthCheck() =>
        Check(["CMD", "curl", "-fsS", "-m", "5", $"http://127.0.0.1:{ProjectPort}{ProjectHealthPath}"], interval: "30s", startPeriod: "60s");

    private static YamlMap Check(List<object> test, string interval, string startPeriod) => new()
    {
        { "test", test },
        { "interval", interval },
        { "timeout", "5s" },
        { "retries", 5 },
        { "start_period", startPeriod },
    };
}
