using PhotoFactory.Librarian.Inbox;
using PhotoFactory.Librarian.Metadata;

namespace PhotoFactory.Librarian.Filing;

/// <summary>
/// Files one unit (a photo or video with its sidecars): read, decide, copy and verify, place, catalogue,
/// and only then remove the inbox copy. Expected outcomes are results; a catalogue or originals folder that
/// cannot be used escapes as <see cref="FilingUnavailableException"/>, after everything in flight was rolled back.
/// </summary>
internal sealed class FilingEngine(
    StorageLayout layout,
    IMediaMetadataReader metadataReader,
    CaptureResolution captureResolution,
    ClaimJournal claims,
    AssetLedger ledger,
    Quarantine quarantine,
    DuplicateHandler duplicates,
    Placement placement,
    CatalogueGuard guard,
    InboxCleaner inbox,
    LibrarianMetrics metrics,
    IOptions<LibrarianOptions> options,
    TimeProvider time,
    ILogger<FilingEngine> logger)
{
    public async Task<FilingResult> FileAsync(FilingUnit unit, FilingMode mode, CaptureTime? partner, FilingPlan plan, CancellationToken cancellationToken)
    {
        var source = unit.Primary;
        using var activity = LibrarianMetrics.Activity.StartActivity("file");
        activity?.SetTag("photofactory.source", source.RelativePath);
        var started = time.GetTimestamp();

        var result = await DecideAndFileAsync(unit, mode, partner, plan, cancellationToken);

        activity?.SetTag("photofactory.outcome", result.Outcome.ToString());
        metrics.Filed(result, time.GetElapsedTime(started), source.LastWriteUtc, time.GetUtcNow().UtcDateTime);
        Log.Filed(logger, source.RelativePath, result.Outcome, result.Destination, result.Reason);
        return result;
    }

    private async Task<FilingResult> DecideAndFileAsync(FilingUnit unit, FilingMode mode, CaptureTime? partner, FilingPlan plan, CancellationToken cancellationToken)
    {
        var source = unit.Primary;
        var info = new FileInfo(source.FullPath);
        if (!info.Exists)
        {
            return FilingResult.Deferred(source.RelativePath, "the file disappeared from the inbox before it could be filed");
        }

        if (info.Length == 0)
        {
            return await quarantine.QuarantineAsync(unit, mode, "empty file (0 bytes)", cancellationToken);
        }

        MediaMetadata metadata;
        try
        {
            metadata = await metadataReader.ReadAsync(source.FullPath, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return await quarantine.QuarantineAsync(unit, mode, $"cannot be read: {ex.Message}", cancellationToken);
        }

        if (!metadata.IsRecognisedMedia)
        {
            return await quarantine.QuarantineAsync(unit, mode, metadata.ReadProblem is { } problem
                ? $"content is not an image or video ({problem})"
                : "content is not an image or video", cancellationToken);
        }

        var (captured, location) = await captureResolution.ResolveAsync(unit, metadata, partner, cancellationToken);
        // A live photo's video joins its still's folder, even when their clocks straddle midnight.
        var facts = new FileFacts(unit, metadata, captured, location is { IsPlausible: true } ? location : null,
            StorageLayout.DateFolder((partner ?? captured).FolderDate));

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
            (sha256, size) = await FileTransfer.HashAsync(facts.Unit.Primary.FullPath, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return await quarantine.QuarantineAsync(facts.Unit, FilingMode.DryRun, $"cannot be read: {ex.Message}", cancellationToken);
        }

        var stored = await guard.CallAsync(() => ledger.FindByHashAsync(sha256, cancellationToken));
        if ((stored?.FinalPath ?? plan.FindPlannedHash(sha256)) is { } existing)
        {
            return facts.Result(FilingOutcome.Duplicate, $"same content as {existing}", sha256, size) with { Destination = existing };
        }

        var name = plan.Reserve(facts.Folder, facts.Unit.Primary.Name, sha256, layout);
        return facts.Result(FilingOutcome.Placed, null, sha256, size) with { Destination = $"{facts.Folder}/{name}" };
    }

    private async Task<FilingResult> TransferAsync(FileFacts facts, FilingMode mode, CancellationToken cancellationToken)
    {
        var unit = facts.Unit;
        var source = unit.Primary;
        var token = Guid.NewGuid().ToString("N");
        var finals = placement.ProposeNames(unit, facts.Folder);
        var transfers = new List<ClaimTransfer> { new(source.RelativePath, $"{facts.Folder}/.pf-{token}.tmp", finals[0]) };
        for (var i = 0; i < unit.Sidecars.Count; i++)
        {
            transfers.Add(new(unit.Sidecars[i].RelativePath, $"{facts.Folder}/.pf-{token}-{i + 1}.tmp", finals[i + 1]));
        }

        if (!await guard.CallAsync(() => claims.TryClaimAsync(source.RelativePath, transfers, cancellationToken)))
        {
            return FilingResult.Deferred(source.RelativePath, "another Librarian is filing this file");
        }

        var inFlight = new InFlight(source.RelativePath, transfers);
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

            if (IsSourceProblem(ex, source))
            {
                await ReleaseAsync(inFlight);
                return ex is FileNotFoundException or DirectoryNotFoundException
                    ? FilingResult.Deferred(source.RelativePath, "the file disappeared from the inbox while it was being filed")
                    : await quarantine.QuarantineAsync(unit, mode, $"cannot be read: {ex.Message}", cancellationToken);
            }

            if (ex is OperationCanceledException)
            {
                throw;
            }

            await ReleaseAsync(inFlight);
            throw CatalogueGuard.IsCatalogueFailure(ex)
                ? guard.Failed(ex)
                : new FilingUnavailableException($"cannot write the originals: {ex.Message}", ex);
        }
    }

    private async Task<FilingResult> CopyPlaceAndCatalogueAsync(FileFacts facts, FilingMode mode, InFlight inFlight, CancellationToken cancellationToken)
    {
        var unit = facts.Unit;
        var source = unit.Primary;
        Directory.CreateDirectory(layout.InOriginals(facts.Folder));
        var temporary = layout.InOriginals(inFlight.Transfers[0].Temporary);
        inFlight.Wrote(temporary);
        // Moving within one file system links instead of copying: the stored file is the inbox file, byte for byte.
        // Copy mode must leave the inbox file as it was (a link would share its read-only mode), so it copies.
        var (sha256, size, linked) = await FileTransfer.TransferAsync(source.FullPath, temporary, mayLink: mode == FilingMode.Move, cancellationToken);

        var now = new FileInfo(source.FullPath);
        if (now.Length != size || (source.LastWriteUtc != default && now.LastWriteTimeUtc != source.LastWriteUtc))
        {
            inFlight.RollBack();
            await ReleaseAsync(inFlight);
            return FilingResult.Deferred(source.RelativePath, "the file changed while it was being filed; it will be filed once it settles");
        }

        if (await guard.CallAsync(() => ledger.FindByHashAsync(sha256, cancellationToken)) is { } stored)
        {
            return await duplicates.ResolveAsync(facts, mode, stored, inFlight, sha256, size, cancellationToken);
        }

        if (!linked && options.Value.VerifyCopies && (await FileTransfer.HashAsync(temporary, cancellationToken)).Sha256 != sha256)
        {
            inFlight.RollBack();
            await ReleaseAsync(inFlight);
            return FilingResult.Deferred(source.RelativePath, "the copy did not read back with the same hash; it will be tried again");
        }

        if (unit.Sidecars.Count > 0)
        {
            await placement.CopySidecarsAsync(unit, inFlight, cancellationToken);
        }

        var placed = await placement.PlaceAsync(unit, inFlight, Enumerable.Range(0, unit.Sidecars.Count + 1).ToList(),
            facts.Folder, source.Name, sha256, cancellationToken);

        var asset = facts.ToAsset(sha256, size, placed[0]);
        if (!await guard.CallAsync(() => ledger.TryAddAsync(asset, source.RelativePath, cancellationToken)))
        {
            // Another Librarian catalogued the same content a moment ago; the next pass records ours as its duplicate.
            inFlight.RollBack();
            await ReleaseAsync(inFlight);
            return FilingResult.Deferred(source.RelativePath, "the same content was catalogued by another worker meanwhile; filing again records it as a duplicate")
                with { RetryNow = true };
        }

        inFlight.Committed = true;
        if (mode == FilingMode.Move)
        {
            inbox.Remove(unit);
        }

        return facts.Result(FilingOutcome.Placed, null, sha256, size) with
        {
            Destination = asset.FinalPath,
            Sidecars = placed.Skip(1).ToList(),
        };
    }

    private async Task ReleaseAsync(InFlight inFlight)
    {
        try
        {
            await claims.ReleaseAsync(inFlight.SourcePath, CancellationToken.None);
        }
        catch (Exception ex) when (CatalogueGuard.IsCatalogueFailure(ex))
        {
            // The claim stays; its files are already gone, so recovery only has to delete the row.
        }
    }

    /// <summary>A problem with the inbox file itself (unreadable, vanished), not with where it goes.</summary>
    private static bool IsSourceProblem(Exception ex, InboxEntry source) =>
        ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException
        && !CatalogueGuard.IsCatalogueFailure(ex)
        && (!File.Exists(source.FullPath) || !CanRead(source.FullPath));

    private static bool CanRead(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> one = stackalloc byte[1];
            _ = stream.Read(one);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
