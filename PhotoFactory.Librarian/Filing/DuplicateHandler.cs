using PhotoFactory.Catalog.Assets;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Librarian.Inbox;

namespace PhotoFactory.Librarian.Filing;

/// <summary>
/// Decides about an inbox file whose content is already catalogued. The inbox copy is let go only when the
/// stored original is still there with that hash; if it is missing or damaged, the inbox copy takes its place.
/// </summary>
internal sealed class DuplicateHandler(StorageLayout layout, AssetLedger ledger, ClaimJournal claims, Placement placement, CatalogueGuard guard, InboxCleaner inbox)
{
    public async Task<FilingResult> ResolveAsync(FileFacts facts, FilingMode mode, MediaAsset stored, InFlight inFlight, string sha256, long size, CancellationToken cancellationToken)
    {
        var unit = facts.Unit;
        var storedPath = layout.InOriginals(stored.FinalPath);
        var storedIntact = File.Exists(storedPath) && (await FileTransfer.HashAsync(storedPath, cancellationToken)).Sha256 == sha256;

        if (storedIntact && mode == FilingMode.Move && stored.OriginalPath == unit.Primary.RelativePath)
        {
            // A filing that was catalogued but stopped before the inbox copy was removed: finish it.
            inFlight.RollBack();
            await guard.CallAsync(() => claims.ReleaseAsync(inFlight.SourcePath, cancellationToken));
            inFlight.Committed = true;
            inbox.Remove(unit);
            return facts.Result(FilingOutcome.Placed, "finished a filing that was interrupted before the inbox copy was removed", sha256, size)
                with { Destination = stored.FinalPath };
        }

        var folder = Path.GetDirectoryName(stored.FinalPath.Replace('/', Path.DirectorySeparatorChar))!.Replace(Path.DirectorySeparatorChar, '/');
        var storedName = Path.GetFileName(stored.FinalPath);
        return storedIntact
            ? await KeepStoredAsync(facts, mode, stored, inFlight, folder, storedName, sha256, size, cancellationToken)
            : await ReplaceStoredAsync(facts, mode, stored, inFlight, folder, storedName, sha256, size, storedPath, cancellationToken);
    }

    private async Task<FilingResult> KeepStoredAsync(FileFacts facts, FilingMode mode, MediaAsset stored, InFlight inFlight, string folder, string storedName, string sha256, long size, CancellationToken cancellationToken)
    {
        var unit = facts.Unit;
        FileTransfer.DeleteOwn(layout.InOriginals(inFlight.Transfers[0].Temporary));
        inFlight.Forget(layout.InOriginals(inFlight.Transfers[0].Temporary));

        // Sidecars join the stored original unless the same sidecar is already beside it.
        var sidecars = new List<int>();
        if (unit.Sidecars.Count > 0)
        {
            await placement.CopySidecarsAsync(unit, inFlight, cancellationToken);
            for (var i = 0; i < unit.Sidecars.Count; i++)
            {
                var beside = layout.InOriginals($"{folder}/{StorageLayout.SidecarName(unit.Sidecars[i].Name, unit.Primary.Name, storedName)}");
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
            ? await placement.PlaceAsync(unit, inFlight, sidecars, folder, storedName, sha256, cancellationToken)
            : [];

        await guard.CallAsync(() => ledger.RecordAsync(new IngestEvent
        {
            Kind = IngestEventKind.Duplicate,
            SourcePath = unit.Primary.RelativePath,
            Sha256 = sha256,
            SizeBytes = size,
            Reason = $"same content as {stored.FinalPath}",
            DuplicateOfAssetId = stored.Id,
        }, inFlight.SourcePath, cancellationToken));
        inFlight.Committed = true;

        if (mode == FilingMode.Move)
        {
            inbox.Remove(unit);
        }

        return facts.Result(FilingOutcome.Duplicate, $"same content as {stored.FinalPath}", sha256, size) with
        {
            Destination = stored.FinalPath,
            Sidecars = placedSidecars,
        };
    }

    private async Task<FilingResult> ReplaceStoredAsync(FileFacts facts, FilingMode mode, MediaAsset stored, InFlight inFlight, string folder, string storedName, string sha256, long size, string storedPath, CancellationToken cancellationToken)
    {
        var unit = facts.Unit;
        var temporary = layout.InOriginals(inFlight.Transfers[0].Temporary);
        if ((await FileTransfer.HashAsync(temporary, cancellationToken)).Sha256 != sha256)
        {
            throw new IOException("the copy did not read back with the same hash");
        }

        string problem;
        if (File.Exists(storedPath))
        {
            // Keep the damaged file for inspection; never delete what the user stored.
            var aside = layout.InQuarantine($"damaged-originals/{stored.FinalPath}.{Guid.NewGuid():N}");
            Directory.CreateDirectory(Path.GetDirectoryName(aside)!);
            File.Move(storedPath, aside, overwrite: false);
            problem = $"the stored original {stored.FinalPath} no longer had its hash (moved to quarantine)";
        }
        else
        {
            problem = $"the stored original {stored.FinalPath} was missing";
        }

        if (unit.Sidecars.Count > 0)
        {
            await placement.CopySidecarsAsync(unit, inFlight, cancellationToken);
        }

        var indexes = Enumerable.Range(0, unit.Sidecars.Count + 1).ToList();
        var placed = await placement.PlaceAsync(unit, inFlight, indexes, folder, storedName, sha256, cancellationToken);
        var reason = $"{problem}; this copy took its place";
        await guard.CallAsync(() => ledger.RecordReplacementAsync(stored.Id, placed[0], new IngestEvent
        {
            Kind = IngestEventKind.Duplicate,
            SourcePath = unit.Primary.RelativePath,
            Sha256 = sha256,
            SizeBytes = size,
            Reason = reason,
            DuplicateOfAssetId = stored.Id,
        }, inFlight.SourcePath, cancellationToken));
        inFlight.Committed = true;

        if (mode == FilingMode.Move)
        {
            inbox.Remove(unit);
        }

        return facts.Result(FilingOutcome.Placed, reason, sha256, size) with
        {
            Destination = placed[0],
            Sidecars = placed.Skip(1).ToList(),
        };
    }
}
