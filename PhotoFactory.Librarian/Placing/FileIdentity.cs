namespace PhotoFactory.Librarian.Placing;

/// <summary>Which file a name or handle stands for (device and inode), and how many names it has.</summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, uint Links)
{
    /// <summary>The same file, whatever its names.</summary>
    public bool IsSameFile(FileIdentity other) => Device == other.Device && Inode == other.Inode;
}
