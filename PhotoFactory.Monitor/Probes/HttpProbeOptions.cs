namespace PhotoFactory.Monitor.Probes;

/// <summary><c>Monitor:Http</c>: the HTTP endpoints (Immich, its machine learning, Homepage, the services' /health).</summary>
public sealed class HttpProbeOptions : ProbeOptions
{
    public const string SectionName = "Monitor:Http";

    /// <summary>An answer slower than this is a WARNING.</summary>
    public TimeSpan SlowAfter { get; set; } = TimeSpan.FromSeconds(2);
}
