using System.Runtime.InteropServices;
using PhotoFactory.Librarian.Filing;
using PhotoFactory.Librarian.Metadata;

namespace PhotoFactory.Librarian.Inbox;

/// <summary>
/// Turns a scan into work: each photo or video with its sidecars, live-photo stills before their videos,
/// and everything that is left alone with the reason why.
/// </summary>
internal static class InboxPlanner
{
    private static readonly HashSet<string> LiveStills = new(StringComparer.OrdinalIgnoreCase) { ".heic", ".heif", ".jpg", ".jpeg" };
    private static readonly HashSet<string> LiveVideos = new(StringComparer.OrdinalIgnoreCase) { ".mov", ".mp4" };

    public static InboxPlan Plan(IEnumerable<InboxEntry> entries)
    {
        var work = new List<List<FilingUnit>>();
        var ignored = new List<FilingResult>();
        foreach (var folder in entries.GroupBy(e => e.Directory, StringComparer.Ordinal))
        {
            work.AddRange(PlanFolder(folder, ignored));
        }

        // Files that share a name are filed by one worker in path order, so numbered names are reproducible.
        var byName = work
            .GroupBy(NameOf, StringComparer.OrdinalIgnoreCase)
            .Select(InPathOrder)
            .ToList();
        return new InboxPlan(byName, ignored);
    }

    /// <summary>
    /// The same plan, made one folder at a time as <paramref name="scan"/> meets them (each folder's files
    /// together), so that a large inbox is never held whole. A first scan counts the files and each file name;
    /// the work is a second scan, handed out as it goes. Only files whose name recurs in other folders wait, until
    /// all of that name are met, and are then filed by one worker in path order as <see cref="Plan"/> does.
    /// </summary>
    public static StreamedInboxPlan PlanByFolder(Func<IEnumerable<InboxEntry>> scan)
    {
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var ignored = new List<FilingResult>();
        var files = 0;
        foreach (var work in Folders(scan(), ignored))
        {
            names[NameOf(work)] = names.GetValueOrDefault(NameOf(work)) + 1;
            files += work.Count;
        }

        return new StreamedInboxPlan(StreamWork(scan, names), ignored, files);
    }

    private static IEnumerable<FilingWork> StreamWork(Func<IEnumerable<InboxEntry>> scan, Dictionary<string, int> names)
    {
        var waiting = new Dictionary<string, List<List<FilingUnit>>>(StringComparer.OrdinalIgnoreCase);
        foreach (var work in Folders(scan(), ignored: null))
        {
            var name = NameOf(work);
            if (names.GetValueOrDefault(name) <= 1)
            {
                yield return new FilingWork(work);
                continue;
            }

            if (!waiting.TryGetValue(name, out var group))
            {
                waiting[name] = group = [];
            }

            group.Add(work);
            if (group.Count == names[name])
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
    private static IEnumerable<List<FilingUnit>> Folders(IEnumerable<InboxEntry> entries, List<FilingResult>? ignored)
    {
        var folder = new List<InboxEntry>();
        foreach (var entry in entries)
        {
            if (folder.Count > 0 && !string.Equals(entry.Directory, folder[0].Directory, StringComparison.Ordinal))
            {
                foreach (var work in PlanFolder(folder, ignored ?? []))
                {
                    yield return work;
                }

                folder = [];
            }

            folder.Add(entry);
        }

        foreach (var work in PlanFolder(folder, ignored ?? []))
        {
            yield return work;
        }
    }

    private static string NameOf(IReadOnlyList<FilingUnit> work) => work[0].Primary.Name;

    private static FilingWork InPathOrder(IEnumerable<List<FilingUnit>> group) =>
        new(group.OrderBy(units => units[0].Primary.RelativePath, StringComparer.Ordinal).SelectMany(units => units).ToList());

    private static List<List<FilingUnit>> PlanFolder(IEnumerable<InboxEntry> folder, List<FilingResult> ignored)
    {
        var work = new List<List<FilingUnit>>();
        var files = new List<InboxEntry>();
        foreach (var entry in folder)
        {
            if (entry.IgnoreReason is { } reason)
            {
                ignored.Add(FilingResult.Ignored(entry.RelativePath, reason));
            }
            else
            {
                files.Add(entry);
            }
        }

        PlanFiles(files, work, ignored);
        return work;
    }

    private static void PlanFiles(List<InboxEntry> files, List<List<FilingUnit>> work, List<FilingResult> ignored)
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
            ignored.Add(FilingResult.Ignored(other.RelativePath, SidecarFinder.IsSidecar(other.Name)
                ? "sidecar without its photo"
                : $"not a photo or video type ({DescribeExtension(other.Name)})"));
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

/// <summary>What a scan found: the work to do and the files left alone.</summary>
internal sealed record InboxPlan(IReadOnlyList<FilingWork> Work, IReadOnlyList<FilingResult> Ignored)
{
    public int FileCount => Work.Sum(w => w.Units.Count);
}

/// <summary>A plan made folder by folder: the work is found as it is taken; the count and the files left alone are known up front.</summary>
internal sealed record StreamedInboxPlan(IEnumerable<FilingWork> Work, IReadOnlyList<FilingResult> Ignored, int FileCount);
