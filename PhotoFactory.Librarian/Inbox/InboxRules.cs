namespace PhotoFactory.Librarian.Inbox;

/// <summary>Names the Librarian never touches: other tools' working files and operating-system clutter.</summary>
internal static class InboxRules
{
    private static readonly HashSet<string> JunkNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ".DS_Store", "Thumbs.db", "desktop.ini", "@eaDir", ".stfolder", ".stignore", ".stversions", "#recycle",
    };

    /// <summary>Why a file or folder name is left alone, or null when it is not.</summary>
    public static string? IgnoreReason(string name)
    {
        if (name.StartsWith(".syncthing.", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal)
            || name.StartsWith("~syncthing~", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal))
        {
            return "Syncthing is still writing this file";
        }

        if (JunkNames.Contains(name))
        {
            return name.StartsWith(".st", StringComparison.Ordinal)
                ? "Syncthing's own file"
                : "operating-system file";
        }

        if (name.StartsWith('.'))
        {
            return "hidden";
        }

        return null;
    }
}
