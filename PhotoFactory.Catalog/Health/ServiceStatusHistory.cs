namespace PhotoFactory.Catalog.Health;

/// <summary>One heartbeat or check of one service: the time series behind uptime charts.</summary>
public sealed class ServiceStatusHistory
{
    public long Id { get; set; }
    public required string ServiceName { get; set; }
    public ServiceState Status { get; set; }
    public string? Message { get; set; }
    public string? CurrentTask { get; set; }
    public double? LatencyMilliseconds { get; set; }
    public DateTime HeartbeatTimestamp { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The same JSON object as <see cref="ServiceStatus.Details"/> at the time of this check.</summary>
    public string? Details { get; set; }
}
