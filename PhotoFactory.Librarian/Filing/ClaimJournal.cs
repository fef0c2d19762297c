using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PhotoFactory.Catalog.Filing;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Librarian.Filing;

/// <summary>
/// Claims in the catalogue: one Librarian at a time works on an inbox file, and what it writes is recorded
/// before it is written, so that a crash at any instant can be finished or rolled back.
/// </summary>
internal sealed class ClaimJournal(IDbContextFactory<CatalogDbContext> contexts, CatalogueWriter writer, TimeProvider time)
{
    /// <summary>
    /// Claims the file for this process, recording the files it is about to create: each temporary name and the
    /// final name it means to take, so that a crash at any later instant can be rolled back from the claim alone.
    /// False when another live Librarian holds it.
    /// </summary>
    public async Task<bool> TryClaimAsync(string sourcePath, IReadOnlyList<ClaimTransfer> transfers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var transfersJson = JsonSerializer.Serialize(transfers);
        // A claim taken by another Librarian is an answer, not an error: it must not fail the rest of the batch.
        var inserted = await writer.WriteAsync((batch, ct) => batch.ExecuteAsync("""
            INSERT INTO ingest_claims (source_path, owner, claimed_at, renewed_at, stage, sha256, transfers)
            VALUES (@p0, @p1, @p2, @p3, @p4, NULL, @p5)
            ON CONFLICT (source_path) DO NOTHING
            """,
            [
                (Column(batch, nameof(IngestClaim.SourcePath)), sourcePath),
                (Column(batch, nameof(IngestClaim.Owner)), ClaimOwner.Current),
                (Column(batch, nameof(IngestClaim.ClaimedAt)), now),
                (Column(batch, nameof(IngestClaim.RenewedAt)), now),
                // The final names are chosen before the claim, so no later write is needed before the first rename.
                (Column(batch, nameof(IngestClaim.Stage)), IngestClaimStage.Placing),
                (Column(batch, nameof(IngestClaim.Transfers)), transfersJson),
            ], ct), cancellationToken);
        return inserted == 1;
    }

    /// <summary>Records final names chosen anew (the planned one was taken meanwhile), before any copy takes one.</summary>
    public async Task MarkPlacingAsync(string sourcePath, string sha256, IReadOnlyList<ClaimTransfer> transfers, CancellationToken cancellationToken)
    {
        var renewed = time.GetUtcNow().UtcDateTime;
        var serialized = JsonSerializer.Serialize(transfers);
        var updated = await writer.WriteAsync((batch, ct) => batch.Db.IngestClaims
            .Where(c => c.SourcePath == sourcePath && c.Owner == ClaimOwner.Current)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Stage, IngestClaimStage.Placing)
                .SetProperty(c => c.Sha256, sha256)
                .SetProperty(c => c.Transfers, serialized)
                .SetProperty(c => c.RenewedAt, renewed), ct), cancellationToken);
        if (updated != 1)
        {
            throw new ClaimLostException(sourcePath);
        }
    }

    public Task ReleaseAsync(string sourcePath, CancellationToken cancellationToken) =>
        writer.WriteAsync((batch, ct) => DeleteOwnAsync(batch, sourcePath, ct), cancellationToken);

    /// <summary>Deletes this Librarian's claim on <paramref name="sourcePath"/>; returns 0 when it is not (or no longer) ours.</summary>
    public static Task<int> DeleteOwnAsync(CatalogueBatch batch, string sourcePath, CancellationToken cancellationToken) =>
        batch.ExecuteAsync("DELETE FROM ingest_claims WHERE source_path = @p0 AND owner = @p1",
        [
            (Column(batch, nameof(IngestClaim.SourcePath)), sourcePath),
            (Column(batch, nameof(IngestClaim.Owner)), ClaimOwner.Current),
        ], cancellationToken);

    private static IProperty Column(CatalogueBatch batch, string name) => CatalogueBatch.Column<IngestClaim>(batch.Db, name);

    /// <summary>Claims whose owner died on this host or stopped renewing them within the lease.</summary>
    public async Task<IReadOnlyList<IngestClaim>> FindAbandonedAsync(TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var expiry = time.GetUtcNow().UtcDateTime - lease;
        var claims = await db.IngestClaims.AsNoTracking().ToListAsync(cancellationToken);
        return claims.Where(c => c.Owner != ClaimOwner.Current && (c.RenewedAt < expiry || ClaimOwner.IsDeadOnThisHost(c.Owner))).ToList();
    }

    /// <summary>Takes over an abandoned claim, unless another Librarian got there first.</summary>
    public async Task<bool> TryTakeOverAsync(IngestClaim abandoned, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var taken = await db.IngestClaims
            .Where(c => c.SourcePath == abandoned.SourcePath && c.Owner == abandoned.Owner && c.RenewedAt == abandoned.RenewedAt)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Owner, ClaimOwner.Current).SetProperty(c => c.RenewedAt, now), cancellationToken);
        return taken == 1;
    }

    public static List<ClaimTransfer> Read(IngestClaim claim) =>
        JsonSerializer.Deserialize<List<ClaimTransfer>>(claim.Transfers) ?? [];

}
