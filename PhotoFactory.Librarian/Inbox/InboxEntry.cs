namespace PhotoFactory.Librarian.Inbox;

/// <summary>A file met in the inbox, as the scan saw it.</summary>
/// <param name="RelativePath">Path under the inbox, '/'-separated: the key the catalogue and reports use.</param>
/// <param name="FullPath">Absolute path on this machine.</param>
/// <param name="Size">Length in bytes when scanned.</param>
/// <param name="LastWriteUtc">Modification time when scanned.</param>
/// <param name="IgnoreReason">Why the file is left alone, or null when it is to be filed.</param>
public sealed record InboxEntry(string RelativePath, string FullPath, long Size, DateTime LastWriteUtc, string? IgnoreReason)
{
    public string Name => Path.GetFileName(FullPath);

    public string Directory => Path.GetDirectoryName(FullPath)!;
}
