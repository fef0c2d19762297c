using PhotoFactory.Catalog.Assets;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Librarian.Cataloguing;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Librarian.Release;

namespace PhotoFactory.Librarian.Filing;

/// <summary>
/// Decides about an inbox file whose content is already catalogued, wherever it came from (the same path included:
/// a filing interrupted before the inbox copy was removed is finished by <see cref="ClaimRecovery"/> from its claim,
/// never met here). The inbox copy is let go only when the stored original is still there with that hash; if it is
/// missing or damaged, the inbox copy takes its place.
/// </summary>
internal sealed class DuplicateHandler(StorageLayout layout, Placement placement, ClaimJournal claims, AssetLedger ledger, InboxCleaner inbox)
{
    public async Task<FilingResult> ResolveAsync(FilingContext file, MediaAsset stored, CancellationToken cancellationToken)
    {
        var original = new StoredOriginal(stored, layout.InOriginals(stored.FinalPath));
        var storedIntact = File.Exists(original.FullPath) && (await FileTransfer.HashAsync(original.FullPath, cancellationToken)).Sha256 == file.Sha256;

        return storedIntact
            ? await KeepStoredAsync(file, original, cancellationToken)
            : await ReplaceStoredAsync(file, original, cancellationToken);
    }

    private async Task<FilingResult> KeepStoredAsync(FilingContext file, StoredOriginal original, CancellationToken cancellationToken)
    {
        var unit = file.Unit;
        var inFlight = file.InFlight;
        FileTransfer.DeleteOwn(layout.InOriginals(inFlight.Transfers[0].Temporary));
        inFlight.Forget(layout.InOriginals(inFlight.Transfers[0].Temporary));

        // Sidecars join the stored original unless the same sidecar is already beside it.
        var sidecars = new List<int>();
        if (unit.Sidecars.Count > 0)
        {
            await placement.CopySidecarsAsync(inFlight, cancellationToken);
            for (var i = 0; i < unit.Sidecars.Count; i++)
            {
                var beside = layout.InOriginals($"{original.Folder}/{StorageLayout.SidecarName(unit.Sidecars[i].Name, unit.Primary.Name, original.Name)}");
                var temporary = layout.InOriginals(inFlight.Transfers[i + 1].Temporary);
                if (File.Exists(beside) && (await FileTransfer.HashAsync(beside, cancellationToken)).Sha256 == (await FileTransfer.HashAsync(temporary, cancellationToken)).Sha256)
                {
                    FileTransfer.DeleteOwn(temporary);
                    inFlight.Forget(temporary);
                }
                else
                {
                    sidecars.Add(i + 1);
                }
            }
        }

        var placedSidecars = sidecars.Count > 0
            ? await placement.PlaceAsync(inFlight, sidecars, original.Folder, original.Name, cancellationToken)
            : [];

        var reason = $"same content as {original.Asset.FinalPath}";
        await ledger.RecordAsync(DuplicateEvent(file, original, reason), inFlight.SourcePath, cancellationToken);
        await file.CommittedAsync(inbox, claims);
        return file.Result(FilingOutcome.Duplicate, reason) with
        {
            Destination = original.Asset.FinalPath,
            Sidecars = placedSidecars,
        };
    }

    private async Task<FilingResult> ReplaceStoredAsync(FilingContext file, StoredOriginal original, CancellationToken cancellationToken)
    {
        var unit = file.Unit;
        var inFlight = file.InFlight;
        if (!await placement.ReadsBackAsync(inFlight, cancellationToken))
        {
            throw new IOException("the copy did not read back with the same hash");
        }

        string problem;
        if (File.Exists(original.FullPath))
        {
            // Keep the damaged file for inspection; never delete what the user stored.
            var aside = layout.InQuarantine($"damaged-originals/{original.Asset.FinalPath}.{Guid.NewGuid():N}");
            Directory.CreateDirectory(Path.GetDirectoryName(aside)!);
            File.Move(original.FullPath, aside, overwrite: false);
            problem = $"the stored original {original.Asset.FinalPath} no longer had its hash (moved to quarantine)";
        }
        else
        {
            problem = $"the stored original {original.Asset.FinalPath} was missing";
        }

        if (unit.Sidecars.Count > 0)
        {
            await placement.CopySidecarsAsync(inFlight, cancellationToken);
        }

        var indexes = Enumerable.Range(0, unit.Sidecars.Count + 1).ToList();
        var placed = await placement.PlaceAsync(inFlight, indexes, original.Folder, original.Name, cancellationToken);
        var reason = $"{problem}; this copy took its place";
        await ledger.RecordReplacementAsync(original.Asset.Id, placed[0], DuplicateEvent(file, original, reason), inFlight.SourcePath, cancellationToken);
        await file.CommittedAsync(inbox, claims);
        return file.Result(FilingOutcome.Placed, reason) with
        {
            Destination = placed[0],
            Sidecars = placed.Skip(1).ToList(),
        };
    }

    private static IngestEvent DuplicateEvent(FilingContext file, StoredOriginal original, string reason) => new()
    {
        Kind = IngestEventKind.Duplicate,
        SourcePath = file.Unit.Primary.RelativePath,
        Sha256 = file.Sha256,
        SizeBytes = file.Size,
        Reason = reason,
        DuplicateOfAssetId = original.Asset.Id,
    };

    /// <summary>The catalogued original an inbox file duplicates, and where it lies.</summary>
    private sealed record StoredOriginal(MediaAsset Asset, string FullPath)
    {
        public string Folder { get; } = Path.GetDirectoryName(Asset.FinalPath.Replace('/', Path.DirectorySeparatorChar))!.Replace(Path.DirectorySeparatorChar, '/');

        public string Name { get; } = Path.GetFileName(Asset.FinalPath);
    }
}
