namespace PhotoFactory.Catalog.Health;

/// <summary>How often a service writes its heartbeat to the catalogue.</summary>
public sealed class HeartbeatOptions
{
    public const string SectionName = "PhotoFactory:Heartbeat";

    /// <summary>Time between heartbeats. The dashboard turns a service yellow after 60 s without one.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}
