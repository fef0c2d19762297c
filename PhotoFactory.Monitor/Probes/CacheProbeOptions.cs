namespace PhotoFactory.Monitor.Probes;

/// <summary><c>Monitor:Cache</c>: Immich's Redis-protocol cache (Valkey).</summary>
public sealed class CacheProbeOptions : ProbeOptions
{
    public const string SectionName = "Monitor:Cache";

    /// <summary>Sent with AUTH first when set; Immich's cache runs without one by default.</summary>
    public string? Password { get; set; }
}
