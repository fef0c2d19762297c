using PhotoFactory.Librarian.Cataloguing;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Inbox;
using PhotoFactory.Librarian.Metadata;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Librarian.Planning;
using PhotoFactory.Librarian.Release;

namespace PhotoFactory.Librarian.Filing;

/// <summary>
/// Files one unit (a photo or video with its sidecars) as the README's "How a file is filed" tells it: read,
/// decide, claim, copy and verify, place, catalogue, and only then release the inbox copy. Expected outcomes are
/// results; a catalogue or originals folder that cannot be used escapes as <see cref="FilingUnavailableException"/>,
/// after everything in flight was rolled back.
/// </summary>
internal sealed class FilingEngine(
    UnitReader reader,
    Quarantine quarantine,
    DuplicateHandler duplicates,
    Placement placement,
    ClaimJournal claims,
    AssetLedger ledger,
    InboxCleaner inbox,
    StorageLayout layout)
{
    public async Task<FilingResult> FileAsync(FilingUnit unit, FilingMode mode, CaptureTime? partner, FilingPlan plan, CancellationToken cancellationToken)
    {
        var read = await reader.ReadAsync(unit, partner, cancellationToken);
        if (read.Gone)
        {
            return FilingResult.Deferred(unit.Primary.RelativePath, "the file disappeared from the inbox before it could be filed");
        }

        if (read.IsLink)
        {
            return FilingResult.Deferred(unit.Primary.RelativePath, InboxChangedException.Reason);
        }

        if (read.Problem is { } problem)
        {
            return await quarantine.QuarantineAsync(unit, mode, problem, cancellationToken);
        }

        // A live photo's video joins its still's folder, even when their clocks straddle midnight.
        var facts = new FileFacts(unit, read.Metadata!, read.Captured!, read.Location is { IsPlausible: true } ? read.Location : null,
            StorageLayout.DateFolder((partner ?? read.Captured!).FolderDate));

        return mode == FilingMode.DryRun
            ? await PlanAsync(facts, plan, cancellationToken)
            : await TransferAsync(facts, mode, cancellationToken);
    }

    /// <summary>The dry run: the same decisions, from a hash and the catalogue, writing nothing.</summary>
    private async Task<FilingResult> PlanAsync(FileFacts facts, FilingPlan plan, CancellationToken cancellationToken)
    {
        string sha256;
        long size;
        try
        {
            if (await FileTransfer.HashInboxFileAsync(layout.Inbox, facts.Unit.Primary.RelativePath, cancellationToken) is not { } hashed)
            {
                return FilingResult.Deferred(facts.Unit.Primary.RelativePath, InboxChangedException.Reason);
            }

            (sha256, size, _) = hashed;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return FilingResult.Deferred(facts.Unit.Primary.RelativePath, "the file disappeared from the inbox before it could be filed");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return await quarantine.QuarantineAsync(facts.Unit, FilingMode.DryRun, $"cannot be read: {ex.Message}", cancellationToken);
        }

        var stored = await ledger.FindByHashAsync(sha256, cancellationToken);
        if ((stored?.FinalPath ?? plan.FindPlannedHash(sha256)) is { } existing)
        {
            return facts.Result(FilingOutcome.Duplicate, $"same content as {existing}", sha256, size) with { Destination = existing };
        }

        var name = plan.Reserve(facts.Folder, facts.Unit.Primary.Name, sha256);
        return facts.Result(FilingOutcome.Placed, null, sha256, size) with { Destination = $"{facts.Folder}/{name}" };
    }

    /// <summary>Claims the unit with the names its files mean to take, then files it; rolls back whatever fails before the catalogue owns it.</summary>
    private async Task<FilingResult> TransferAsync(FileFacts facts, FilingMode mode, CancellationToken cancellationToken)
    {
        var source = facts.Unit.Primary;
        var inFlight = placement.Prepare(facts.Unit, facts.Folder);
        bool claimed;
        try
        {
            claimed = await claims.TryClaimAsync(inFlight.SourcePath, inFlight.Transfers, cancellationToken);
        }
        catch (CatalogueRefusedException refused)
        {
            return await quarantine.QuarantineAsync(facts.Unit, mode, Refused(refused), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopped while the claim's insert waited for its batch: the insert still commits, so the claim is ended
            // too (the delete follows it in the queue). Left behind, only its lease would free the file, since the next
            // container is another host to the claim.
            await claims.TryReleaseAsync(inFlight.SourcePath);
            throw;
        }

        if (!claimed)
        {
            return FilingResult.Deferred(source.RelativePath, "another Librarian is filing this file");
        }

        // Renewed while the copy and the rest run, so no other Librarian takes a long copy for abandoned.
        await using var renewal = claims.KeepRenewed(inFlight.SourcePath);
        try
        {
            return await CopyPlaceAndCatalogueAsync(facts, mode, inFlight, cancellationToken);
        }
        catch (Exception ex) when (!inFlight.Committed)
        {
            inFlight.RollBack();
            if (ex is ClaimLostException)
            {
                return FilingResult.Deferred(source.RelativePath, "another Librarian took this file over; it files it");
            }

            if (ex is InboxChangedException)
            {
                await claims.TryReleaseAsync(inFlight.SourcePath);
                return FilingResult.Deferred(source.RelativePath, InboxChangedException.Reason);
            }

            if (IsSourceProblem(ex, source))
            {
                await claims.TryReleaseAsync(inFlight.SourcePath);
                return ex is FileNotFoundException or DirectoryNotFoundException
                    ? FilingResult.Deferred(source.RelativePath, "the file disappeared from the inbox while it was being filed")
                    : await quarantine.QuarantineAsync(facts.Unit, mode, $"cannot be read: {ex.Message}", cancellationToken);
            }

            if (ex is OperationCanceledException)
            {
                // Stopping (docker stop, compose down): what was written is rolled back, so the claim goes too. Left
                // behind, only its lease would free the file, since the next container is another host to the claim.
                await claims.TryReleaseAsync(inFlight.SourcePath);
                throw;
            }

            await claims.TryReleaseAsync(inFlight.SourcePath);
            if (ex is CatalogueRefusedException refused)
            {
                return await quarantine.QuarantineAsync(facts.Unit, mode, Refused(refused), cancellationToken);
            }

            throw CatalogueGuard.IsCatalogueFailure(ex)
                ? CatalogueGuard.Unavailable(ex)
                : new FilingUnavailableException(IsDiskFull(ex) ? $"the originals' disk is full: {ex.Message}" : $"cannot write the originals: {ex.Message}", ex);
        }
    }

    private async Task<FilingResult> CopyPlaceAndCatalogueAsync(FileFacts facts, FilingMode mode, InFlight inFlight, CancellationToken cancellationToken)
    {
        var source = facts.Unit.Primary;
        // Moving within one file system links instead of copying: the stored file is the inbox file, byte for byte.
        // Copy mode must leave the inbox file as it was (a link would share its read-only mode), so it copies.
        var (sha256, size, linked) = await placement.CopyAsync(inFlight, facts.Folder, mayLink: mode == FilingMode.Move, cancellationToken);

        // Looked at through real folders, as it was copied: a link now is not followed (see InboxEntries).
        if (InboxEntries.Describe(layout.Inbox, source.RelativePath) is not { } now)
        {
            throw new InboxChangedException(source.RelativePath);
        }

        if (now.Size != size || (source.LastWriteUtc != default && now.LastWriteUtc != source.LastWriteUtc))
        {
            return await AbandonAsync(inFlight, "the file changed while it was being filed; it will be filed once it settles");
        }

        var file = new FilingContext(facts, mode, inFlight, sha256, size);
        if (await ledger.FindByHashAsync(sha256, cancellationToken) is { } stored)
        {
            return await duplicates.ResolveAsync(file, stored, cancellationToken);
        }

        if (!await placement.IsVerifiedAsync(inFlight, linked, cancellationToken))
        {
            return await AbandonAsync(inFlight, "the copy did not read back with the same hash; it will be tried again");
        }

        if (facts.Unit.Sidecars.Count > 0)
        {
            await placement.CopySidecarsAsync(inFlight, cancellationToken);
        }

        var placed = await placement.PlaceAsync(inFlight, Enumerable.Range(0, facts.Unit.Sidecars.Count + 1).ToList(), facts.Folder, source.Name, cancellationToken);

        var asset = facts.ToAsset(sha256, size, placed[0]);
        if (!await ledger.TryAddAsync(asset, source.RelativePath, cancellationToken))
        {
            // Another Librarian catalogued the same content a moment ago; the next pass records ours as its duplicate.
            return await AbandonAsync(inFlight, "the same content was catalogued by another worker meanwhile; filing again records it as a duplicate")
                with { RetryNow = true };
        }

        await file.CommittedAsync(inbox, claims);
        return file.Result(FilingOutcome.Placed, null) with
        {
            Destination = asset.FinalPath,
            Sidecars = placed.Skip(1).ToList(),
        };
    }

    /// <summary>Rolls back what was written and ends the claim: the file stays in the inbox for another pass.</summary>
    private async Task<FilingResult> AbandonAsync(InFlight inFlight, string reason)
    {
        inFlight.RollBack();
        await claims.TryReleaseAsync(inFlight.SourcePath);
        return FilingResult.Deferred(inFlight.SourcePath, reason);
    }

    private static string Refused(CatalogueRefusedException refused) =>
        $"the catalogue refused its record: {refused.Message}";

    /// <summary>No space left where the originals go (ENOSPC, EDQUOT), however .NET words it.</summary>
    private static bool IsDiskFull(Exception ex) => ex is IOException { HResult: FileTransfer.DiskFull or 122 };

    /// <summary>A problem with the inbox file itself (unreadable, vanished), not with where it goes.</summary>
    private bool IsSourceProblem(Exception ex, InboxEntry source) =>
        ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException
        && !CatalogueGuard.IsCatalogueFailure(ex)
        && !CanRead(source);

    /// <summary>Whether the inbox file, reached through real folders, is there and gives its first byte.</summary>
    private bool CanRead(InboxEntry source)
    {
        try
        {
            using var stream = InboxEntries.OpenRead(layout.Inbox, source.RelativePath);
            Span<byte> one = stackalloc byte[1];
            return stream is not null && (stream.Length == 0 || stream.Read(one) == 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
