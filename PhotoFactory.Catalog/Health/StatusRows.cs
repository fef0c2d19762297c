using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Catalog.Health;

/// <summary>
/// The one way a status is written: the service's <c>system_status</c> row updated in place (created the first
/// time) and a <c>system_status_history</c> row appended. Heartbeats (<see cref="HeartbeatRecorder"/>) and the
/// Monitor's checks both write through it; the caller saves, so that both rows commit together.
/// </summary>
public static class StatusRows
{
    /// <summary>Adds <paramref name="entry"/> to <paramref name="db"/>: into <paramref name="row"/>, or a new row when it is null.</summary>
    /// <returns>The service's row, now holding the entry.</returns>
    public static ServiceStatus Write(CatalogDbContext db, ServiceStatus? row, StatusEntry entry, DateTime now)
    {
        if (row is null)
        {
            row = new ServiceStatus { ServiceName = entry.ServiceName, Status = entry.Status, StatusSince = entry.At };
            db.ServiceStatuses.Add(row);
        }

        if (row.Status != entry.Status || row.StatusSince is null)
        {
            row.StatusSince = entry.At;
        }

        row.Status = entry.Status;
        row.Message = entry.Message;
        row.CurrentTask = entry.CurrentTask;
        row.LatencyMilliseconds = entry.LatencyMilliseconds;
        row.QueueLength = entry.QueueLength;
        row.LastHeartbeat = entry.At;
        row.UpdatedAt = now;
        row.Details = entry.Details;

        db.ServiceStatusHistory.Add(new ServiceStatusHistory
        {
            ServiceName = entry.ServiceName,
            Status = entry.Status,
            Message = entry.Message,
            CurrentTask = entry.CurrentTask,
            LatencyMilliseconds = entry.LatencyMilliseconds,
            HeartbeatTimestamp = entry.At,
            CreatedAt = now,
            Details = entry.Details,
        });
        return row;
    }
}

/// <summary>What one heartbeat or one check found about a service, at <paramref name="At"/> (UTC).</summary>
public sealed record StatusEntry(string ServiceName, ServiceState Status, DateTime At)
{
    public string? Message { get; init; }
    public string? CurrentTask { get; init; }
    public double? LatencyMilliseconds { get; init; }
    public int? QueueLength { get; init; }

    /// <summary>A JSON object with what was found beyond the status.</summary>
    public string? Details { get; init; }
}
