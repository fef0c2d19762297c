namespace PhotoFactory.Monitor;

/// <summary>
/// The <c>service_name</c> of every row the Monitor writes to <c>system_status</c> (one row per check, updated
/// in place) and <c>system_status_history</c> (one row per check run). Columns as the catalogue defines them:
/// <list type="bullet">
/// <item><c>status</c>: OK, WARNING, ERROR or UNKNOWN. UNKNOWN with a message starting "not deployed" means the
/// AppHost declared no such resource (no containers here); "not available" means the Monitor cannot look.</item>
/// <item><c>message</c>: why, in words, e.g. "HTTP 503 from http://localhost:2283/api/server/ping".</item>
/// <item><c>latency_milliseconds</c>: the check's round trip, when it made one.</item>
/// <item><c>last_heartbeat</c>: when the check ran (UTC); <c>status_since</c>: when the status last changed.</item>
/// <item><c>current_task</c>: the kind of check, e.g. "http", "redis", "container" (see <see cref="Kinds"/>).</item>
/// <item><c>details</c>: a JSON object with the check's figures, described on each probe.</item>
/// </list>
/// Services that write their own heartbeat (librarian, dashboard, monitor) keep their own row under their own
/// name; the Monitor's verdicts on them are the <c>/health</c> and <c>/heartbeat</c> rows below.
/// </summary>
public static class CheckNames
{
    /// <summary>The catalogue's database (or the embedded SQLite catalogue): a real query, with its latency.</summary>
    public const string FactoryDb = ResourceNames.FactoryDb;

    /// <summary>Syncthing's health, and with the API key the inbox folder's state and completion.</summary>
    public const string Syncthing = ResourceNames.Syncthing;

    public const string ImmichServer = ResourceNames.ImmichServer;
    public const string ImmichMachineLearning = ResourceNames.ImmichMachineLearning;

    /// <summary>
    /// Immich's external library over the originals: whether the Monitor could make sure it exists, when it last asked
    /// Immich to scan it and how many filed photos Immich has. Shown under Immich's server.
    /// </summary>
    public const string ImmichLibrary = ResourceNames.ImmichServer + "/library";

    /// <summary>
    /// What the Librarian's scrub found in the originals (content changed, missing, strays, writable files) and how far
    /// its pass has come. Shown under the Librarian.
    /// </summary>
    public const string Originals = ResourceNames.Librarian + "/originals";

    /// <summary>A device paired with Syncthing, by its short id (the first block of its device id), e.g. <c>syncthing/device/MFZWI3D</c>.</summary>
    public static string SyncthingDevice(string deviceId) => ResourceNames.SyncthingDevicePrefix + deviceId[..Math.Min(7, deviceId.Length)];

    /// <summary>Immich's PostgreSQL: a login (with credentials) or a protocol handshake (without).</summary>
    public const string ImmichDatabase = ResourceNames.ImmichDatabase;

    /// <summary>Immich's cache: a PING over the Redis protocol.</summary>
    public const string ImmichCache = ResourceNames.ImmichCache;

    public const string Homepage = ResourceNames.Homepage;

    /// <summary>CPU, memory and free space of the inbox and originals volumes.</summary>
    public const string Host = "host";

    /// <summary>The Docker Engine as a whole: answering, or not available.</summary>
    public const string Containers = "containers";

    /// <summary>A service's <c>/health</c> endpoint, e.g. <c>librarian/health</c>.</summary>
    public static string Health(string service) => $"{service}/health";

    /// <summary>Whether a service still writes its heartbeat, e.g. <c>librarian/heartbeat</c>.</summary>
    public static string Heartbeat(string service) => $"{service}/heartbeat";

    /// <summary>One container's state, health, restarts and exit code, e.g. <c>container/immich-server</c>.</summary>
    public static string Container(string service) => $"container/{service}";

    /// <summary>What the Monitor writes to <c>current_task</c>: the kind of check behind the row.</summary>
    public static class Kinds
    {
        public const string Catalogue = "catalogue query";
        public const string Syncthing = "syncthing";
        public const string SyncthingDevice = "syncthing device";
        public const string Http = "http";
        public const string Postgres = "postgresql";
        public const string Redis = "redis";
        public const string Heartbeat = "heartbeat";
        public const string Container = "container";
        public const string Host = "host";
        public const string ImmichLibrary = "immich library";
        public const string Originals = "originals scrub";
    }
}
