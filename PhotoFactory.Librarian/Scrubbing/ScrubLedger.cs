using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Integrity;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Librarian.Cataloguing;

namespace PhotoFactory.Librarian.Scrubbing;

/// <summary>
/// Where the scrub records its passes and findings. Each step is one transaction that records the findings, the
/// assets proved and the pass's new cursor together, and only while this Librarian still holds the pass: a step cut
/// short is simply done again, and a finding seen again updates its row rather than adding one.
/// </summary>
internal sealed class ScrubLedger(IDbContextFactory<CatalogDbContext> contexts, IOptions<ScrubOptions> options, TimeProvider time)
{
    private static readonly ScrubFindingKind[] AssetKinds = [ScrubFindingKind.Missing, ScrubFindingKind.SizeChanged, ScrubFindingKind.ContentChanged];
    private static readonly ScrubFindingKind[] FileKinds = [ScrubFindingKind.Untracked, ScrubFindingKind.Writable, ScrubFindingKind.Unlistable];

    public string Owner { get; init; } = ClaimOwner.Current;

    /// <summary>
    /// The pass this Librarian should work on: the unfinished one if it is ours or its owner stopped, else a new one
    /// once the interval since the last began has passed. Null when there is nothing to do now.
    /// </summary>
    public async Task<ScrubPass?> TakePassAsync(Func<CancellationToken, Task<long>> countAssets, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = Now();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await db.ScrubPasses.AsNoTracking().OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        if (last is { CompletedAt: null })
        {
            var stale = now - settings.TakeOverAfter;
            var taken = await db.ScrubPasses
                .Where(p => p.Id == last.Id && p.CompletedAt == null && (p.Owner == Owner || p.UpdatedAt < stale))
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.Owner, Owner).SetProperty(p => p.UpdatedAt, now), cancellationToken);
            if (taken == 0 && ClaimOwner.IsDeadOnThisHost(last.Owner))
            {
                taken = await db.ScrubPasses
                    .Where(p => p.Id == last.Id && p.CompletedAt == null && p.Owner == last.Owner)
                    .ExecuteUpdateAsync(set => set.SetProperty(p => p.Owner, Owner).SetProperty(p => p.UpdatedAt, now), cancellationToken);
            }

            return taken == 1 ? await db.ScrubPasses.AsNoTracking().SingleAsync(p => p.Id == last.Id, cancellationToken) : null;
        }

        if (last is not null && now - last.StartedAt < settings.Interval)
        {
            return null;
        }

        var pass = new ScrubPass
        {
            Id = (last?.Id ?? 0) + 1,
            Owner = Owner,
            StartedAt = now,
            UpdatedAt = now,
            AssetsTotal = await countAssets(cancellationToken),
        };
        db.ScrubPasses.Add(pass);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return pass;
        }
        catch (DbUpdateException ex) when (ex.IsDuplicateKey("scrub_passes"))
        {
            // Another Librarian began the same pass a moment ago; it works on it.
            return null;
        }
    }

    /// <summary>When the next pass is due, given the last one (now, if there has been none).</summary>
    public async Task<DateTime> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await db.ScrubPasses.AsNoTracking().OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        return last is null ? Now() : last.CompletedAt is null ? last.UpdatedAt + options.Value.TakeOverAfter : last.StartedAt + options.Value.Interval;
    }

    /// <summary>Records the checks of a run of assets and moves the pass past the last; false if the pass was taken from us.</summary>
    public Task<bool> RecordAssetsAsync(ScrubPass pass, IReadOnlyList<(CataloguedFile Asset, AssetCheck Check)> checks,
        long bytesRead, TimeSpan reading, CancellationToken cancellationToken) =>
        RecordAsync(pass, async (db, now) =>
        {
            var findings = checks.SelectMany(c => c.Check.Findings).ToList();
            await RecordFindingsAsync(db, findings, checks.Select(c => c.Asset.FinalPath).ToList(), AssetKinds, now, cancellationToken);
            var proved = checks.Where(c => c.Check.Proved).Select(c => c.Asset.Id).ToList();
            if (proved.Count > 0)
            {
                await db.MediaAssets.Where(a => proved.Contains(a.Id))
                    .ExecuteUpdateAsync(set => set.SetProperty(a => a.LastProvedAt, now), cancellationToken);
            }

            pass.AssetCursor = checks[^1].Asset.Id;
            pass.AssetsChecked += checks.Count;
            pass.BytesRead += bytesRead;
            pass.ReadSeconds += reading.TotalSeconds;
            pass.Findings += findings.Count;
        }, cancellationToken);

    /// <summary>Marks every asset checked: the pass walks the folders next.</summary>
    public Task<bool> RecordAssetsDoneAsync(ScrubPass pass, CancellationToken cancellationToken) =>
        RecordAsync(pass, (_, _) =>
        {
            pass.AssetsDone = true;
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Records one folder walked and moves the pass past it; false if the pass was taken from us.</summary>
    public Task<bool> RecordFolderAsync(ScrubPass pass, string folder, FolderCheck check, CancellationToken cancellationToken) =>
        RecordAsync(pass, async (db, now) =>
        {
            await RecordFindingsAsync(db, check.Findings, check.Looked, FileKinds, now, cancellationToken);
            pass.FolderCursor = folder;
            pass.FoldersWalked++;
            pass.Findings += check.Findings.Count;
        }, cancellationToken);

    /// <summary>
    /// Ends the pass: a finding no step of it saw again is resolved (the file was put back, or the stray removed, or
    /// its asset is no longer catalogued).
    /// </summary>
    public Task<bool> CompleteAsync(ScrubPass pass, CancellationToken cancellationToken) =>
        RecordAsync(pass, async (db, now) =>
        {
            var started = pass.StartedAt;
            await db.ScrubFindings.Where(f => f.ResolvedAt == null && f.LastSeenAt < started)
                .ExecuteUpdateAsync(set => set.SetProperty(f => f.ResolvedAt, now), cancellationToken);
            pass.CompletedAt = now;
        }, cancellationToken);

    /// <remarks>
    /// A step that fails leaves <paramref name="pass"/> changed in memory only: the scrub then drops it and takes the pass
    /// again from the catalogue, where the transaction left nothing of the step.
    /// </remarks>
    private async Task<bool> RecordAsync(ScrubPass pass, Func<CatalogDbContext, DateTime, Task> record, CancellationToken cancellationToken)
    {
        var now = Now();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Held first, so that nothing is recorded for a pass another Librarian has taken over.
        var held = await db.ScrubPasses.Where(p => p.Id == pass.Id && p.Owner == Owner && p.CompletedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.UpdatedAt, now), cancellationToken);
        if (held == 0)
        {
            return false;
        }

        await record(db, now);
        pass.UpdatedAt = now;
        db.ScrubPasses.Update(pass);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Inserts the findings not yet open, updates those that are, and resolves the open findings of
    /// <paramref name="kinds"/> on <paramref name="paths"/> that were not found this time.
    /// </summary>
    private static async Task RecordFindingsAsync(CatalogDbContext db, IReadOnlyList<Finding> findings, IReadOnlyList<string> paths,
        ScrubFindingKind[] kinds, DateTime now, CancellationToken cancellationToken)
    {
        var open = await db.ScrubFindings
            .Where(f => f.ResolvedAt == null && paths.Contains(f.Path) && kinds.Contains(f.Kind))
            .ToListAsync(cancellationToken);
        foreach (var finding in findings)
        {
            if (open.FirstOrDefault(f => f.Path == finding.Path && f.Kind == finding.Kind) is { } known)
            {
                known.LastSeenAt = now;
                known.Found = finding.Found;
                known.Expected = finding.Expected;
                known.AssetId = finding.AssetId;
                open.Remove(known);
            }
            else
            {
                db.ScrubFindings.Add(new ScrubFinding
                {
                    Kind = finding.Kind,
                    Path = finding.Path,
                    AssetId = finding.AssetId,
                    Expected = finding.Expected,
                    Found = finding.Found,
                    FirstSeenAt = now,
                    LastSeenAt = now,
                });
            }
        }

        foreach (var gone in open)
        {
            gone.ResolvedAt = now;
        }
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
