using System.Text.RegularExpressions;
using PhotoFactory.Catalog.Assets;

namespace PhotoFactory.Librarian.Planning;

/// <summary>
/// Works out which files in one folder are sidecars of which media file, from names alone (case-insensitive):
/// XMP (<c>IMG_1.JPG.xmp</c>, <c>IMG_1.xmp</c>), Apple <c>.AAE</c>, camera <c>.THM</c> and Google Takeout JSON
/// (<c>IMG_1.JPG.json</c>, <c>IMG_1.json</c>, <c>IMG_1.JPG(1).json</c> for <c>IMG_1(1).JPG</c>,
/// <c>…supplemental-metadata.json</c>, and names Takeout truncated). Each sidecar goes to one media file: an exact
/// name beats a shared stem, and a shared stem (<c>IMG_1.xmp</c> beside <c>IMG_1.CR2</c> and <c>IMG_1.JPG</c>)
/// goes to the RAW, then the photo, then the video.
/// </summary>
public static partial class SidecarFinder
{
    /// <summary>Takeout cuts JSON names to 51 characters; a name this long may be a cut one.</summary>
    private const int TruncatedJsonNameMinimum = 40;

    private const string Supplemental = "supplemental-metadata";

    /// <summary>True for the extensions sidecars have: .xmp, .aae, .thm, .json.</summary>
    public static bool IsSidecar(string name) => KindOf(name) is not null;

    /// <summary>The sidecars of one media file among the names in its folder.</summary>
    public static SidecarSet Find(string mediaName, IEnumerable<string> namesInFolder) =>
        Group(namesInFolder.Append(mediaName).Distinct(StringComparer.Ordinal)).GetValueOrDefault(mediaName, SidecarSet.Empty);

    /// <summary>Every media file in a folder (by name) with its sidecars; media without sidecars are left out.</summary>
    public static IReadOnlyDictionary<string, SidecarSet> Group(IEnumerable<string> namesInFolder)
    {
        var names = namesInFolder.Select(Path.GetFileName).OfType<string>().ToList();
        var media = names.Where(MediaTypes.IsMedia).ToList();
        var byName = media.ToLookup(name => name, StringComparer.OrdinalIgnoreCase);
        var byStem = media.ToLookup(name => Path.GetFileNameWithoutExtension(name), StringComparer.OrdinalIgnoreCase);

        var found = new Dictionary<string, (List<string> Xmp, List<string> Json, List<string> Aae, List<string> Thm)>(StringComparer.Ordinal);
        foreach (var sidecar in names)
        {
            var kind = KindOf(sidecar);
            var owner = kind switch
            {
                ".xmp" or ".thm" => ByNameOrStem(Path.GetFileNameWithoutExtension(sidecar), byName, byStem),
                ".aae" => ByNameOrStem(Path.GetFileNameWithoutExtension(sidecar), byName, byStem) ?? AppleOriginal(sidecar, byStem),
                ".json" => TakeoutOwner(sidecar, media, byName, byStem),
                _ => null,
            };
            if (owner is null)
            {
                continue;
            }

            if (!found.TryGetValue(owner, out var lists))
            {
                found[owner] = lists = ([], [], [], []);
            }

            (kind switch { ".xmp" => lists.Xmp, ".json" => lists.Json, ".aae" => lists.Aae, _ => lists.Thm }).Add(sidecar);
        }

        return found.ToDictionary(entry => entry.Key, entry => new SidecarSet(entry.Value.Xmp, entry.Value.Json, entry.Value.Aae, entry.Value.Thm), StringComparer.Ordinal);
    }

    private static string? KindOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".xmp" => ".xmp",
        ".aae" => ".aae",
        ".thm" => ".thm",
        ".json" => ".json",
        _ => null,
    };

    /// <summary><c>IMG_1.JPG.xmp</c> belongs to <c>IMG_1.JPG</c>; <c>IMG_1.xmp</c> to the best media file with stem <c>IMG_1</c>.</summary>
    private static string? ByNameOrStem(string baseName, ILookup<string, string> byName, ILookup<string, string> byStem) =>
        byName[baseName].FirstOrDefault() ?? Preferred(byStem[baseName]);

    /// <summary>iOS names the original's edit record <c>IMG_O1234.AAE</c> for <c>IMG_1234.HEIC</c>.</summary>
    private static string? AppleOriginal(string sidecar, ILookup<string, string> byStem)
    {
        var stem = Path.GetFileNameWithoutExtension(sidecar);
        var match = AppleOriginalAae().Match(stem);
        return match.Success ? Preferred(byStem[match.Groups["prefix"].Value + match.Groups["number"].Value]) : null;
    }

    private static string? TakeoutOwner(string sidecar, List<string> media, ILookup<string, string> byName, ILookup<string, string> byStem)
    {
        var baseName = Path.GetFileNameWithoutExtension(sidecar);
        var duplicate = "";
        var counter = DuplicateCounter().Match(baseName);
        if (counter.Success)
        {
            duplicate = counter.Value;
            baseName = baseName[..^duplicate.Length];
        }

        baseName = WithoutSupplemental(baseName);

        // name.jpg.json -> name.jpg; name.jpg(1).json -> name(1).jpg
        var exact = duplicate.Length == 0
            ? baseName
            : Path.GetFileNameWithoutExtension(baseName) + duplicate + Path.GetExtension(baseName);
        if (MediaTypes.IsMedia(exact) && byName[exact].FirstOrDefault() is { } owner)
        {
            return owner;
        }

        // name.json -> name.jpg
        if (Preferred(byStem[baseName + duplicate]) is { } byItsStem)
        {
            return byItsStem;
        }

        // Takeout cut the name: the remainder is the start of the media file's name.
        if (baseName.Length >= TruncatedJsonNameMinimum)
        {
            return Preferred(media.Where(name => name.StartsWith(baseName, StringComparison.OrdinalIgnoreCase)
                || Path.GetFileNameWithoutExtension(name).StartsWith(baseName, StringComparison.OrdinalIgnoreCase)));
        }

        return null;
    }

    /// <summary><c>name.jpg.supplemental-metadata</c> (or a cut <c>name.jpg.suppl</c>) -> <c>name.jpg</c>.</summary>
    private static string WithoutSupplemental(string baseName)
    {
        var dot = baseName.LastIndexOf('.');
        if (dot <= 0)
        {
            return baseName;
        }

        var tail = baseName[(dot + 1)..];
        var head = baseName[..dot];
        return tail.Length > 0 && Supplemental.StartsWith(tail, StringComparison.OrdinalIgnoreCase) && MediaTypes.IsMedia(head) ? head : baseName;
    }

    private static string? Preferred(IEnumerable<string> candidates) =>
        candidates.OrderBy(name => MediaTypes.KindOf(name) switch { MediaKind.Raw => 0, MediaKind.Photo => 1, _ => 2 })
            .ThenBy(name => name, StringComparer.Ordinal)
            .FirstOrDefault();

    [GeneratedRegex(@"\(\d+\)$", RegexOptions.CultureInvariant)]
    private static partial Regex DuplicateCounter();

    [GeneratedRegex(@"^(?<prefix>[A-Za-z]+_)O(?<number>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex AppleOriginalAae();
}
