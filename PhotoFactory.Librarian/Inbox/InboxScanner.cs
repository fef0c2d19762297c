using System.IO.Enumeration;

namespace PhotoFactory.Librarian.Inbox;

/// <summary>
/// Walks the inbox to any depth without following links, and says for every file met whether it is
/// left alone and why. Hidden and tool folders are reported once, as a whole, and not entered.
/// </summary>
internal static class InboxScanner
{
    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        // Nothing is passed over silently: hidden and system entries are met here and reported as ignored.
        AttributesToSkip = FileAttributes.None,
        ReturnSpecialDirectories = false,
    };

    public static IEnumerable<InboxEntry> Scan(string inboxRoot)
    {
        var pending = new Stack<string>();
        pending.Push(inboxRoot);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            List<(string Name, bool IsDirectory)> children;
            string? unreadable = null;
            try
            {
                // Names only: each entry's details are read when it is met, so that one gone by then is passed over.
                children = new FileSystemEnumerable<(string, bool)>(directory,
                    (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory), OneLevel).ToList();
            }
            catch (DirectoryNotFoundException) when (directory != inboxRoot)
            {
                // Emptied and removed meanwhile (by another Librarian on the same inbox): nothing left to file.
                continue;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                children = [];
                unreadable = ex.Message;
            }

            if (unreadable is not null)
            {
                // An unreadable folder is reported, never silently skipped; its files stay where they are.
                yield return new InboxEntry(Relative(inboxRoot, directory) + "/", directory, 0, default, $"folder cannot be read: {unreadable}");
                continue;
            }

            foreach (var (name, isDirectory) in children.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                var path = Path.Combine(directory, name);
                if (Meet(inboxRoot, isDirectory ? new DirectoryInfo(path) : new FileInfo(path), pending) is { } entry)
                {
                    yield return entry;
                }
            }
        }
    }

    /// <summary>
    /// What the scan reports for one child of a folder (a folder to enter is pushed instead); null for a folder
    /// entered, and for an entry that left the inbox since its folder was listed (another Librarian on the same
    /// inbox filed it meanwhile): the first look at its details would fail.
    /// </summary>
    private static InboxEntry? Meet(string inboxRoot, FileSystemInfo child, Stack<string> pending)
    {
        var relative = Relative(inboxRoot, child.FullName);
        var ignore = InboxRules.IgnoreReason(child.Name);
        try
        {
            if (child.LinkTarget is not null)
            {
                return new InboxEntry(relative, child.FullName, 0, default, "symbolic link (never followed)");
            }

            if (child is FileInfo file)
            {
                return new InboxEntry(relative, file.FullName, file.Length, file.LastWriteTimeUtc, ignore);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // In a folder that may be listed but not entered, every entry's details are refused: reported, passed over.
            return new InboxEntry(relative, child.FullName, 0, default, $"cannot be read: {ex.Message}");
        }

        if (ignore is not null)
        {
            return new InboxEntry(relative + "/", child.FullName, 0, default, $"{ignore} folder");
        }

        pending.Push(child.FullName);
        return null;
    }

    public static string Relative(string root, string fullPath) =>
        Path.GetRelativePath(root, fullPath).Replace(Path.DirectorySeparatorChar, '/');
}
