using PhotoFactory.Catalog.Events;
using PhotoFactory.Librarian.Cataloguing;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Filing;

/// <summary>
/// Moves files that cannot be filed out of the way, keeping their path relative to the inbox, and records
/// why. Nothing is deleted; in copy mode and dry runs nothing is moved.
/// </summary>
internal sealed class Quarantine(StorageLayout layout, AssetLedger ledger)
{
    public async Task<FilingResult> QuarantineAsync(FilingUnit unit, FilingMode mode, string reason, CancellationToken cancellationToken)
    {
        var source = unit.Primary;
        var result = new FilingResult(source.RelativePath, FilingOutcome.Quarantined, reason) { SizeBytes = source.Size };
        if (mode == FilingMode.DryRun)
        {
            return result;
        }

        // The files first, then the record: a quarantine is recorded only once the file is there. Should the record
        // fail, they go back where they were, to be met again.
        var target = mode == FilingMode.Move ? FreeName(source.RelativePath) : null;
        var moved = new List<(string From, string To)>();
        if (target is not null)
        {
            moved.Add(MoveInto(source.FullPath, target));
            foreach (var sidecar in unit.Sidecars)
            {
                moved.Add(MoveInto(sidecar.FullPath, FreeName(sidecar.RelativePath)));
            }
        }

        try
        {
            await ledger.RecordAsync(new IngestEvent
            {
                Kind = IngestEventKind.Quarantined,
                SourcePath = source.RelativePath,
                SizeBytes = source.Size,
                Reason = reason,
                QuarantinePath = target,
            }, claimedSource: null, cancellationToken);
        }
        catch
        {
            foreach (var (from, to) in moved)
            {
                try
                {
                    File.Move(to, from, overwrite: false);
                }
                catch (IOException)
                {
                    // Something new took its place in the inbox: this one stays safe in the quarantine.
                }
            }

            throw;
        }

        return target is null ? result : result with { QuarantinePath = target };
    }

    private (string From, string To) MoveInto(string fullPath, string relativeTarget)
    {
        var target = layout.InQuarantine(relativeTarget);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(fullPath, target, overwrite: false);
        return (fullPath, target);
    }

    private string FreeName(string relativePath)
    {
        var folder = Path.GetDirectoryName(relativePath.Replace('/', Path.DirectorySeparatorChar))?.Replace(Path.DirectorySeparatorChar, '/') ?? "";
        return StorageLayout.NameCandidates(Path.GetFileName(relativePath))
            .Select(candidate => folder.Length == 0 ? candidate : $"{folder}/{candidate}")
            .First(relative => !File.Exists(layout.InQuarantine(relative)));
    }
}
