using System.Collections.Concurrent;
using PhotoFactory.Monitor.Recording;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// Runs every probe in its own loop at its own interval. A check that does not finish within its timeout is
/// reported as not answering and left behind: one hanging target never delays another, nor its own next check.
/// On stop every check still running is cancelled and waited for, each for at most its own timeout, so that a stopped
/// Monitor leaves no query running against the catalogue: a query being compiled or run does not always stop at once
/// when cancelled.
/// </summary>
internal sealed class ProbeRunner(IEnumerable<IProbe> probes, StatusBoard board, TimeProvider time, ILogger<ProbeRunner> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Task, IProbe> _running = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Every loop starts, even one the thread pool reaches only after a stop: it then ends at once.
            await Task.WhenAll(probes.Select(probe => Task.Run(() => RunAsync(probe, stoppingToken), CancellationToken.None)));
        }
        finally
        {
            await SettleAsync();
        }
    }

    /// <summary>Waits for each check still running at stop, for at most its own timeout; names those that outlast it.</summary>
    private async Task SettleAsync()
    {
        var outlasting = (await Task.WhenAll(_running.ToArray().Select(async check =>
        {
            try
            {
                await check.Key.WaitAsync(check.Value.Timing.Timeout, time);
            }
            catch (TimeoutException)
            {
                return check.Value;
            }
            catch (Exception)
            {
                // Ended: how no longer matters.
            }

            return null;
        }))).OfType<IProbe>().ToList();

        if (outlasting.Count > 0)
        {
            Log.ChecksLeftRunning(logger, string.Join(", ", outlasting.Select(probe => probe.Kind).Distinct().Order(StringComparer.Ordinal)),
                outlasting.Max(probe => probe.Timing.Timeout).TotalSeconds);
        }
    }

    private async Task RunAsync(IProbe probe, CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(probe.Timing.Interval, time);
            do
            {
                board.Publish(await CheckOnceAsync(probe, stoppingToken));
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One check of <paramref name="probe"/>, bounded by its timeout, stamped with the time it finished.</summary>
    public async Task<IReadOnlyList<CheckResult>> CheckOnceAsync(IProbe probe, CancellationToken stoppingToken)
    {
        var timeout = probe.Timing.Timeout;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        // On the thread pool: a probe that blocks before its first await must not hold this loop either.
        var check = Task.Run(() => probe.CheckAsync(cancel.Token), cancel.Token);
        _running[check] = probe;
        // Whatever its outcome, it is observed here, and forgotten once it ends.
        _ = check.ContinueWith(ended =>
        {
            _running.TryRemove(ended, out _);
            _ = ended.Exception;
        }, TaskScheduler.Default);
        IReadOnlyList<CheckResult> results;
        try
        {
            results = await check.WaitAsync(timeout, time, stoppingToken);
        }
        catch (TimeoutException)
        {
            // Left to finish on its own; its outcome no longer matters.
            await cancel.CancelAsync();
            results = [.. probe.Names.Select(name =>
                new CheckResult(name, probe.Kind, probe.WhenUnanswered, $"no answer within {timeout.TotalSeconds:0.#} s") { Latency = timeout })];
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping. The link from the stopping token may not have reached the check yet, and disposing the source
            // would cut it: cancel the check outright, so that it is never left running uncancelled.
            await cancel.CancelAsync();
            throw;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Log.ProbeCrashed(logger, probe.Kind, ex);
            results = [.. probe.Names.Select(name =>
                new CheckResult(name, probe.Kind, probe.WhenUnanswered, $"check failed: {ex.GetBaseException().Message}"))];
        }

        var finished = time.GetUtcNow().UtcDateTime;
        return [.. results.Select(result => result with { CheckedAt = finished })];
    }
}
