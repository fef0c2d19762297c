using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Placing;

namespace PhotoFactory.Librarian.Release;

/// <summary>
/// Removes a unit's files from the inbox; called only once the catalogue owns their copies. A file is removed only
/// while it is still the very file that was copied (same device and inode), reached through real folders: a file
/// renamed over it meanwhile, or a folder on its path swapped for a link, stays and is met again (see
/// <see cref="InboxEntries"/>).
/// </summary>
internal sealed class InboxCleaner(StorageLayout layout, ILogger<InboxCleaner> logger)
{
    /// <summary>Called just before each removal with the file's inbox path: lets a test change the inbox at that instant.</summary>
    internal Action<string>? BeforeRemoving { get; set; }

    /// <summary>True when every file of the unit is gone from the inbox.</summary>
    public bool Remove(InFlight filed) => filed.Unit.Sidecars.Prepend(filed.Unit.Primary)
        .Select((entry, i) => Remove(entry.RelativePath, filed.Filed[i]))
        .Aggregate(true, (all, removed) => removed && all);

    /// <summary>
    /// Removes one inbox file, only if it is <paramref name="filed"/> when that is known; false when it stays (its
    /// claim, still catalogued, has recovery look at it again).
    /// </summary>
    public bool Remove(string relativePath, FileIdentity? filed)
    {
        try
        {
            BeforeRemoving?.Invoke(relativePath);
            var removal = InboxEntries.Remove(layout.Inbox, relativePath, filed);
            if (removal == Removal.Changed)
            {
                Log.InboxFileReplaced(logger, relativePath);
            }

            return removal != Removal.Changed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.InboxRemovalFailed(logger, relativePath, ex.Message);
            return false;
        }
    }
}
