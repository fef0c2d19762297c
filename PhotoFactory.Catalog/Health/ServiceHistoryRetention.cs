using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Catalog.Health;

/// <summary>
/// Deletes heartbeat history older than a cutoff, a bounded batch per statement, so that no single delete holds
/// its locks long enough to stall the services' heartbeats.
/// </summary>
public sealed class ServiceHistoryRetention(IDbContextFactory<CatalogDbContext> contexts)
{
    /// <summary>Rows per DELETE statement: small enough to finish in milliseconds, large enough to keep up.</summary>
    public const int DefaultBatchSize = 5_000;

    /// <summary>Deletes every history row whose heartbeat is strictly older than <paramref name="cutoff"/>.</summary>
    /// <returns>How many rows were deleted.</returns>
    public async Task<int> DeleteOlderThanAsync(
        DateTimeOffset cutoff, int batchSize = DefaultBatchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var cutoffUtc = cutoff.UtcDateTime;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var total = 0;
        while (true)
        {
            // Oldest first through the heartbeat_timestamp index; each statement is its own short transaction.
            var batch = db.ServiceStatusHistory
                .Where(h => h.HeartbeatTimestamp < cutoffUtc)
                .OrderBy(h => h.HeartbeatTimestamp)
                .Select(h => h.Id)
                .Take(batchSize);
            var deleted = await db.ServiceStatusHistory
                .Where(h => batch.Contains(h.Id))
                .ExecuteDeleteAsync(cancellationToken);
            total += deleted;
            if (deleted < batchSize)
            {
                return total;
            }
        }
    }
}
