namespace PhotoFactory.Catalog.Health;

/// <summary>
/// The latest known status of one service: one row per service, updated in place. Services write their own row
/// with their heartbeat; the Monitor writes a row per thing it checks (see <c>PhotoFactory.Monitor</c>'s
/// <c>CheckNames</c> for the names).
/// </summary>
public sealed class ServiceStatus
{
    public required string ServiceName { get; set; }
    public ServiceState Status { get; set; }
    public string? Message { get; set; }
    public string? CurrentTask { get; set; }
    public double? LatencyMilliseconds { get; set; }
    public int? QueueLength { get; set; }

    /// <summary>When the service last reported, or the Monitor last checked it (UTC).</summary>
    public DateTime LastHeartbeat { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>When <see cref="Status"/> last changed to its current value (UTC), for "down for 5 minutes".</summary>
    public DateTime? StatusSince { get; set; }

    /// <summary>A JSON object with what the check found beyond the status, e.g. a container's restart count.</summary>
    public string? Details { get; set; }
}
