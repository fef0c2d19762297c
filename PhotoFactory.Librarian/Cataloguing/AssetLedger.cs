using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Librarian.Cataloguing;

/// <summary>
/// The catalogue writes of filing: each commits the asset or event together with the end of the claim. Every call
/// goes through <see cref="CatalogueGuard"/>.
/// </summary>
internal sealed class AssetLedger(IDbContextFactory<CatalogDbContext> contexts, CatalogueWriter writer, ClaimJournal claims, TimeProvider time)
{
    private string? _hashLookup;

    public Task<MediaAsset?> FindByHashAsync(string sha256, CancellationToken cancellationToken) =>
        CatalogueGuard.CallAsync(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // Nearly every file is new content: one bare look-up by the unique index answers that, and the asset is
            // read through EF only when there is one.
            await db.Database.OpenConnectionAsync(cancellationToken);
            var sha256Column = db.Property<MediaAsset>(nameof(MediaAsset.Sha256));
            _hashLookup ??= $"SELECT 1 FROM {db.Table<MediaAsset>()} WHERE {db.Column(sha256Column)} = @p0";
            await using (var exists = CatalogueBatch.CreateCommand(db, _hashLookup, [(sha256Column, sha256)]))
            {
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    return null;
                }
            }

            return await db.MediaAssets.AsNoTracking().SingleOrDefaultAsync(a => a.Sha256 == sha256, cancellationToken);
        });

    /// <summary>
    /// Catalogues a placed file and ends its claim in one transaction. Returns false when another Librarian
    /// catalogued the same content first (the unique hash says so), in which case nothing was written.
    /// </summary>
    public Task<bool> TryAddAsync(MediaAsset asset, string claimedSource, CancellationToken cancellationToken) =>
        CatalogueGuard.CallAsync(async () =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            asset.IngestedAt = now;
            asset.CreatedAt = now;
            try
            {
                return await writer.WriteAsync(async (batch, ct) =>
                {
                    await MarkCataloguedAsync(batch, claimedSource, asset.Sha256, ct);
                    batch.Db.MediaAssets.Add(asset);
                    return true;
                }, cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.IsDuplicateSha256())
            {
                return false;
            }
        });

    /// <summary>Records a duplicate or quarantine decision and marks the claim (if any) catalogued in one transaction.</summary>
    public Task RecordAsync(IngestEvent ingestEvent, string? claimedSource, CancellationToken cancellationToken) =>
        CatalogueGuard.CallAsync(() =>
        {
            ingestEvent.OccurredAt = time.GetUtcNow().UtcDateTime;
            return writer.WriteAsync(async (batch, ct) =>
            {
                // A write may run twice (its batch rolled back); the database numbers the event afresh each time.
                ingestEvent.Id = 0;
                if (claimedSource is not null)
                {
                    await MarkCataloguedAsync(batch, claimedSource, ingestEvent.Sha256!, ct);
                }

                batch.Db.IngestEvents.Add(ingestEvent);
                return true;
            }, cancellationToken);
        });

    /// <summary>Points an asset whose stored file was lost or damaged at the inbox copy that replaced it.</summary>
    public Task RecordReplacementAsync(Guid assetId, string finalPath, IngestEvent ingestEvent, string claimedSource, CancellationToken cancellationToken) =>
        CatalogueGuard.CallAsync(() =>
        {
            ingestEvent.OccurredAt = time.GetUtcNow().UtcDateTime;
            return writer.WriteAsync(async (batch, ct) =>
            {
                await batch.Db.MediaAssets.Where(a => a.Id == assetId).ExecuteUpdateAsync(set => set
                    .SetProperty(a => a.FinalPath, finalPath)
                    .SetProperty(a => a.HasErrors, false)
                    .SetProperty(a => a.ErrorMessage, (string?)null), ct);
                ingestEvent.Id = 0;
                await MarkCataloguedAsync(batch, claimedSource, ingestEvent.Sha256!, ct);
                batch.Db.IngestEvents.Add(ingestEvent);
                return true;
            }, cancellationToken);
        });

    /// <summary>
    /// Marks this Librarian's claim catalogued in the same transaction as the write it guards (it ends once the inbox
    /// copy is gone). If the claim is no longer ours (another Librarian judged us dead and took it over), the whole
    /// write fails and is rolled back.
    /// </summary>
    private async Task MarkCataloguedAsync(CatalogueBatch batch, string sourcePath, string sha256, CancellationToken cancellationToken)
    {
        if (await claims.MarkCataloguedAsync(batch, sourcePath, sha256, cancellationToken) != 1)
        {
            throw new ClaimLostException(sourcePath);
        }
    }
}
