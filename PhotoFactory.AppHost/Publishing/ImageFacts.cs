namespace PhotoFactory.AppHost.Publishing;

/// <summary>
/// What a deployment (compose or Kubernetes) needs to know about an image that the AppHost model cannot say: how it checks its own
/// health from inside the container, and whether its entrypoint drops to <c>PUID</c>/<c>PGID</c> by itself.
/// </summary>
internal static class ImageFacts
{
    /// <summary>The port the .NET services listen on inside their containers (ASP.NET Core's container default).</summary>
    public const int ProjectPort = 8080;

    /// <summary>The .NET services' health endpoint (ServiceDefaults maps it in every environment).</summary>
    public const string ProjectHealthPath = HealthEndpoints.Health;

    /// <summary>
    /// Images whose own HEALTHCHECK is the one to use (Immich's compose file does the same), with the address it asks:
    /// a compose file turns the image's check on, and Kubernetes, which ignores image health checks, asks the same.
    /// </summary>
    private static readonly Dictionary<string, HttpCheck> BuiltInHealthChecks = new(StringComparer.Ordinal)
    {
        ["immich-app/immich-server"] = new("/api/server/ping", 2283, ImageRunsIt: true, Interval: TimeSpan.FromSeconds(30), StartPeriod: TimeSpan.FromSeconds(60)),
        ["immich-app/immich-machine-learning"] = new("/ping", 3003, ImageRunsIt: true, Interval: TimeSpan.FromSeconds(30), StartPeriod: TimeSpan.FromSeconds(60)),
        ["gethomepage/homepage"] = new("/api/healthcheck", 3000, ImageRunsIt: true, Interval: TimeSpan.FromSeconds(30), StartPeriod: TimeSpan.FromSeconds(30)),
    };

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
    public static readonly ContainerHardening ProjectHardening = new(ReadOnlyRoot: true, Tmpfs: ["/tmp"], DropCapabilities: ["ALL"], NoNewPrivileges: true);

    public static bool StartsAsRootAndSwitchesToPuid(string image) => SwitchesToPuid.Contains(Repository(image));

    /// <summary>A container's health check, or null when the image has no way to check itself.</summary>
    public static HealthCheck? HealthCheck(string image, IReadOnlyDictionary<string, string> environment, int? httpPort)
    {
        var repository = Repository(image);
        if (BuiltInHealthChecks.TryGetValue(repository, out var builtIn))
        {
            return builtIn;
        }

        if (repository == "postgres" || repository.EndsWith("/postgres", StringComparison.Ordinal))
        {
            List<string> test = ["pg_isready", "-h", "127.0.0.1", "-U", environment.GetValueOrDefault("POSTGRES_USER", "postgres")];
            if (environment.TryGetValue("POSTGRES_DB", out var database))
            {
                test.AddRange(["-d", database]);
            }

            return new CommandCheck(test, Interval: TimeSpan.FromSeconds(10), StartPeriod: TimeSpan.FromSeconds(30));
        }

        if (repository == "valkey/valkey")
        {
            return new CommandCheck(["valkey-cli", "ping"], Interval: TimeSpan.FromSeconds(10), StartPeriod: TimeSpan.FromSeconds(10));
        }

        if (repository is "redis" or "library/redis")
        {
            return new CommandCheck(["redis-cli", "ping"], Interval: TimeSpan.FromSeconds(10), StartPeriod: TimeSpan.FromSeconds(10));
        }

        if (repository == "syncthing/syncthing" && httpPort is int port)
        {
            // /rest/system/ping with the API key answers on every Syncthing version (/rest/noauth/health only from 1.20
            // on); the container's shell expands STGUIAPIKEY, which is set in it.
            return new ShellCheck($"curl -fsS -m 5 -H \"X-API-Key: $STGUIAPIKEY\" http://127.0.0.1:{port}/rest/system/ping",
                Interval: TimeSpan.FromSeconds(30), StartPeriod: TimeSpan.FromSeconds(30));
        }

        return null;
    }

    /// <summary>The .NET services' readiness (every check passes); their images carry curl for compose to ask it.</summary>
    public static readonly HttpCheck ProjectHealthCheck =
        new(ProjectHealthPath, ProjectPort, ImageRunsIt: false, Interval: TimeSpan.FromSeconds(30), StartPeriod: TimeSpan.FromSeconds(60));
}
