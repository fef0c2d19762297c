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

            PlanFolder(files, work, ignored);
        }

        // Files that share a name are filed by one worker in path order, so numbered names are reproducible.
        var byName = work
            .GroupBy(units => units[0].Primary.Name, StringComparer.OrdinalIgnoreCase)
            .Select(group => new FilingWork(group.OrderBy(units => units[0].Primary.RelativePath, StringComparer.Ordinal).SelectMany(units => units).ToList()))
            .ToList();
        return new InboxPlan(byName, ignored);
    }

    private static void PlanFolder(List<InboxEntry> files, List<List<FilingUnit>> work, List<FilingResult> ignored)
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
    }

    private static string DescribeExtension(string name) =>
        Path.GetExtension(name) is { Length: > 0 } extension ? extension.ToLowerInvariant() : "no extension";
}

/// <summary>What a scan found: the work to do and the files left alone.</summary>
internal sealed record InboxPlan(IReadOnlyList<FilingWork> Work, IReadOnlyList<FilingResult> Ignored)
{
    public int FileCount => Work.Sum(w => w.Units.Count);
}
