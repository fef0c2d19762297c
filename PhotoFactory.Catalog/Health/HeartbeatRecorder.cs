using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Catalog.Health;

/// <summary>
/// Writes one heartbeat: updates the service's <c>system_status</c> row in place (creating it the first time)
/// and appends a <c>system_status_history</c> row, both in one transaction.
/// </summary>
public sealed class HeartbeatRecorder(IDbContextFactory<CatalogDbContext> contexts, TimeProvider time)
{
    /// <summary>The longest service name the catalogue holds.</summary>
    public const int MaxServiceNameLength = 64;

    /// <summary>Records <paramref name="report"/> for <paramref name="serviceName"/> at the current time.</summary>
    /// <returns>The heartbeat's timestamp (UTC).</returns>
    public async Task<DateTime> RecordAsync(string serviceName, HeartbeatReport report, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serviceName.Length, MaxServiceNameLength, nameof(serviceName));
        ArgumentNullException.ThrowIfNull(report);

        var now = time.GetUtcNow().UtcDateTime;
        if (!await TryWriteAsync(serviceName, report, now, firstAttempt: true, cancellationToken))
        {
            // Another writer created this service's row between our read and our insert; it is an update now.
            await TryWriteAsync(serviceName, report, now, firstAttempt: false, cancellationToken);
        }

        return now;
    }

    private async Task<bool> TryWriteAsync(
        string serviceName, HeartbeatReport report, DateTime now, bool firstAttempt, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var currentTask = Truncate(report.CurrentTask, MaxLength(db, nameof(ServiceStatus.CurrentTask)));
        var latency = report.Latency?.TotalMilliseconds;

        var status = await db.ServiceStatuses.FindAsync([serviceName], cancellationToken);
        var isNew = status is null;
        StatusRows.Write(db, status, new StatusEntry(serviceName, report.Status, now)
        {
            Message = report.Message,
            CurrentTask = currentTask,
            LatencyMilliseconds = latency,
            QueueLength = report.QueueLength,
            Details = report.Details,
        }, now);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (isNew && firstAttempt && ex.IsDuplicateKey("system_status"))
        {
            return false;
        }
    }

    // A long task description (a deep file path, say) must not make every heartbeat fail on the column limit.
    private static string? Truncate(string? text, int? maxLength) =>
        text is not null && maxLength is { } max && text.Length > max ? text[..(max - 1)] + "…" : text;

    private static int? MaxLength(CatalogDbContext db, string property) =>
        db.Model.FindEntityType(typeof(ServiceStatus))?.FindProperty(property)?.GetMaxLength();
}
