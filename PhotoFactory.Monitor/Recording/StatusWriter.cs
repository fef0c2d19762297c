using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Monitor.Probes;

namespace PhotoFactory.Monitor.Recording;

/// <summary>
/// Writes published results to the catalogue in batches: the row in <c>system_status</c> updated in place, a row
/// appended to <c>system_status_history</c> per result. While the catalogue is away the results wait in memory
/// (see <see cref="StatusBoard"/>), the Monitor reports unhealthy, and everything is written when it returns.
/// </summary>
public sealed class StatusWriter(
    StatusBoard board,
    IDbContextFactory<CatalogDbContext> contexts,
    CatalogReadiness readiness,
    IOptions<RecordingOptions> options,
    TimeProvider time,
    ILogger<StatusWriter> logger) : BackgroundService
{
    private const int MaxMessageLength = 2000;

    private volatile string? _failure;
    private DateTimeOffset? _failingSince;

    /// <summary>Why the last write failed, or null while writes succeed.</summary>
    public string? Failure => _failure;

    public DateTimeOffset? FailingSince => _failingSince;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readiness.WhenReady(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = board.PeekPending(options.Value.BatchSize);
                if (batch.Count == 0)
                {
                    await board.WaitForResultsAsync(stoppingToken);
                    continue;
                }

                if (await TryWriteAsync(batch, stoppingToken))
                {
                    board.MarkWritten(batch[^1].Sequence);
                }
                else
                {
                    await Task.Delay(options.Value.RetryDelay, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryWriteAsync(IReadOnlyList<(long Sequence, CheckResult Result)> batch, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await WriteAsync(batch, cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.IsDuplicateKey("system_status"))
            {
                // Another Monitor created one of these rows between our read and our insert; now it is an update.
                await WriteAsync(batch, cancellationToken);
            }

            if (_failingSince is { } since)
            {
                Log.RecordingRestored(logger, time.GetUtcNow() - since);
            }

            _failure = null;
            _failingSince = null;
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            if (_failingSince is null)
            {
                _failingSince = time.GetUtcNow();
                Log.RecordingFailed(logger, board.PendingCount, ex.GetBaseException().Message);
            }

            _failure = ex.GetBaseException().Message;
            return false;
        }
    }

    private async Task WriteAsync(IReadOnlyList<(long Sequence, CheckResult Result)> batch, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var names = batch.Select(entry => entry.Result.Name).Distinct().ToList();
        var rows = await db.ServiceStatuses.Where(s => names.Contains(s.ServiceName)).ToDictionaryAsync(s => s.ServiceName, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (_, result) in batch)
        {
            var message = result.Message.Length > MaxMessageLength ? result.Message[..(MaxMessageLength - 1)] + "…" : result.Message;
            var details = result.Details?.ToJsonString();
            var latency = result.Latency?.TotalMilliseconds;
            rows[result.Name] = StatusRows.Write(db, rows.GetValueOrDefault(result.Name), new StatusEntry(result.Name, result.Status, result.CheckedAt)
            {
                Message = message,
                CurrentTask = result.Kind,
                LatencyMilliseconds = latency,
                Details = details,
            }, now);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
