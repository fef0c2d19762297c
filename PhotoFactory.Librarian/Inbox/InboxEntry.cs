namespace PhotoFactory.Librarian.Inbox;

/// <summary>A file met in the inbox, as the scan saw it.</summary>
/// <remarks>
/// It holds its path under the inbox only: its name, folder and path on this machine are derived when asked for, so
/// that a large folder being filed holds one string per file, not three.
/// </remarks>
/// <param name="RelativePath">Path under the inbox, '/'-separated (a folder's ends in '/'): the key the catalogue and reports use.</param>
/// <param name="Size">Length in bytes when scanned.</param>
/// <param name="LastWriteUtc">Modification time when scanned.</param>
/// <param name="IgnoreReason">Why the file is left alone, or null when it is to be filed.</param>
public sealed record InboxEntry(string RelativePath, long Size, DateTime LastWriteUtc, string? IgnoreReason)
{
    /// <summary>The file's (or folder's) own name.</summary>
    public string Name => Path.GetFileName(RelativePath.AsSpan().TrimEnd('/')).ToString();

    /// <summary>The folder it is in, under the inbox ("" for the inbox itself).</summary>
    public string Directory => FolderOf(RelativePath).ToString();

    /// <summary>Whether it lies in the same folder as <paramref name="other"/>.</summary>
    public bool InFolderOf(InboxEntry other) => FolderOf(RelativePath).SequenceEqual(FolderOf(other.RelativePath));

    private static ReadOnlySpan<char> FolderOf(string relativePath) => Path.GetDirectoryName(relativePath.AsSpan().TrimEnd('/'));
}
