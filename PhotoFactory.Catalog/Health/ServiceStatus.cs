namespace PhotoFactory.Catalog.Health;

/// <summary>The latest known status of one service: one row per service, updated in place.</summary>
public sealed class ServiceStatus
{
    public required string ServiceName { get; set; }
    public ServiceState Status { get; set; }
    public string? Message { get; set; }
    public string? CurrentTask { get; set; }
    public double? LatencyMilliseconds { get; set; }
    public int? QueueLength { get; set; }
    public DateTime LastHeartbeat { get; set; }
    public DateTime UpdatedAt { get; set; }
}
