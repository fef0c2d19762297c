using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Release;

/// <summary>Removes a unit's files from the inbox; called only once the catalogue owns their copies.</summary>
internal sealed class InboxCleaner(ILogger<InboxCleaner> logger)
{
    /// <summary>True when every file of the unit is gone from the inbox.</summary>
    public bool Remove(FilingUnit unit) => unit.Sidecars.Prepend(unit.Primary).Aggregate(true, (all, entry) => Remove(entry.FullPath, entry.RelativePath) && all);

    /// <summary>Removes one inbox file; false when it stays (its claim, still catalogued, has recovery try again).</summary>
    public bool Remove(string fullPath, string relativePath)
    {
        try
        {
            File.Delete(fullPath);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.InboxRemovalFailed(logger, relativePath, ex.Message);
            return false;
        }
    }
}
