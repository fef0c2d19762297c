using System.Globalization;

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

    /// <summary>Candidate names for a file in a folder: the name itself, then name_1.ext, name_2.ext, …</summary>
    public static IEnumerable<string> NameCandidates(string fileName)
    {
        yield return fileName;
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var extension = Path.GetExtension(fileName);
        for (var i = 1; ; i++)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{stem}_{i}{extension}");
        }
    }

    /// <summary>
    /// The name a sidecar gets beside its photo: the photo's new stem takes the place of its old one, so
    /// <c>IMG_1.JPG.xmp</c> follows <c>IMG_1_1.JPG</c> as <c>IMG_1_1.JPG.xmp</c>.
    /// </summary>
    public static string SidecarName(string sidecarName, string primaryOriginalName, string primaryFinalName)
    {
        if (sidecarName.StartsWith(primaryOriginalName, StringComparison.OrdinalIgnoreCase))
        {
            return primaryFinalName + sidecarName[primaryOriginalName.Length..];
        }

        var originalStem = Path.GetFileNameWithoutExtension(primaryOriginalName);
        var finalStem = Path.GetFileNameWithoutExtension(primaryFinalName);
        return sidecarName.StartsWith(originalStem, StringComparison.OrdinalIgnoreCase)
            ? finalStem + sidecarName[originalStem.Length..]
            : sidecarName;
    }
}
