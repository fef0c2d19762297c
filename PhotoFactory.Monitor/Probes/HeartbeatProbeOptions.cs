namespace PhotoFactory.Monitor.Probes;

/// <summary><c>Monitor:Heartbeats</c>: which services write heartbeats, and how often each should.</summary>
public sealed class HeartbeatProbeOptions : ProbeOptions
{
    public const string SectionName = "Monitor:Heartbeats";

    /// <summary>Service name to the interval it writes its heartbeat at (its own <c>PhotoFactory:Heartbeat:Interval</c>).</summary>
    public Dictionary<string, TimeSpan> Services { get; set; } = [];

    /// <summary>A service is down once this many heartbeats in a row are missing.</summary>
    public int MissedBeats { get; set; } = 3;
}
