using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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
    /// Claims the file for this process, recording the temporary files it is about to create; false when
    /// another live Librarian holds it.
    /// </summary>
    public async Task<bool> TryClaimAsync(string sourcePath, IReadOnlyList<ClaimTransfer> transfers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claim = new IngestClaim
        {
            SourcePath = sourcePath,
            Owner = ClaimOwner.Current,
            ClaimedAt = now,
            RenewedAt = now,
            Stage = IngestClaimStage.Copying,
            Transfers = JsonSerializer.Serialize(transfers),
        };
        try
        {
            return await writer.WriteAsync(async (db, ct) =>
            {
                db.IngestClaims.Add(claim);
                await db.SaveChangesAsync(ct);
                return true;
            }, cancellationToken);
        }
        catch (DbUpdateException ex) when (IsPrimaryKeyViolation(ex))
        {
            return false;
        }
    }

    /// <summary>Records the verified hash and the final names, before any copy gets its final name.</summary>
    public async Task MarkPlacingAsync(string sourcePath, string sha256, IReadOnlyList<ClaimTransfer> transfers, CancellationToken cancellationToken)
    {
        var renewed = time.GetUtcNow().UtcDateTime;
        var serialized = JsonSerializer.Serialize(transfers);
        var updated = await writer.WriteAsync((db, ct) => db.IngestClaims
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
        writer.WriteAsync((db, ct) => db.IngestClaims.Where(c => c.SourcePath == sourcePath && c.Owner == ClaimOwner.Current)
            .ExecuteDeleteAsync(ct), cancellationToken);

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

    /// <summary>The claim's key is the inbox path, so a second claim on a file violates the primary key.</summary>
    private static bool IsPrimaryKeyViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && postgres.ConstraintName == "pk_ingest_claims",
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 1555 && sqlite.Message.Contains("ingest_claims.source_path", StringComparison.Ordinal),
        _ => false,
    };
}
