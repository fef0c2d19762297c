using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PhotoFactory.Catalog.Filing;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Librarian.Placing;

namespace PhotoFactory.Librarian.Cataloguing;

/// <summary>
/// Claims in the catalogue: one Librarian at a time works on an inbox file, and what it writes is recorded
/// before it is written, so that a crash at any instant can be finished or rolled back. Filing's calls go through
/// <see cref="CatalogueGuard"/>; recovery's (<see cref="FindAbandonedAsync"/>, <see cref="TryTakeOverAsync"/>,
/// <see cref="EndTakenOverAsync"/>) fail as the catalogue fails.
/// </summary>
internal sealed class ClaimJournal(
    IDbContextFactory<CatalogDbContext> contexts,
    CatalogueWriter writer,
    TimeProvider time,
    IOptions<LibrarianOptions>? options = null) : IPlacementJournal
{
    private readonly TimeSpan _lease = options?.Value.ClaimLease ?? new LibrarianOptions().ClaimLease;
    private readonly TimeProvider _time = time;
    private Statements? _statements;

    /// <summary>
    /// Keeps this Librarian's claim on <paramref name="sourcePath"/> fresh until disposed, renewing it every third of
    /// the lease: a multi-gigabyte video copied for longer than the lease is not taken for abandoned by another
    /// Librarian. A renewal the catalogue misses is tried again at the next tick; one that finds the claim gone (it
    /// ended, or was taken over) changes nothing.
    /// </summary>
    public IAsyncDisposable KeepRenewed(string sourcePath) => new Renewal(this, sourcePath, _lease / 3);

    /// <summary>Sets the claim's renewal time to now; false when the claim is not (or no longer) this Librarian's.</summary>
    public async Task<bool> RenewAsync(string sourcePath, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var renewed = await writer.WriteAsync((batch, ct) =>
        {
            var sql = Sql(batch.Db);
            return batch.ExecuteAsync(sql.Renew, [(sql.SourcePath, sourcePath), (sql.Owner, ClaimOwner.Current), (sql.RenewedAt, now)], ct);
        }, cancellationToken);
        return renewed == 1;
    }

    /// <summary>
    /// Claims the file for this process, recording the files it is about to create: each temporary name and the
    /// final name it means to take, so that a crash at any later instant can be rolled back from the claim alone.
    /// False when another live Librarian holds it.
    /// </summary>
    public Task<bool> TryClaimAsync(string sourcePath, IReadOnlyList<ClaimTransfer> transfers, CancellationToken cancellationToken) =>
        CatalogueGuard.CallAsync(async () =>
        {
            var now = _time.GetUtcNow().UtcDateTime;
            var transfersJson = JsonSerializer.Serialize(transfers);
            // A claim taken by another Librarian is an answer, not an error: it must not fail the rest of the batch.
            var inserted = await writer.WriteAsync((batch, ct) =>
            {
                var sql = Sql(batch.Db);
                return batch.ExecuteAsync(sql.Insert,
                [
                    (sql.SourcePath, sourcePath),
                    (sql.Owner, ClaimOwner.Current),
                    (sql.ClaimedAt, now),
                    (sql.RenewedAt, now),
                    // The final names are chosen before the claim, so no later write is needed before the first rename.
                    (sql.Stage, IngestClaimStage.Placing),
                    (sql.Transfers, transfersJson),
                ], ct);
            }, cancellationToken);
            return inserted == 1;
        });

    /// <summary>Records final names chosen anew (the planned one was taken meanwhile), before any copy takes one.</summary>
    public Task RecordNamesAsync(InFlight inFlight, CancellationToken cancellationToken) =>
        CatalogueGuard.CallAsync(() => MarkPlacingAsync(inFlight.SourcePath, inFlight.Sha256!, inFlight.Transfers, cancellationToken));

    private async Task MarkPlacingAsync(string sourcePath, string sha256, IReadOnlyList<ClaimTransfer> transfers, CancellationToken cancellationToken)
    {
        var renewed = _time.GetUtcNow().UtcDateTime;
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

    /// <summary>
    /// Marks this Librarian's claim catalogued, in the transaction of the write it guards: only removing the inbox copy
    /// remains, and the claim, with the content's hash, is the evidence a crash before that leaves. Returns 0 when the
    /// claim is no longer ours.
    /// </summary>
    public Task<int> MarkCataloguedAsync(CatalogueBatch batch, string sourcePath, string sha256, CancellationToken cancellationToken)
    {
        var sql = Sql(batch.Db);
        return batch.ExecuteAsync(sql.MarkCatalogued,
        [
            (sql.SourcePath, sourcePath),
            (sql.Owner, ClaimOwner.Current),
            (sql.Stage, IngestClaimStage.Catalogued),
            (sql.Sha256, sha256),
        ], cancellationToken);
    }

    /// <summary>Ends this Librarian's claim on <paramref name="sourcePath"/>.</summary>
    public Task ReleaseAsync(string sourcePath, CancellationToken cancellationToken) =>
        CatalogueGuard.CallAsync(() => EndTakenOverAsync(sourcePath, cancellationToken));

    /// <summary>
    /// Ends the claim of a filing that was rolled back, if the catalogue lets it: if not, the claim stays, and as
    /// its files are already gone, recovery only has to delete the row.
    /// </summary>
    public async Task TryReleaseAsync(string sourcePath)
    {
        try
        {
            await EndTakenOverAsync(sourcePath, CancellationToken.None);
        }
        catch (Exception ex) when (CatalogueGuard.IsCatalogueFailure(ex))
        {
            // Recovery deletes it.
        }
    }

    /// <summary>Ends a claim this Librarian holds (one it took over from a dead one, for recovery).</summary>
    public Task EndTakenOverAsync(string sourcePath, CancellationToken cancellationToken) =>
        writer.WriteAsync((batch, ct) => DeleteOwnAsync(batch, sourcePath, ct), cancellationToken);

    /// <summary>Deletes this Librarian's claim on <paramref name="sourcePath"/>; returns 0 when it is not (or no longer) ours.</summary>
    public Task<int> DeleteOwnAsync(CatalogueBatch batch, string sourcePath, CancellationToken cancellationToken)
    {
        var sql = Sql(batch.Db);
        return batch.ExecuteAsync(sql.Delete, [(sql.SourcePath, sourcePath), (sql.Owner, ClaimOwner.Current)], cancellationToken);
    }

    /// <summary>
    /// Claims whose owner died on this host or stopped renewing them within the lease, and every claim of this
    /// Librarian's own: recovery runs between passes, when none of its filings is in flight, so an own claim is one it
    /// could not end (the catalogue went away during a rollback, or the inbox copy could not be removed).
    /// </summary>
    public async Task<IReadOnlyList<IngestClaim>> FindAbandonedAsync(TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var expiry = _time.GetUtcNow().UtcDateTime - lease;
        var claims = await db.IngestClaims.AsNoTracking().ToListAsync(cancellationToken);
        return claims.Where(c => c.Owner == ClaimOwner.Current || c.RenewedAt < expiry || ClaimOwner.IsDeadOnThisHost(c.Owner)).ToList();
    }

    /// <summary>Takes over an abandoned claim, unless another Librarian got there first.</summary>
    public async Task<bool> TryTakeOverAsync(IngestClaim abandoned, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = _time.GetUtcNow().UtcDateTime;
        var taken = await db.IngestClaims
            .Where(c => c.SourcePath == abandoned.SourcePath && c.Owner == abandoned.Owner && c.RenewedAt == abandoned.RenewedAt)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Owner, ClaimOwner.Current).SetProperty(c => c.RenewedAt, now), cancellationToken);
        return taken == 1;
    }

    public static List<ClaimTransfer> Read(IngestClaim claim) =>
        JsonSerializer.Deserialize<List<ClaimTransfer>>(claim.Transfers) ?? [];

    /// <summary>The statements filing runs for every file, written once from the model's names (see <see cref="CatalogSchema"/>).</summary>
    private Statements Sql(CatalogDbContext db) => _statements ??= new Statements(db);

    private sealed class Statements
    {
        public Statements(CatalogDbContext db)
        {
            SourcePath = db.Property<IngestClaim>(nameof(IngestClaim.SourcePath));
            Owner = db.Property<IngestClaim>(nameof(IngestClaim.Owner));
            ClaimedAt = db.Property<IngestClaim>(nameof(IngestClaim.ClaimedAt));
            RenewedAt = db.Property<IngestClaim>(nameof(IngestClaim.RenewedAt));
            Stage = db.Property<IngestClaim>(nameof(IngestClaim.Stage));
            Sha256 = db.Property<IngestClaim>(nameof(IngestClaim.Sha256));
            Transfers = db.Property<IngestClaim>(nameof(IngestClaim.Transfers));
            var table = db.Table<IngestClaim>();
            Insert = $"""
                INSERT INTO {table} ({db.Column(SourcePath)}, {db.Column(Owner)}, {db.Column(ClaimedAt)}, {db.Column(RenewedAt)}, {db.Column(Stage)}, {db.Column(Sha256)}, {db.Column(Transfers)})
                VALUES (@p0, @p1, @p2, @p3, @p4, NULL, @p5)
                ON CONFLICT ({db.Column(SourcePath)}) DO NOTHING
                """;
            Delete = $"DELETE FROM {table} WHERE {db.Column(SourcePath)} = @p0 AND {db.Column(Owner)} = @p1";
            Renew = $"UPDATE {table} SET {db.Column(RenewedAt)} = @p2 WHERE {db.Column(SourcePath)} = @p0 AND {db.Column(Owner)} = @p1";
            MarkCatalogued = $"UPDATE {table} SET {db.Column(Stage)} = @p2, {db.Column(Sha256)} = @p3 WHERE {db.Column(SourcePath)} = @p0 AND {db.Column(Owner)} = @p1";
        }

        public IProperty SourcePath { get; }
        public IProperty Owner { get; }
        public IProperty ClaimedAt { get; }
        public IProperty RenewedAt { get; }
        public IProperty Stage { get; }
        public IProperty Sha256 { get; }
        public IProperty Transfers { get; }
        public string Insert { get; }
        public string Delete { get; }
        public string MarkCatalogued { get; }
        public string Renew { get; }
    }

    private sealed class Renewal : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public Renewal(ClaimJournal journal, string sourcePath, TimeSpan every) =>
            _loop = RenewAsync(journal, sourcePath, every, _stop.Token);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }

        private static async Task RenewAsync(ClaimJournal journal, string sourcePath, TimeSpan every, CancellationToken stop)
        {
            try
            {
                while (true)
                {
                    // Most files are filed well before the first renewal: ending the wait is not an exception.
                    await Task.Delay(every, journal._time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    if (stop.IsCancellationRequested)
                    {
                        return;
                    }

                    try
                    {
                        // Not cancelled by the stop: a renewal already handed to the writer lands anyway, and ending the
                        // renewal must wait for it, or it would touch the claim after its filing has ended.
                        if (!await journal.RenewAsync(sourcePath, CancellationToken.None))
                        {
                            return; // ended or taken over: filing finds out at its next claim-checked step
                        }
                    }
                    catch (Exception ex) when (CatalogueGuard.IsCatalogueFailure(ex))
                    {
                        // The catalogue is away: the next tick tries again, well inside the lease.
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }
}
