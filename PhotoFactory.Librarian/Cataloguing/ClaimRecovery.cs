using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Filing;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Librarian.Release;

namespace PhotoFactory.Librarian.Cataloguing;

/// <summary>
/// Rolls back filings that a Librarian began and never finished (it was killed, or lost the catalogue):
/// removes their temporary copies and any copy placed but never catalogued. The inbox file is still there,
/// so the next pass files it afresh. A filing already catalogued is finished instead: its inbox copy is removed if it
/// is still the very file that was filed. Runs at start-up and before every pass.
/// </summary>
internal sealed class ClaimRecovery(
    StorageLayout layout,
    ClaimJournal claims,
    InboxCleaner inbox,
    IDbContextFactory<CatalogDbContext> contexts,
    IOptions<LibrarianOptions> options,
    ILogger<ClaimRecovery> logger)
{
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var recovered = 0;
        foreach (var claim in await claims.FindAbandonedAsync(options.Value.ClaimLease, cancellationToken))
        {
            if (!await claims.TryTakeOverAsync(claim, cancellationToken))
            {
                continue;
            }

            if (claim.Stage == IngestClaimStage.Catalogued)
            {
                var (released, kept) = await FinishAsync(claim, cancellationToken);
                await claims.EndTakenOverAsync(claim.SourcePath, cancellationToken);
                Log.Recovered(logger, claim.SourcePath, $"it was catalogued; removed from the inbox: {List(released)}; kept there (not the file that was filed): {List(kept)}");
                recovered++;
                continue;
            }

            var removed = await RollBackAsync(claim, cancellationToken);
            await claims.EndTakenOverAsync(claim.SourcePath, cancellationToken);
            Log.Recovered(logger, claim.SourcePath, removed.Count == 0
                ? "nothing had been written; the file will be filed again"
                : $"removed {string.Join(", ", removed)}; the file will be filed again");
            recovered++;
        }

        return recovered;
    }

    private static string List(List<string> paths) => paths.Count == 0 ? "none" : string.Join(", ", paths);

    /// <summary>
    /// Removes what is left in the inbox of a catalogued filing, each file only while it is still the one that was
    /// filed: the photo by the hash the claim recorded, a sidecar by the copy placed beside it. Anything else stays,
    /// to be met again as a file of its own.
    /// </summary>
    private async Task<(List<string> Released, List<string> Kept)> FinishAsync(IngestClaim claim, CancellationToken cancellationToken)
    {
        var released = new List<string>();
        var kept = new List<string>();
        var transfers = ClaimJournal.Read(claim);
        for (var i = 0; i < transfers.Count; i++)
        {
            (string Sha256, long Size, FileIdentity? Identity)? hashed;
            try
            {
                hashed = await FileTransfer.HashInboxFileAsync(layout.Inbox, transfers[i].Source, cancellationToken);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                continue; // already gone from the inbox
            }

            if (hashed is not { } found)
            {
                kept.Add(transfers[i].Source); // a link now: never followed, never removed
                continue;
            }

            var (filed, _, identity) = found;
            var final = layout.InOriginals(transfers[i].Final);
            var same = i == 0
                ? filed == claim.Sha256
                : File.Exists(final) && (await FileTransfer.HashAsync(final, cancellationToken)).Sha256 == filed;
            (same && inbox.Remove(transfers[i].Source, identity) ? released : kept).Add(transfers[i].Source);
        }

        return (released, kept);
    }

    private async Task<List<string>> RollBackAsync(IngestClaim claim, CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        var transfers = ClaimJournal.Read(claim);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // A claim records the hash only when it chose its names again; otherwise the inbox file, still there, tells it.
        var sha256 = claim.Sha256 ?? await InboxHashAsync(transfers, cancellationToken);
        var contentCatalogued = sha256 is not null && await db.MediaAssets.AnyAsync(a => a.Sha256 == sha256, cancellationToken);

        for (var i = 0; i < transfers.Count; i++)
        {
            var transfer = transfers[i];
            var temporary = layout.InOriginals(transfer.Temporary);
            if (File.Exists(temporary))
            {
                FileTransfer.DeleteOwn(temporary);
                removed.Add(transfer.Temporary);
            }

            if (claim.Stage != IngestClaimStage.Placing || !File.Exists(layout.InOriginals(transfer.Final)))
            {
                continue;
            }

            if (await IsOursAndUncataloguedAsync(db, sha256, transfer, primary: i == 0, contentCatalogued, cancellationToken))
            {
                FileTransfer.DeleteOwn(layout.InOriginals(transfer.Final));
                removed.Add(transfer.Final);
            }
        }

        return removed;
    }

    /// <summary>
    /// A placed file is ours to remove only when nothing in the catalogue points at it and its content is the
    /// inbox file's, which is still there: removing it loses nothing.
    /// </summary>
    private async Task<bool> IsOursAndUncataloguedAsync(CatalogDbContext db, string? sha256, ClaimTransfer transfer, bool primary, bool contentCatalogued, CancellationToken cancellationToken)
    {
        var final = layout.InOriginals(transfer.Final);
        // The inbox file as it stands through real folders: one that is a link now proves nothing (it could point at the placed file itself).
        if (await InboxHashAsync(transfer.Source, cancellationToken) is not { } inbox)
        {
            return false;
        }

        if (primary)
        {
            return !await db.MediaAssets.AnyAsync(a => a.FinalPath == transfer.Final, cancellationToken)
                && (await FileTransfer.HashAsync(final, cancellationToken)).Sha256 == sha256;
        }

        return !contentCatalogued && (await FileTransfer.HashAsync(final, cancellationToken)).Sha256 == inbox;
    }

    private Task<string?> InboxHashAsync(List<ClaimTransfer> transfers, CancellationToken cancellationToken) =>
        transfers.Count > 0 ? InboxHashAsync(transfers[0].Source, cancellationToken) : Task.FromResult<string?>(null);

    /// <summary>The hash of an inbox file reached through real folders; null when it is gone or a link now.</summary>
    private async Task<string?> InboxHashAsync(string relativePath, CancellationToken cancellationToken)
    {
        try
        {
            return (await FileTransfer.HashInboxFileAsync(layout.Inbox, relativePath, cancellationToken))?.Sha256;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
