using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Release;

/// <summary>Removes a unit's files from the inbox; called only once the catalogue owns their copies.</summary>
internal sealed class InboxCleaner(ILogger<InboxCleaner> logger)
{
    public void Remove(FilingUnit unit)
    {
        foreach (var entry in unit.Sidecars.Prepend(unit.Primary))
        {
            try
            {
                File.Delete(entry.FullPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // It stays in the inbox; the next scan finds it already filed and tries again.
                Log.InboxRemovalFailed(logger, entry.RelativePath, ex.Message);
            }
        }
    }
}
