using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Catalog.Filing;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Librarian.Filing;

/// <summary>The catalogue writes of filing: each commits the asset or event together with the end of the claim.</summary>
internal sealed class AssetLedger(IDbContextFactory<CatalogDbContext> contexts, CatalogueWriter writer, TimeProvider time)
{
    public async Task<MediaAsset?> FindByHashAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MediaAssets.AsNoTracking().SingleOrDefaultAsync(a => a.Sha256 == sha256, cancellationToken);
    }

    /// <summary>
    /// Catalogues a placed file and ends its claim in one transaction. Returns false when another Librarian
    /// catalogued the same content first (the unique hash says so), in which case nothing was written.
    /// </summary>
    public async Task<bool> TryAddAsync(MediaAsset asset, string claimedSource, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        asset.IngestedAt = now;
        asset.CreatedAt = now;
        try
        {
            return await writer.WriteAsync(async (db, ct) =>
            {
                await RemoveClaimAsync(db, claimedSource, ct);
                db.MediaAssets.Add(asset);
                await db.SaveChangesAsync(ct);
                return true;
            }, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsDuplicateSha256())
        {
            return false;
        }
    }

    /// <summary>Records a duplicate or quarantine decision and ends the claim (if any) in one transaction.</summary>
    public Task RecordAsync(IngestEvent ingestEvent, string? claimedSource, CancellationToken cancellationToken)
    {
        ingestEvent.OccurredAt = time.GetUtcNow().UtcDateTime;
        return writer.WriteAsync(async (db, ct) =>
        {
            // A write may run twice (its batch rolled back); the database numbers the event afresh each time.
            ingestEvent.Id = 0;
            if (claimedSource is not null)
            {
                await RemoveClaimAsync(db, claimedSource, ct);
            }

            db.IngestEvents.Add(ingestEvent);
            return await db.SaveChangesAsync(ct);
        }, cancellationToken);
    }

    /// <summary>Points an asset whose stored file was lost or damaged at the inbox copy that replaced it.</summary>
    public Task RecordReplacementAsync(Guid assetId, string finalPath, IngestEvent ingestEvent, string claimedSource, CancellationToken cancellationToken)
    {
        ingestEvent.OccurredAt = time.GetUtcNow().UtcDateTime;
        return writer.WriteAsync(async (db, ct) =>
        {
            await db.MediaAssets.Where(a => a.Id == assetId).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.FinalPath, finalPath)
                .SetProperty(a => a.HasErrors, false)
                .SetProperty(a => a.ErrorMessage, (string?)null), ct);
            ingestEvent.Id = 0;
            await RemoveClaimAsync(db, claimedSource, ct);
            db.IngestEvents.Add(ingestEvent);
            return await db.SaveChangesAsync(ct);
        }, cancellationToken);
    }

    /// <summary>
    /// Ends this Librarian's claim in the same transaction as the write it guards. If the claim is no longer
    /// ours (another Librarian judged us dead and took it over), the whole write fails and is rolled back.
    /// </summary>
    private static async Task RemoveClaimAsync(CatalogDbContext db, string sourcePath, CancellationToken cancellationToken)
    {
        var removed = await db.IngestClaims
            .Where(c => c.SourcePath == sourcePath && c.Owner == ClaimOwner.Current)
            .ExecuteDeleteAsync(cancellationToken);
        if (removed != 1)
        {
            throw new ClaimLostException(sourcePath);
        }
    }
}
