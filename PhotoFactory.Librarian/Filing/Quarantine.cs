using PhotoFactory.Catalog.Events;
using PhotoFactory.Librarian.Cataloguing;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Filing;

/// <summary>
/// Moves files that cannot be filed out of the way, keeping their path relative to the inbox, and records
/// why. Nothing is deleted; in copy mode and dry runs nothing is moved. Files are moved out of their inbox folder
/// reached through real folders (<see cref="InboxEntries"/>): a file or folder that became a link is not followed; it stays.
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
            BeforeMoving?.Invoke(source.RelativePath);
            if (MoveInto(source.RelativePath, target) is not { } primary)
            {
                return FilingResult.Deferred(source.RelativePath, InboxChangedException.Reason);
            }

            moved.Add(primary);
            foreach (var sidecar in unit.Sidecars)
            {
                try
                {
                    // A sidecar that became a link stays where it is; it is not followed.
                    if (MoveInto(sidecar.RelativePath, FreeName(sidecar.RelativePath)) is { } side)
                    {
                        moved.Add(side);
                    }
                }
                catch (FileNotFoundException)
                {
                    // Gone from the inbox since the scan: nothing of it to move, and the photo's quarantine is still recorded.
                }
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
                    // Not back when something new took its place, or its folder became a link: it stays safe in the quarantine.
                    _ = InboxEntries.MoveBack(to, layout.Inbox, from);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // As above: it stays in the quarantine.
                }
            }

            throw;
        }

        return target is null ? result : result with { QuarantinePath = target };
    }

    /// <summary>Called just before the file is moved out of the inbox, with its inbox path: lets a test change the inbox at that instant.</summary>
    internal Action<string>? BeforeMoving { get; set; }

    /// <summary>The move made (inbox path, quarantine file); null when the file, or a folder on its path, is a link now.</summary>
    private (string From, string To)? MoveInto(string relativePath, string relativeTarget)
    {
        var target = layout.InQuarantine(relativeTarget);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        return InboxEntries.MoveOut(layout.Inbox, relativePath, target) ? (relativePath, target) : null;
    }

    private string FreeName(string relativePath)
    {
        var folder = Path.GetDirectoryName(relativePath.Replace('/', Path.DirectorySeparatorChar))?.Replace(Path.DirectorySeparatorChar, '/') ?? "";
        return StorageLayout.NameCandidates(Path.GetFileName(relativePath))
            .Select(candidate => folder.Length == 0 ? candidate : $"{folder}/{candidate}")
            .First(relative => !File.Exists(layout.InQuarantine(relative)));
    }
}
