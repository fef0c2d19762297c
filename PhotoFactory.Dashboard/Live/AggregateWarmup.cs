using System.Diagnostics;
using PhotoFactory.Catalog;
using PhotoFactory.Dashboard.Library;
using PhotoFactory.Dashboard.Overview;
using PhotoFactory.Dashboard.Stack;

namespace PhotoFactory.Dashboard.Live;

/// <summary>
/// Counts the shared aggregates once, as soon as the catalogue is ready, so that the first visitor after a start
/// finds them counted; from then on <see cref="Cached{T}"/> keeps them fresh in the background.
/// </summary>
internal sealed class AggregateWarmup(
    CatalogReadiness readiness,
    OverviewQuery overview,
    LibraryQuery library,
    ServicesQuery services,
    ILogger<AggregateWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WhenReady(stoppingToken);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await overview.ReadTotalsAsync(stoppingToken);
            await overview.ReadChartsAsync(stoppingToken);
            await library.ReadCamerasAsync(stoppingToken);
            await services.ReadUptimeAsync(stoppingToken);
            Log.AggregatesWarmed(logger, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Log.AggregateWarmupFailed(logger, ex.Message);
        }
    }
}
