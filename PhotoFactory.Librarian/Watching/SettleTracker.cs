using System.IO.Hashing;
using System.Runtime.InteropServices;
using PhotoFactory.Librarian.Inbox;

namespace PhotoFactory.Librarian.Watching;

/// <summary>
/// Says when a file has held still long enough to be filed: its modification time (which every write moves)
/// lies at least the settle window in the past, and its size and time are what the last scan saw.
/// </summary>
/// <remarks>
/// It remembers every waiting file between scans, so it keys them by a 64-bit hash of the path rather than the path
/// itself: 100,000 waiting files then take about 4 MB instead of about 15. Two paths sharing a hash would also
/// need the same size and modification time for one to be taken for the other, and even then the claim, the
/// copy's verification and the catalogue decide what is filed, not this.
/// </remarks>
internal sealed class SettleTracker(TimeProvider time, TimeSpan window)
{
    private readonly Dictionary<ulong, Seen> _seen = [];
    private readonly List<ulong> _gone = [];
    private int _pass;

    /// <summary>How many files it remembers.</summary>
    public int Count => _seen.Count;

    /// <summary>Starts a scan: files not looked at again by <see cref="EndPass"/> have left the inbox.</summary>
    public void BeginPass() => _pass++;

    /// <summary>True when the file may be filed now; otherwise <paramref name="readyAt"/> says when to look again.</summary>
    public bool IsSettled(InboxEntry entry, out DateTimeOffset readyAt)
    {
        var now = time.GetUtcNow();
        var key = KeyOf(entry);
        var known = _seen.TryGetValue(key, out var previous);
        readyAt = new DateTimeOffset(DateTime.SpecifyKind(entry.LastWriteUtc, DateTimeKind.Utc)) + window;
        var settled = readyAt <= now && known && (previous.Size, previous.LastWrite) == (entry.Size, entry.LastWriteUtc);
        if (readyAt <= now && !settled)
        {
            // First sight of an old file: look once more, a moment later, before trusting it.
            readyAt = now + TimeSpan.FromMilliseconds(250);
        }

        _seen[key] = new Seen(entry.Size, entry.LastWriteUtc, settled, _pass);
        return settled;
    }

    /// <summary>
    /// Whether this pass found the file settled and it is still as it was then: asked again while the pass's work
    /// is handed out, from a second look at the inbox.
    /// </summary>
    public bool WasSettled(InboxEntry entry) =>
        _seen.TryGetValue(KeyOf(entry), out var seen)
        && seen.Settled && seen.Pass == _pass && (seen.Size, seen.LastWrite) == (entry.Size, entry.LastWriteUtc);

    /// <summary>Forgets files that this pass did not meet: they are no longer in the inbox.</summary>
    public void EndPass()
    {
        foreach (var (key, seen) in _seen)
        {
            if (seen.Pass != _pass)
            {
                _gone.Add(key);
            }
        }

        foreach (var key in _gone)
        {
            _seen.Remove(key);
        }

        var many = _gone.Count > 1024;
        _gone.Clear();
        if (many)
        {
            // A large batch has left the inbox: give back what it took.
            _seen.TrimExcess();
            _gone.Capacity = 1024;
        }
    }

    private static ulong KeyOf(InboxEntry entry) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(entry.RelativePath.AsSpan()));

    private readonly record struct Seen(long Size, DateTime LastWrite, bool Settled, int Pass);
}
