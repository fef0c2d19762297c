using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PhotoFactory.Librarian.Placing;

/// <summary>
/// Identifies and removes inbox files without following a symbolic link anywhere on their path: the folders from the
/// inbox down are opened one by one, each refused if it is a link (openat with O_NOFOLLOW), and the file is checked
/// and removed relative to its opened folder (statx and unlinkat), so a folder swapped for a link into the originals
/// after the scan leads nowhere. Linux only; elsewhere identities are unknown and removal is by path.
/// </summary>
internal static class InboxEntries
{
    private const int CurrentDirectory = -100;
    private const int SymlinkNoFollow = 0x100;
    private const int EmptyPath = 0x1000;
    private const uint Mask = 0x1 | 0x2 | 0x4 | 0x100; // type, mode, link count, inode
    private const int RegularFile = 0x8000;
    private const int FileTypeMask = 0xF000;
    private const int CloseOnExec = 0x80000;

    private static readonly bool Arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
    private static readonly int DirectoryOnly = Arm ? 0x4000 : 0x10000;
    private static readonly int NoFollow = Arm ? 0x8000 : 0x20000;

    /// <summary>The identity of an open file; null where it cannot be known.</summary>
    public static FileIdentity? Of(SafeFileHandle handle) =>
        OperatingSystem.IsLinux() ? Stat((int)handle.DangerousGetHandle(), "", EmptyPath)?.Identity : null;

    /// <summary>The identity of the file a path names, its last part not followed if a link; null where unknown or absent.</summary>
    public static FileIdentity? Of(string path) =>
        OperatingSystem.IsLinux() ? Stat(CurrentDirectory, path, SymlinkNoFollow)?.Identity : null;

    /// <summary>
    /// Removes <paramref name="relativePath"/> under <paramref name="root"/> only while it is a regular file reached
    /// through real folders and, when <paramref name="expected"/> is given, the very file that was filed.
    /// </summary>
    public static Removal Remove(string root, string relativePath, FileIdentity? expected)
    {
        if (!OperatingSystem.IsLinux())
        {
            File.Delete(Path.Combine(root, relativePath));
            return Removal.Removed;
        }

        var parts = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var folder = Open(CurrentDirectory, root, DirectoryOnly);
        if (folder < 0)
        {
            throw new IOException($"cannot open the inbox '{root}': error {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            foreach (var part in parts[..^1])
            {
                var next = Open(folder, part, DirectoryOnly | NoFollow);
                if (next < 0)
                {
                    var error = Marshal.GetLastPInvokeError();
                    return error == 2 ? Removal.Gone : Removal.Changed; // ELOOP/ENOTDIR: a link or a file now
                }

                _ = NativeFiles.Close(folder);
                folder = next;
            }

            var name = parts[^1];
            if (Stat(folder, name, SymlinkNoFollow) is not { } entry)
            {
                return Removal.Gone;
            }

            if ((entry.Mode & FileTypeMask) != RegularFile || (expected is { } filed && !entry.Identity.IsSameFile(filed)))
            {
                return Removal.Changed;
            }

            if (NativeFiles.UnlinkAt(folder, name, 0) != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                return error == 2 ? Removal.Gone : throw new IOException($"cannot remove '{relativePath}' from the inbox: error {error}");
            }

            return Removal.Removed;
        }
        finally
        {
            _ = NativeFiles.Close(folder);
        }
    }

    private static (FileIdentity Identity, int Mode)? Stat(int directory, string path, int flags)
    {
        var buffer = new byte[256];
        if (NativeFiles.Statx(directory, path, flags, Mask, buffer) != 0)
        {
            return null;
        }

        var links = BitConverter.ToUInt32(buffer, 16);
        var mode = BitConverter.ToUInt16(buffer, 28);
        var inode = BitConverter.ToUInt64(buffer, 32);
        var device = ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140);
        return (new FileIdentity(device, inode, links), mode);
    }

    private static int Open(int directory, string path, int flags) => NativeFiles.OpenAt(directory, path, flags | CloseOnExec);
}

/// <summary>What became of removing an inbox file.</summary>
internal enum Removal
{
    Removed,

    /// <summary>Nothing is there any more.</summary>
    Gone,

    /// <summary>Something else is there now (another file, a link, a folder), or a folder on its path became a link: it stays.</summary>
    Changed,
}
