namespace PhotoFactory.Monitor.Probes;

/// <summary><c>Monitor:ImmichDatabase</c>: Immich's PostgreSQL, and the login to check it with.</summary>
public sealed class ImmichDatabaseProbeOptions : ProbeOptions
{
    public const string SectionName = HostContract.MonitorImmichDatabase;

    public string Username { get; set; } = "postgres";

    /// <summary>Without a password the probe checks the protocol handshake only, not a login.</summary>
    public string? Password { get; set; }

    public string Database { get; set; } = "immich";
}
