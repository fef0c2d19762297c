using System.Globalization;
using System.Text;

namespace PhotoFactory.Librarian.Decisions;

/// <summary>Paths under the originals and quarantine roots; everything stored in the catalogue is relative and '/'-separated.</summary>
internal sealed class StorageLayout(string inbox, string originals, string quarantine)
{
    public string Inbox { get; } = Path.GetFullPath(inbox);
    public string Originals { get; } = Path.GetFullPath(originals);
    public string Quarantine { get; } = Path.GetFullPath(quarantine);

    /// <summary>The folder for a capture date: <c>{YYYY}/{YYYY-MM-DD}</c>.</summary>
    public static string DateFolder(DateOnly date) =>
        date.ToString("yyyy", CultureInfo.InvariantCulture) + "/" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string InOriginals(string relative) => Path.Combine(Originals, relative.Replace('/', Path.DirectorySeparatorChar));

    public string InInbox(string relative) => Path.Combine(Inbox, relative.Replace('/', Path.DirectorySeparatorChar));

    public string InQuarantine(string relative) => Path.Combine(Quarantine, relative.Replace('/', Path.DirectorySeparatorChar));

    public string RelativeToOriginals(string fullPath) =>
        Path.GetRelativePath(Originals, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>The longest file name, in UTF-8 bytes, that Linux file systems (ext4, XFS, Btrfs, ZFS) take.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>
    /// Candidate names for a file in a folder: the name itself, then name_1.ext, name_2.ext, …; a name that would
    /// be longer than <see cref="MaxNameBytes"/> loses the end of its stem first, never its extension or suffix.
    /// </summary>
    public static IEnumerable<string> NameCandidates(string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var extension = Path.GetExtension(fileName);
        yield return Fit(stem, extension);
        for (var i = 1; ; i++)
        {
            yield return Fit(stem, string.Create(CultureInfo.InvariantCulture, $"_{i}{extension}"));
        }
    }

    /// <summary>
    /// <paramref name="stem"/> followed by <paramref name="tail"/>, the stem cut (between whole characters) so the
    /// name fits in <see cref="MaxNameBytes"/>.
    /// </summary>
    public static string Fit(string stem, string tail)
    {
        var room = MaxNameBytes - Encoding.UTF8.GetByteCount(tail);
        if (Encoding.UTF8.GetByteCount(stem) <= room)
        {
            return stem + tail;
        }

        var kept = new StringBuilder();
        var used = 0;
        foreach (var rune in stem.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > room)
            {
                break;
            }

            kept.Append(rune.ToString());
            used += rune.Utf8SequenceLength;
        }

        return kept + tail;
    }

    /// <summary>
    /// The name a sidecar gets beside its photo: the photo's new stem takes the place of its old one, so
    /// <c>IMG_1.JPG.xmp</c> follows <c>IMG_1_1.JPG</c> as <c>IMG_1_1.JPG.xmp</c>.
    /// </summary>
    public static string SidecarName(string sidecarName, string primaryOriginalName, string primaryFinalName)
    {
        if (sidecarName.StartsWith(primaryOriginalName, StringComparison.OrdinalIgnoreCase))
        {
            return Fit(primaryFinalName, sidecarName[primaryOriginalName.Length..]);
        }

        var originalStem = Path.GetFileNameWithoutExtension(primaryOriginalName);
        var finalStem = Path.GetFileNameWithoutExtension(primaryFinalName);
        return sidecarName.StartsWith(originalStem, StringComparison.OrdinalIgnoreCase)
            ? Fit(finalStem, sidecarName[originalStem.Length..])
            : sidecarName;
    }
}
