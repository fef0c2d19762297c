using System.IO.Enumeration;
using PhotoFactory.Librarian.Placing;

namespace PhotoFactory.Librarian.Inbox;

/// <summary>
/// Walks the inbox to any depth without following links (each folder opened through real folders and listed through
/// that handle), and says for every file met whether it is left alone and why. Hidden and tool folders are reported
/// once, as a whole, and not entered.
/// </summary>
internal static class InboxScanner
{
    /// <summary>
    /// Every entry of one folder, hidden and system ones included (.NET leaves those out by default), and an
    /// unreadable folder as an error: nothing is passed over silently. The scrub of the originals lists with these too.
    /// </summary>
    internal static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = FileAttributes.None,
        ReturnSpecialDirectories = false,
    };

    public static IEnumerable<InboxEntry> Scan(string inboxRoot)
    {
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.Count > 0)
        {
            var relative = pending.Pop();
            var directory = relative.Length == 0 ? inboxRoot : Path.Combine(inboxRoot, relative);
            InboxFolder? folder = null;
            List<(string Name, bool IsDirectory)> children = [];
            string? unreadable = null;
            try
            {
                // Opened through real folders and listed through that handle: a folder swapped for a link since it was
                // met is not listed, nor is anything a link above it leads to.
                folder = InboxEntries.OpenFolder(inboxRoot, relative);
                if (folder is not null)
                {
                    // Names only: each entry's details are read when it is met, so that one gone by then is passed over.
                    children = new FileSystemEnumerable<(string, bool)>(folder.ListingPath,
                        (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory), OneLevel).ToList();
                }
            }
            catch (DirectoryNotFoundException) when (relative.Length > 0)
            {
                // Emptied and removed meanwhile (by another Librarian on the same inbox): nothing left to file.
                folder?.Dispose();
                continue;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                unreadable = ex.Message;
            }

            if (folder is null || unreadable is not null)
            {
                folder?.Dispose();
                // An unreadable folder is reported, never silently skipped; its files stay where they are.
                yield return new InboxEntry((relative.Length == 0 ? "." : relative) + "/", 0, default, unreadable is not null
                    ? $"folder cannot be read: {unreadable}"
                    : "symbolic link (never followed)");
                continue;
            }

            try
            {
                foreach (var (name, isDirectory) in children.OrderBy(c => c.Name, StringComparer.Ordinal))
                {
                    var listed = Path.Combine(folder.ListingPath, name);
                    var child = isDirectory ? (FileSystemInfo)new DirectoryInfo(listed) : new FileInfo(listed);
                    if (Meet(relative.Length == 0 ? name : $"{relative}/{name}", directory, child, pending) is { } entry)
                    {
                        yield return entry;
                    }
                }
            }
            finally
            {
                folder.Dispose();
            }
        }
    }

    /// <summary>
    /// What the scan reports for one child of a folder (a folder to enter is pushed instead); null for a folder
    /// entered, and for an entry that left the inbox since its folder was listed (another Librarian on the same
    /// inbox filed it meanwhile): the first look at its details would fail.
    /// </summary>
    /// <param name="relative">Its path under the inbox.</param>
    /// <param name="directory">Its folder's path on this machine.</param>
    /// <param name="child">It, reached through its open folder.</param>
    /// <param name="pending">The folders still to walk, by relative path.</param>
    private static InboxEntry? Meet(string relative, string directory, FileSystemInfo child, Stack<string> pending)
    {
        var ignore = InboxRules.IgnoreReason(child.Name);
        try
        {
            if (child.LinkTarget is not null)
            {
                return new InboxEntry(relative, 0, default, "symbolic link (never followed)");
            }

            if (child is FileInfo file)
            {
                return new InboxEntry(relative, file.Length, file.LastWriteTimeUtc, ignore);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // In a folder that may be listed but not entered, every entry's details are refused: reported, passed over.
            // Said with its own path, not the open folder's /proc one it was reached by.
            return new InboxEntry(relative, 0, default, $"cannot be read: {ex.Message.Replace(child.FullName, Path.Combine(directory, child.Name), StringComparison.Ordinal)}");
        }

        if (ignore is not null)
        {
            return new InboxEntry(relative + "/", 0, default, $"{ignore} folder");
        }

        pending.Push(relative);
        return null;
    }

    public static string Relative(string root, string fullPath) =>
        Path.GetRelativePath(root, fullPath).Replace(Path.DirectorySeparatorChar, '/');
}
