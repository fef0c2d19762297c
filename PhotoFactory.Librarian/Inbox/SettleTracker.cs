namespace PhotoFactory.Librarian.Inbox;

/// <summary>
/// Says when a file has held still long enough to be filed: its modification time (which every write moves)
/// lies at least the settle window in the past, and its size and time are what the last scan saw.
/// </summary>
internal sealed class SettleTracker(TimeProvider time, TimeSpan window)
{
    private readonly Dictionary<string, (long Size, DateTime LastWrite)> _seen = new(StringComparer.Ordinal);

    /// <summary>True when the file may be filed now; otherwise <paramref name="readyAt"/> says when to look again.</summary>
    public bool IsSettled(InboxEntry entry, out DateTimeOffset readyAt)
    {
        var now = time.GetUtcNow();
        var known = _seen.TryGetValue(entry.RelativePath, out var previous);
        _seen[entry.RelativePath] = (entry.Size, entry.LastWriteUtc);
        readyAt = new DateTimeOffset(DateTime.SpecifyKind(entry.LastWriteUtc, DateTimeKind.Utc)) + window;
        if (readyAt > now)
        {
            return false;
        }

        if (known && previous == (entry.Size, entry.LastWriteUtc))
        {
            return true;
        }

        // First sight of an old file: look once more, a moment later, before trusting it.
        readyAt = now + TimeSpan.FromMilliseconds(250);
        return false;
    }

    /// <summary>Forgets files that are no longer in the inbox.</summary>
    public void Retain(IReadOnlySet<string> present)
    {
        foreach (var path in _seen.Keys.Where(p => !present.Contains(p)).ToList())
        {
            _seen.Remove(path);
        }
    }
}
