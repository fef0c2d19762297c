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
            List<FileSystemInfo> children;
            string? unreadable = null;
            try
            {
                children = new DirectoryInfo(directory).EnumerateFileSystemInfos("*", OneLevel).ToList();
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

            foreach (var child in children.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                var relative = Relative(inboxRoot, child.FullName);
                var ignore = InboxRules.IgnoreReason(child.Name);
                if (child.LinkTarget is not null)
                {
                    yield return new InboxEntry(relative, child.FullName, 0, default, "symbolic link (never followed)");
                }
                else if (child is DirectoryInfo)
                {
                    if (ignore is null)
                    {
                        pending.Push(child.FullName);
                    }
                    else
                    {
                        yield return new InboxEntry(relative + "/", child.FullName, 0, default, $"{ignore} folder");
                    }
                }
                else if (child is FileInfo file)
                {
                    yield return new InboxEntry(relative, file.FullName, file.Length, file.LastWriteTimeUtc, ignore);
                }
            }
        }
    }

    public static string Relative(string root, string fullPath) =>
        Path.GetRelativePath(root, fullPath).Replace(Path.DirectorySeparatorChar, '/');
}
