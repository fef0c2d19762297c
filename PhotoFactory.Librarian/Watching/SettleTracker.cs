using PhotoFactory.Librarian.Inbox;

namespace PhotoFactory.Librarian.Watching;

/// <summary>
/// Says when a file has held still long enough to be filed: its modification time (which every write moves)
/// lies at least the settle window in the past, and its size and time are what the last scan saw.
/// </summary>
internal sealed class SettleTracker(TimeProvider time, TimeSpan window)
{
    private readonly Dictionary<string, Seen> _seen = new(StringComparer.Ordinal);
    private int _pass;

    /// <summary>Starts a scan: files not looked at again by <see cref="EndPass"/> have left the inbox.</summary>
    public void BeginPass() => _pass++;

    /// <summary>True when the file may be filed now; otherwise <paramref name="readyAt"/> says when to look again.</summary>
    public bool IsSettled(InboxEntry entry, out DateTimeOffset readyAt)
    {
        var now = time.GetUtcNow();
        var known = _seen.TryGetValue(entry.RelativePath, out var previous);
        readyAt = new DateTimeOffset(DateTime.SpecifyKind(entry.LastWriteUtc, DateTimeKind.Utc)) + window;
        var settled = readyAt <= now && known && (previous.Size, previous.LastWrite) == (entry.Size, entry.LastWriteUtc);
        if (readyAt <= now && !settled)
        {
            // First sight of an old file: look once more, a moment later, before trusting it.
            readyAt = now + TimeSpan.FromMilliseconds(250);
        }

        _seen[entry.RelativePath] = new Seen(entry.Size, entry.LastWriteUtc, settled, _pass);
        return settled;
    }

    /// <summary>
    /// Whether this pass found the file settled and it is still as it was then: asked again while the pass's work
    /// is handed out, from a second look at the inbox.
    /// </summary>
    public bool WasSettled(InboxEntry entry) =>
        _seen.TryGetValue(entry.RelativePath, out var seen)
        && seen.Settled && seen.Pass == _pass && (seen.Size, seen.LastWrite) == (entry.Size, entry.LastWriteUtc);

    /// <summary>Forgets files that this pass did not meet: they are no longer in the inbox.</summary>
    public void EndPass()
    {
        foreach (var path in _seen.Where(s => s.Value.Pass != _pass).Select(s => s.Key).ToList())
        {
            _seen.Remove(path);
        }
    }

    private readonly record struct Seen(long Size, DateTime LastWrite, bool Settled, int Pass);
}
