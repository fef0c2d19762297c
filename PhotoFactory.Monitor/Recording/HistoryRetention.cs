using Microsoft.Extensions.Options;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Monitor.Recording;

/// <summary>Deletes <c>system_status_history</c> older than <see cref="RetentionOptions.Keep"/>, every interval, in batches.</summary>
internal sealed class HistoryRetention(
    ServiceHistoryRetention retention,
    CatalogReadiness readiness,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<HistoryRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readiness.WhenReady(stoppingToken);
            using var timer = new PeriodicTimer(options.Value.Interval, time);
            do
            {
                await DeleteOldAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeleteOldAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.Keep;
        try
        {
            var deleted = await retention.DeleteOlderThanAsync(cutoff, options.Value.BatchSize, cancellationToken);
            Log.RetentionDeleted(logger, deleted, cutoff);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.RetentionFailed(logger, ex.GetBaseException().Message);
        }
    }
}
