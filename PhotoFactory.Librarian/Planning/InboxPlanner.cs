using System.IO.Hashing;
using System.Runtime.InteropServices;
using PhotoFactory.Librarian.Inbox;

namespace PhotoFactory.Librarian.Planning;

/// <summary>
/// Turns a scan into work: each photo or video with its sidecars, live-photo stills before their videos,
/// and everything that is left alone with the reason why (its <see cref="InboxEntry.IgnoreReason"/>).
/// </summary>
internal static class InboxPlanner
{
    private static readonly HashSet<string> LiveStills = new(StringComparer.OrdinalIgnoreCase) { ".heic", ".heif", ".jpg", ".jpeg" };
    private static readonly HashSet<string> LiveVideos = new(StringComparer.OrdinalIgnoreCase) { ".mov", ".mp4" };

    /// <summary>
    /// Plans the inbox one folder at a time as <paramref name="scan"/> meets them (each folder's files together),
    /// so that a large inbox is never held whole. A first scan counts the files and each file name; the work is a
    /// second scan, handed out as it goes. Only files whose name recurs in other folders wait, until all of that
    /// name are met, and are then filed by one worker in path order, so numbered names are reproducible.
    /// </summary>
    /// <param name="scan">Starts a scan of the inbox; called twice.</param>
    /// <param name="isReady">
    /// Asked once per piece of work during the first scan (the service's settle check); a file name is ready to
    /// file when all of its work is. Without it, everything is ready.
    /// </param>
    public static InboxPlan Plan(Func<IEnumerable<InboxEntry>> scan, Func<IReadOnlyList<FilingUnit>, bool>? isReady = null)
    {
        var ignored = new List<InboxEntry>();
        var (recurring, files, readyFiles) = Count(scan(), isReady, ignored);
        if (files >= LargeBatch)
        {
            GiveBackMemory();
        }

        return new InboxPlan(StreamWork(scan, recurring), ignored, files, readyFiles);
    }

    /// <summary>
    /// The first scan: how many files wait, how many of them are ready, and how many pieces of work each file name
    /// that recurs has. Every name is counted; only those met more than once are kept.
    /// </summary>
    private static (Dictionary<ulong, int> Recurring, int Files, int ReadyFiles) Count(
        IEnumerable<InboxEntry> entries, Func<IReadOnlyList<FilingUnit>, bool>? isReady, List<InboxEntry> ignored)
    {
        var names = new Dictionary<ulong, NameTally>();
        var files = 0;
        foreach (var work in Folders(entries, ignored))
        {
            var name = NameOf(work);
            var tally = names.GetValueOrDefault(name);
            var ready = isReady?.Invoke(work) ?? true;
            names[name] = new NameTally(tally.Works + 1, tally.Files + work.Count, tally.Waits || !ready);
            files += work.Count;
        }

        var readyFiles = 0;
        var recurring = new Dictionary<ulong, int>();
        foreach (var (name, tally) in names)
        {
            readyFiles += tally.Waits ? 0 : tally.Files;
            if (tally.Works > 1)
            {
                recurring[name] = tally.Works;
            }
        }

        return (recurring, files, readyFiles);
    }

    /// <summary>How often a file name occurs in the inbox, in how many files, and whether any of them is not ready yet.</summary>
    private readonly record struct NameTally(int Works, int Files, bool Waits);

    private static IEnumerable<FilingWork> StreamWork(Func<IEnumerable<InboxEntry>> scan, Dictionary<ulong, int> recurring)
    {
        var waiting = new Dictionary<ulong, List<List<FilingUnit>>>();
        foreach (var work in Folders(scan(), ignored: null))
        {
            var name = NameOf(work);
            if (!recurring.TryGetValue(name, out var works))
            {
                yield return new FilingWork(work);
                continue;
            }

            if (!waiting.TryGetValue(name, out var group))
            {
                waiting[name] = group = [];
            }

            group.Add(work);
            if (group.Count == works)
            {
                waiting.Remove(name);
                yield return InPathOrder(group);
            }
        }

        // Files of a recurring name that left the inbox between the two scans: the rest are filed all the same.
        foreach (var group in waiting.Values)
        {
            yield return InPathOrder(group);
        }
    }

    /// <summary>The work of each folder in turn; the scan meets a folder's entries one after another.</summary>
    private static IEnumerable<List<FilingUnit>> Folders(IEnumerable<InboxEntry> entries, List<InboxEntry>? ignored)
    {
        var folder = new List<InboxEntry>();
        foreach (var entry in entries)
        {
            if (folder.Count > 0 && !entry.InFolderOf(folder[0]))
            {
                foreach (var work in PlanFolder(folder, ignored ?? []))
                {
                    yield return work;
                }

                var large = folder.Count >= LargeBatch;
                folder = [];
                if (large)
                {
                    GiveBackMemory();
                }
            }

            folder.Add(entry);
        }

        foreach (var work in PlanFolder(folder, ignored ?? []))
        {
            yield return work;
        }
    }

    /// <summary>
    /// A large folder's plan (its entries, units and work lists, a few hundred bytes a file) lives while the folder
    /// is filed, long enough to reach the collector's oldest generation, and is garbage once the folder's work is
    /// handed out; so is the first scan's count of every file name. Left to the next full collection, the next
    /// folder's plan is made on top of it: with 100,000 files waiting, the service's peak grew by about 10 MB at each
    /// 25,000-file folder (docs/performance.md).
    /// </summary>
    private const int LargeBatch = 10_000;

    /// <summary>
    /// Collects everything now and hands the freed memory back to the system. Called after a large batch only: one
    /// full collection of a heap of a few tens of MB takes milliseconds, against seconds of filing per batch.
    /// </summary>
    private static void GiveBackMemory() => GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    /// <summary>
    /// A work's file name, ignoring case, as a 64-bit hash: a large inbox's names are then not held while it is
    /// filed (about 5 MB for 100,000). Two names sharing a hash only wait for each other and are filed in path order
    /// by one worker, as a recurring name's files are.
    /// </summary>
    private static ulong NameOf(IReadOnlyList<FilingUnit> work)
    {
        var name = work[0].Primary.Name.AsSpan();
        Span<char> upper = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        name.ToUpperInvariant(upper);
        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes(upper));
    }

    private static FilingWork InPathOrder(IEnumerable<List<FilingUnit>> group) =>
        new(group.OrderBy(units => units[0].Primary.RelativePath, StringComparer.Ordinal).SelectMany(units => units).ToList());

    private static List<List<FilingUnit>> PlanFolder(IEnumerable<InboxEntry> folder, List<InboxEntry> ignored)
    {
        var work = new List<List<FilingUnit>>();
        var files = new List<InboxEntry>();
        foreach (var entry in folder)
        {
            if (entry.IgnoreReason is not null)
            {
                ignored.Add(entry);
            }
            else
            {
                files.Add(entry);
            }
        }

        PlanFiles(files, work, ignored);
        return work;
    }

    private static void PlanFiles(List<InboxEntry> files, List<List<FilingUnit>> work, List<InboxEntry> ignored)
    {
        var media = files.Where(f => MediaTypes.IsMedia(f.Name)).ToList();
        var others = files.Where(f => !MediaTypes.IsMedia(f.Name)).ToDictionary(f => f.Name, StringComparer.Ordinal);
        var sidecarsOf = SidecarFinder.Group(files.Select(f => f.Name));
        var claimedSidecars = new HashSet<string>(StringComparer.Ordinal);
        var units = new Dictionary<InboxEntry, FilingUnit>();

        foreach (var file in media)
        {
            var sidecars = sidecarsOf.TryGetValue(file.Name, out var set)
                ? set.All.Where(others.ContainsKey).Where(claimedSidecars.Add).Select(name => others[name]).ToList()
                : [];
            units[file] = new FilingUnit(file, sidecars);
        }

        foreach (var other in others.Values.Where(o => !claimedSidecars.Contains(o.Name)))
        {
            ignored.Add(other with
            {
                IgnoreReason = SidecarFinder.IsSidecar(other.Name)
                    ? "sidecar without its photo"
                    : $"not a photo or video type ({DescribeExtension(other.Name)})",
            });
        }

        // A live photo is a still and a video of the same name; the video follows the still.
        var videos = media.Where(m => LiveVideos.Contains(Path.GetExtension(m.Name)))
            .GroupBy(m => Path.GetFileNameWithoutExtension(m.Name), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        foreach (var still in media.Where(m => LiveStills.Contains(Path.GetExtension(m.Name))))
        {
            if (videos.Remove(Path.GetFileNameWithoutExtension(still.Name), out var video))
            {
                units[video] = units[video] with { LiveStill = still.RelativePath };
                work.Add([units[still], units[video]]);
                units.Remove(still);
                units.Remove(video);
            }
        }

        work.AddRange(media.Where(units.ContainsKey).Select(m => new List<FilingUnit> { units[m] }));

        // Each Librarian takes a folder's work in its own order. Several Librarians on one inbox then rarely reach
        // for the same file at once (the one that loses the claim has read the file's metadata for nothing), but
        // mostly meet files another has already filed, which costs a look at the folder entry. One file name's
        // files stay together and in path order, and a live photo's still stays before its video.
        Random.Shared.Shuffle(CollectionsMarshal.AsSpan(work));
    }

    private static string DescribeExtension(string name) =>
        Path.GetExtension(name) is { Length: > 0 } extension ? extension.ToLowerInvariant() : "no extension";
}

/// <summary>
/// A plan made folder by folder: the work is found as it is taken; how many files wait, how many of them are ready
/// and the files left alone are known up front.
/// </summary>
internal sealed record InboxPlan(IEnumerable<FilingWork> Work, IReadOnlyList<InboxEntry> Ignored, int FileCount, int ReadyCount);
