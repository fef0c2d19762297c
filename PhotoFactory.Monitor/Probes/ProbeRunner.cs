using PhotoFactory.Monitor.Recording;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// Runs every probe in its own loop at its own interval. A check that does not finish within its timeout is
/// reported as not answering and left behind: one hanging target never delays another, nor its own next check.
/// </summary>
internal sealed class ProbeRunner(IEnumerable<IProbe> probes, StatusBoard board, TimeProvider time, ILogger<ProbeRunner> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(probes.Select(probe => Task.Run(() => RunAsync(probe, stoppingToken), stoppingToken)));

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
        IReadOnlyList<CheckResult> results;
        try
        {
            results = await check.WaitAsync(timeout, time, stoppingToken);
        }
        catch (TimeoutException)
        {
            await cancel.CancelAsync();
            // Left to finish on its own; its outcome no longer matters, but it must not go unobserved.
            _ = check.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            results = [.. probe.Names.Select(name =>
                new CheckResult(name, probe.Kind, probe.WhenUnanswered, $"no answer within {timeout.TotalSeconds:0.#} s") { Latency = timeout })];
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
