using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PhotoFactory.Catalog.Health;

/// <summary>
/// Writes the service's heartbeat once the catalogue is ready, then every interval, and a last "stopping" one on
/// shutdown. A catalogue outage is logged and outlived, never allowed to stop the service.
/// </summary>
internal sealed partial class ServiceHeartbeat(
    string serviceName,
    Func<HeartbeatReport> snapshot,
    HeartbeatRecorder recorder,
    CatalogReadiness readiness,
    IOptions<HeartbeatOptions> options,
    TimeProvider time,
    ILogger<ServiceHeartbeat> logger) : BackgroundService
{
    /// <summary>The current task written by the final heartbeat.</summary>
    public const string StoppingTask = HeartbeatReport.StoppingTask;

    private HeartbeatReport _last = new(ServiceState.Unknown);
    private int _consecutiveFailures;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readiness.WhenReady(stoppingToken);

            // Created before the first write so that ticks keep to the interval however long a write takes.
            using var timer = new PeriodicTimer(options.Value.Interval, time);
            do
            {
                await BeatAsync(TakeSnapshot(), stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!readiness.IsReady)
        {
            return;
        }

        try
        {
            await recorder.RecordAsync(serviceName, TakeSnapshot() with { CurrentTask = StoppingTask }, cancellationToken);
        }
        catch (Exception ex)
        {
            LogFinalHeartbeatFailed(logger, serviceName, ex.Message);
        }
    }

    private async Task BeatAsync(HeartbeatReport report, CancellationToken cancellationToken)
    {
        try
        {
            await recorder.RecordAsync(serviceName, report, cancellationToken);
            if (_consecutiveFailures > 0)
            {
                LogHeartbeatRestored(logger, serviceName, _consecutiveFailures);
                _consecutiveFailures = 0;
            }
        }
        catch (Exception ex)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Stopping interrupted the write, whatever the provider threw; StopAsync writes the last heartbeat.
                return;
            }

            // One warning per outage; the next tick tries again with a fresh report.
            if (++_consecutiveFailures == 1)
            {
                LogHeartbeatFailed(logger, serviceName, ex.Message);
            }
            else
            {
                LogHeartbeatStillFailing(logger, serviceName, _consecutiveFailures, ex.Message);
            }
        }
    }

    private HeartbeatReport TakeSnapshot()
    {
        try
        {
            return _last = snapshot();
        }
        catch (Exception ex)
        {
            // A broken status source must not silence the heartbeat: the service is still alive.
            LogSnapshotFailed(logger, serviceName, ex);
            return _last;
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Heartbeat of {Service} could not be written to the catalogue; retrying every interval: {Reason}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string service, string reason);

    [LoggerMessage(2, LogLevel.Debug, "Heartbeat of {Service} still failing ({Failures} in a row): {Reason}")]
    private static partial void LogHeartbeatStillFailing(ILogger logger, string service, int failures, string reason);

    [LoggerMessage(3, LogLevel.Information, "Heartbeat of {Service} written again after {Failures} failed attempt(s)")]
    private static partial void LogHeartbeatRestored(ILogger logger, string service, int failures);

    [LoggerMessage(4, LogLevel.Warning, "Status snapshot of {Service} failed; repeating its last report")]
    private static partial void LogSnapshotFailed(ILogger logger, string service, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "Final heartbeat of {Service} could not be written: {Reason}")]
    private static partial void LogFinalHeartbeatFailed(ILogger logger, string service, string reason);
}
