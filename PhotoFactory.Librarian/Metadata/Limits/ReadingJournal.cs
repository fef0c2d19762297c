using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using PhotoFactory.Librarian.Cataloguing;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// Remembers which file each reader is reading, so a file whose reading ends the process (a parser's stack overflow,
/// a native crash: nothing a catch can stop) is known on the next start instead of ending that one too. Every reader
/// holds a slot, a small file under <c>{data}/reading/</c> named after this process, and writes the file's path there
/// before it reads and clears it after (one write each, no flush: it is the process that dies, not the machine). On
/// start, a slot of a process on this host that is gone, still naming a file, counts a strike against that file
/// (kept in <c>strikes.tsv</c> beside the slots); with <see cref="StrikesBeforeQuarantine"/> strikes it is not read
/// again but quarantined. A file changed since (size or time) starts afresh.
/// </summary>
internal sealed class ReadingJournal : IDisposable
{
    /// <summary>The first time a file ends the process it is tried once more; the second time it is quarantined.</summary>
    public const int StrikesBeforeQuarantine = 2;

    private const string StrikesFile = "strikes.tsv";

    private readonly string _folder;
    private readonly string _prefix = ClaimOwner.Current.Replace(':', '+');
    private readonly Dictionary<string, Strike> _strikes;
    private readonly ConcurrentBag<Slot> _free = [];
    private int _slots;

    public ReadingJournal(string dataDirectory)
    {
        _folder = Path.Combine(dataDirectory, "reading");
        Directory.CreateDirectory(_folder);
        _strikes = LoadStrikes();
        if (CollectDeadSlots())
        {
            SaveStrikes();
        }
    }

    /// <summary>How often reading this very file (same size and modification time) ended the process.</summary>
    public int StrikesAgainst(string path, long size, DateTime lastWriteUtc)
    {
        lock (_strikes)
        {
            return _strikes.TryGetValue(path, out var strike) && strike.Size == size && strike.LastWriteTicks == lastWriteUtc.Ticks
                ? strike.Count
                : 0;
        }
    }

    /// <summary>Notes the file in a free slot until the returned handle is disposed.</summary>
    public IDisposable Begin(string path, long size, DateTime lastWriteUtc)
    {
        if (!_free.TryTake(out var slot))
        {
            var number = Interlocked.Increment(ref _slots);
            var file = Path.Combine(_folder, $"{_prefix}+{number}");
            slot = new Slot(this, file, File.OpenHandle(file, FileMode.Create, FileAccess.ReadWrite));
        }

        slot.Write(Encode(size, lastWriteUtc.Ticks, path));
        return slot;
    }

    public void Dispose()
    {
        while (_free.TryTake(out var slot))
        {
            slot.Handle.Dispose();
            TryDelete(slot.Path);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Slots left by processes of this host that are gone: what they were reading gets a strike.</summary>
    private bool CollectDeadSlots()
    {
        var changed = false;
        foreach (var path in Directory.EnumerateFiles(_folder))
        {
            var name = Path.GetFileName(path);
            if (name == StrikesFile || name.Split('+') is not [var host, var pid, var start, _]
                || !ClaimOwner.IsDeadOnThisHost($"{host}:{pid}:{start}"))
            {
                continue;
            }

            if (Decode(File.ReadAllBytes(path)) is { } reading)
            {
                var (size, ticks, file) = reading;
                _strikes[file] = _strikes.TryGetValue(file, out var before) && before.Size == size && before.LastWriteTicks == ticks
                    ? before with { Count = before.Count + 1 }
                    : new Strike(size, ticks, 1);
                changed = true;
            }

            File.Delete(path);
        }

        // Strikes against files that left the inbox (filed or quarantined since) are forgotten.
        foreach (var gone in _strikes.Keys.Where(file => !File.Exists(file)).ToList())
        {
            _strikes.Remove(gone);
            changed = true;
        }

        return changed;
    }

    private Dictionary<string, Strike> LoadStrikes()
    {
        var strikes = new Dictionary<string, Strike>(StringComparer.Ordinal);
        var path = Path.Combine(_folder, StrikesFile);
        if (!File.Exists(path))
        {
            return strikes;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.Split('\t', 4) is [var count, var size, var ticks, var file]
                && int.TryParse(count, CultureInfo.InvariantCulture, out var n)
                && long.TryParse(size, CultureInfo.InvariantCulture, out var bytes)
                && long.TryParse(ticks, CultureInfo.InvariantCulture, out var written))
            {
                strikes[file] = new Strike(bytes, written, n);
            }
        }

        return strikes;
    }

    private void SaveStrikes()
    {
        var path = Path.Combine(_folder, StrikesFile);
        var temporary = path + ".new";
        File.WriteAllLines(temporary, _strikes.Select(pair => string.Create(CultureInfo.InvariantCulture,
            $"{pair.Value.Count}\t{pair.Value.Size}\t{pair.Value.LastWriteTicks}\t{pair.Key}")));
        File.Move(temporary, path, overwrite: true);
    }

    private static byte[] Encode(long size, long ticks, string path) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{size}\t{ticks}\t{path}\n"));

    /// <summary>A slot's record: a line ending in a newline; an empty slot holds a lone newline.</summary>
    private static (long Size, long Ticks, string Path)? Decode(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        return end > 0 && text[..end].Split('\t', 3) is [var size, var ticks, var path]
            && long.TryParse(size, CultureInfo.InvariantCulture, out var bytesLong)
            && long.TryParse(ticks, CultureInfo.InvariantCulture, out var ticksLong)
            ? (bytesLong, ticksLong, path)
            : null;
    }

    private sealed record Strike(long Size, long LastWriteTicks, int Count);

    private sealed class Slot(ReadingJournal journal, string path, SafeFileHandle handle) : IDisposable
    {
        private static readonly byte[] Idle = "\n"u8.ToArray();

        public string Path => path;

        public SafeFileHandle Handle => handle;

        public void Write(byte[] record) => RandomAccess.Write(handle, record, 0);

        /// <summary>Clears the slot (a newline first: what follows is stale) and frees it for the next file.</summary>
        public void Dispose()
        {
            RandomAccess.Write(handle, Idle, 0);
            journal._free.Add(this);
        }
    }
}
