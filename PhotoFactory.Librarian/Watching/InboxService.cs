using PhotoFactory.Catalog;
using PhotoFactory.Librarian.Cataloguing;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Filing;
using PhotoFactory.Librarian.Inbox;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Watching;

/// <summary>
/// The long-running Librarian: watches the inbox, files what has settled, rescans on a timer and after any
/// watcher trouble, and when the catalogue or originals fail, pauses with back-off and resumes by itself.
/// </summary>
internal sealed class InboxService(
    StorageLayout layout,
    FilingRun run,
    ClaimRecovery recovery,
    CatalogReadiness readiness,
    LibrarianStatus status,
    LibrarianMetrics metrics,
    IOptions<LibrarianOptions> options,
    TimeProvider time,
    ILogger<InboxService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        status.Working("waiting for the catalogue", 0);
        await readiness.WhenReady(stoppingToken);

        foreach (var folder in new[] { layout.Inbox, layout.Originals, layout.Quarantine })
        {
            Directory.CreateDirectory(folder);
        }

        Log.Watching(logger, layout.Inbox, layout.Originals);
        using var watcher = options.Value.WatchInbox ? new InboxWatcher(layout.Inbox, reason => Log.WatcherTrouble(logger, reason)) : null;
        var settle = new SettleTracker(time, options.Value.SettleWindow);
        var reportedIgnored = new HashSet<string>(StringComparer.Ordinal);
        var backoff = TimeSpan.FromSeconds(1);

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await PassAsync(settle, reportedIgnored, stoppingToken);
                if (status.Problem is not null)
                {
                    status.Resumed();
                    Log.FilingResumed(logger);
                }

                backoff = TimeSpan.FromSeconds(1);
            }
            catch (Exception ex) when (ex is FilingUnavailableException || CatalogueGuard.IsCatalogueFailure(ex) || ex is IOException)
            {
                status.Paused(ex.Message);
                Log.FilingPaused(logger, ex.Message, backoff);
                wait = backoff;
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                await Task.Delay(wait, time, stoppingToken);
                continue;
            }

            if (watcher is not null)
            {
                await watcher.WaitAsync(wait, time, stoppingToken);
            }
            else
            {
                // No change notices (Librarian:WatchInbox false): the next look is the rescan's, or a settling file's.
                await Task.Delay(wait, time, stoppingToken);
            }
        }
    }

    /// <summary>One scan and filing pass; returns how long to wait before the next unless the watcher wakes us.</summary>
    private async Task<TimeSpan> PassAsync(SettleTracker settle, HashSet<string> reportedIgnored, CancellationToken cancellationToken)
    {
        await recovery.RecoverAsync(cancellationToken);

        var now = time.GetUtcNow();
        var nextLook = now + options.Value.RescanInterval;
        settle.BeginPass();
        // The first of the plan's two looks at the inbox asks after every file, so each is checked once a pass.
        var plan = InboxPlanner.Plan(() => InboxScanner.Scan(layout.Inbox), work =>
        {
            var settled = true;
            foreach (var unit in work)
            {
                foreach (var entry in unit.Sidecars.Prepend(unit.Primary))
                {
                    if (!settle.IsSettled(entry, out var readyAt))
                    {
                        settled = false;
                        nextLook = readyAt < nextLook ? readyAt : nextLook;
                    }
                }
            }

            return settled;
        });
        settle.EndPass();

        foreach (var ignored in plan.Ignored.Where(i => reportedIgnored.Add(i.RelativePath)))
        {
            Log.Filed(logger, ignored.RelativePath, FilingOutcome.Ignored, null, ignored.IgnoreReason);
        }

        // The second look hands out work as it meets it: only files found settled by the first, and unchanged since.
        var ready = plan.Work.Where(work => work.Units.All(unit => unit.Sidecars.Prepend(unit.Primary).All(settle.WasSettled)));
        var waiting = plan.FileCount;
        metrics.QueueLength = waiting;
        Log.Scanned(logger, waiting, plan.ReadyCount, plan.Ignored.Count);
        if (plan.ReadyCount > 0)
        {
            status.Working($"filing {plan.ReadyCount} file(s)", waiting);
            FilingRunResult result;
            using (status.Filing())
            {
                result = await run.RunAsync(ready, FilingMode.Move, progress: null, cancellationToken);
            }

            if (result.Unavailable is not null)
            {
                throw result.Unavailable;
            }

            // Files deferred for a passing reason (changed meanwhile, claimed elsewhere) get another look soon.
            if (result.Count(FilingOutcome.Deferred) > 0)
            {
                var soon = time.GetUtcNow() + TimeSpan.FromSeconds(1);
                nextLook = soon < nextLook ? soon : nextLook;
            }
        }

        status.Working("watching the inbox", Math.Max(0, waiting - plan.ReadyCount));
        metrics.QueueLength = status.Waiting;
        var wait = nextLook - time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }
}
