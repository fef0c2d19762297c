using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Metadata;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Filing;

/// <summary>
/// Files a batch of work in parallel, a live photo's parts in order. Stops starting new work when the
/// catalogue or originals become unusable; the rest is reported deferred and stays in the inbox. Each result is
/// handed to the progress sink as soon as it is known.
/// </summary>
internal sealed class FilingRun(
    FilingEngine engine,
    StorageLayout layout,
    LibrarianMetrics metrics,
    IOptions<LibrarianOptions> options,
    TimeProvider time,
    ILogger<FilingRun> logger)
{
    private const int MaxImmediateRetries = 3;

    /// <summary>Files <paramref name="work"/>, taking each item only when a worker is free for it.</summary>
    public async Task<FilingRunResult> RunAsync(IEnumerable<FilingWork> work, FilingMode mode, IProgress<FilingResult>? progress, CancellationToken cancellationToken)
    {
        var counts = new int[Enum.GetValues<FilingOutcome>().Length];
        var plan = new FilingPlan(layout);
        FilingUnavailableException? unavailable = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        await Parallel.ForEachAsync(work, new ParallelOptions
        {
            MaxDegreeOfParallelism = options.Value.Parallelism,
            CancellationToken = CancellationToken.None,
        }, async (item, _) =>
        {
            var filed = new Dictionary<string, FilingResult>(StringComparer.Ordinal);
            foreach (var unit in item.Units)
            {
                var partner = unit.LiveStill is { } still && filed.TryGetValue(still, out var stillResult)
                    && stillResult.Outcome is FilingOutcome.Placed or FilingOutcome.Duplicate
                        ? stillResult.Captured
                        : null;
                FilingResult result;
                if (stop.IsCancellationRequested)
                {
                    result = FilingResult.Deferred(unit.Primary.RelativePath, unavailable?.Message ?? "stopped before this file was filed");
                }
                else
                {
                    try
                    {
                        result = await FileAsync(unit, mode, partner, plan, stop.Token);
                        for (var attempt = 1; result is { RetryNow: true } && attempt < MaxImmediateRetries; attempt++)
                        {
                            result = await FileAsync(unit, mode, partner, plan, stop.Token);
                        }
                    }
                    catch (FilingUnavailableException ex)
                    {
                        Interlocked.CompareExchange(ref unavailable, ex, null);
                        await stop.CancelAsync();
                        result = FilingResult.Deferred(unit.Primary.RelativePath, ex.Message);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        result = FilingResult.Deferred(unit.Primary.RelativePath, unavailable?.Message ?? "stopped before this file was filed");
                    }
                    catch (Exception ex)
                    {
                        // A bug must not stop the other files; this one stays in the inbox, and the log says why.
                        Log.UnexpectedFailure(logger, unit.Primary.RelativePath, ex);
                        result = FilingResult.Deferred(unit.Primary.RelativePath, $"unexpected failure: {ex.Message}");
                    }
                }

                filed[unit.Primary.RelativePath] = result;
                Interlocked.Increment(ref counts[(int)result.Outcome]);
                progress?.Report(result);
            }
        });

        return new FilingRunResult(counts, unavailable);
    }

    /// <summary>Files one unit, traced, timed, counted and logged.</summary>
    private async Task<FilingResult> FileAsync(FilingUnit unit, FilingMode mode, CaptureTime? partner, FilingPlan plan, CancellationToken cancellationToken)
    {
        var source = unit.Primary;
        using var activity = LibrarianMetrics.Activity.StartActivity("file");
        activity?.SetTag("photofactory.source", source.RelativePath);
        var started = time.GetTimestamp();

        var result = await engine.FileAsync(unit, mode, partner, plan, cancellationToken);

        activity?.SetTag("photofactory.outcome", result.Outcome.ToString());
        metrics.Filed(result, time.GetElapsedTime(started), source.LastWriteUtc, time.GetUtcNow().UtcDateTime);
        Log.Filed(logger, source.RelativePath, result.Outcome, result.Destination, result.Reason);
        return result;
    }
}

/// <summary>
/// How many files of a run came to each outcome, and why it stopped early, if it did. The results themselves go
/// to the caller's progress sink as they happen, so a run over 100,000 files holds none of them.
/// </summary>
internal sealed record FilingRunResult(IReadOnlyList<int> Counts, FilingUnavailableException? Unavailable)
{
    public int Count(FilingOutcome outcome) => Counts[(int)outcome];
}
