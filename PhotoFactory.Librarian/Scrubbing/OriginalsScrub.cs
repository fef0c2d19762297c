using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Integrity;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Librarian.Filing;

namespace PhotoFactory.Librarian.Scrubbing;

/// <summary>
/// The scheduled scrub: every <see cref="ScrubOptions.Interval"/> a pass re-reads every catalogued file at a set rate,
/// holding while filing runs, then walks every folder for strays and writable files. Each step is recorded as it is
/// done, so a restarted Librarian resumes the pass where it stopped. It only reads the originals and only reports.
/// </summary>
internal sealed class OriginalsScrub(
    OriginalsInspector inspector,
    ScrubLedger ledger,
    IDbContextFactory<CatalogDbContext> contexts,
    CatalogReadiness readiness,
    LibrarianStatus status,
    LibrarianMetrics metrics,
    IOptions<ScrubOptions> options,
    TimeProvider time,
    ILogger<OriginalsScrub> logger) : BackgroundService
{
    private static readonly TimeSpan LongestSleep = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        await readiness.WhenReady(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan sleep;
            try
            {
                var pass = await ledger.TakePassAsync(CountAssetsAsync, stoppingToken);
                if (pass is not null)
                {
                    await RunAsync(pass, stoppingToken);
                    continue;
                }

                var due = await ledger.NextDueAsync(stoppingToken) - time.GetUtcNow().UtcDateTime;
                sleep = due < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : due > LongestSleep ? LongestSleep : due;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The catalogue away, the originals' disk gone: the scrub waits and tries again; filing is not its business.
                Log.ScrubFailed(logger, ex.Message, settings.RetryAfter);
                sleep = settings.RetryAfter;
            }

            await Task.Delay(sleep, time, stoppingToken);
        }
    }

    private async Task<long> CountAssetsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MediaAssets.LongCountAsync(cancellationToken);
    }

    private async Task RunAsync(ScrubPass pass, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (pass.AssetsChecked == 0 && pass.FoldersWalked == 0)
        {
            Log.ScrubBegins(logger, pass.Id, pass.AssetsTotal);
        }
        else
        {
            Log.ScrubResumes(logger, pass.Id, pass.AssetCursor, pass.FolderCursor, pass.AssetsChecked, pass.AssetsTotal);
        }

        // One pacer for the whole pass, so the rate holds across steps (each step would otherwise begin with a burst).
        var pacer = new ReadPacer(settings.ReadBytesPerSecond, () => status.IsFiling, time);
        while (!pass.AssetsDone)
        {
            var batch = await inspector.AssetsAfterAsync(pass.AssetCursor, settings.StepSize, cancellationToken);
            if (batch.Count == 0)
            {
                if (!await Held(ledger.RecordAssetsDoneAsync(pass, cancellationToken), pass))
                {
                    return;
                }

                break;
            }

            var (bytesBefore, readingBefore) = (pacer.BytesRead, pacer.Reading);
            var checks = new List<(CataloguedFile, AssetCheck)>(batch.Count);
            foreach (var asset in batch)
            {
                await pacer.YieldAsync(cancellationToken);
                checks.Add((asset, await inspector.CheckAssetAsync(asset, hash: true, pacer, cancellationToken)));
            }

            var (bytes, reading) = (pacer.BytesRead - bytesBefore, pacer.Reading - readingBefore);
            if (!await Held(ledger.RecordAssetsAsync(pass, checks, bytes, reading, cancellationToken), pass))
            {
                return;
            }

            var found = checks.SelectMany(c => c.Item2.Findings).ToList();
            metrics.Scrubbed(checks.Count, bytes, found.Select(f => f.Kind));
            Report(found);
        }

        foreach (var folder in inspector.Folders().Where(f => pass.FolderCursor is null || string.CompareOrdinal(f, pass.FolderCursor) > 0))
        {
            await pacer.YieldAsync(cancellationToken);
            var check = await inspector.CheckFolderAsync(folder, cancellationToken);
            if (!await Held(ledger.RecordFolderAsync(pass, folder, check, cancellationToken), pass))
            {
                return;
            }

            metrics.Scrubbed(0, 0, check.Findings.Select(f => f.Kind));
            Report(check.Findings);
        }

        if (await Held(ledger.CompleteAsync(pass, cancellationToken), pass))
        {
            Log.ScrubComplete(logger, pass.Id, pass.AssetsChecked, pass.BytesRead, (pass.Rate ?? 0) / 1e6, pass.Findings);
        }
    }

    private async Task<bool> Held(Task<bool> step, ScrubPass pass)
    {
        if (await step)
        {
            return true;
        }

        Log.ScrubTakenOver(logger, pass.Id);
        return false;
    }

    private void Report(IEnumerable<Finding> findings)
    {
        foreach (var finding in findings)
        {
            Log.ScrubFound(logger, finding.ToString());
        }
    }
}
