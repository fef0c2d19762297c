using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PhotoFactory.Librarian.Placing;

/// <summary>
/// Opens, links, identifies and removes inbox files without following a symbolic link anywhere on their path: the
/// folders from the inbox down are opened one by one, each refused if it is a link (openat with O_NOFOLLOW), and the
/// file is opened, linked, checked and removed relative to its opened folder (openat, linkat, statx, unlinkat), so a
/// file or folder swapped for a link after the scan leads nowhere. Linux only; elsewhere by path, identities unknown.
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
    private const int NotFound = 2;
    private const int Exists = 17;

    private static readonly bool Arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
    private static readonly int DirectoryOnly = Arm ? 0x4000 : 0x10000;
    private static readonly int NoFollow = Arm ? 0x8000 : 0x20000;

    /// <summary>The identity of an open file; null where it cannot be known.</summary>
    public static FileIdentity? Of(SafeFileHandle handle) =>
        OperatingSystem.IsLinux() ? Stat((int)handle.DangerousGetHandle(), "", EmptyPath)?.Identity : null;

    /// <summary>The identity of the file a path names, its last part not followed if a link; null where unknown or absent.</summary>
    public static FileIdentity? Of(string path) =>
        OperatingSystem.IsLinux() ? Stat(CurrentDirectory, path, SymlinkNoFollow)?.Identity : null;

    /// <summary>Opens an inbox file for reading; null when it, or a folder on its path, is a link now.</summary>
    /// <exception cref="FileNotFoundException">It is gone.</exception>
    public static FileStream? OpenRead(string root, string relativePath)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new FileStream(Path.Combine(root, relativePath), FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
        }

        using var folder = Folder.Open(root, relativePath, out var name);
        if (folder is null)
        {
            return null;
        }

        var descriptor = NativeFiles.OpenAt(folder.Descriptor, name, NoFollow | CloseOnExec);
        if (descriptor < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error == NotFound
                ? throw new FileNotFoundException($"'{relativePath}' is gone from the inbox", relativePath)
                : error is 40 ? null // ELOOP: a link
                : throw new IOException($"cannot open '{relativePath}': error {error}");
        }

        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        if (Stat(descriptor, "", EmptyPath) is not { } entry || (entry.Mode & FileTypeMask) != RegularFile)
        {
            handle.Dispose();
            return null;
        }

        return new FileStream(handle, FileAccess.Read, bufferSize: 0);
    }

    /// <summary>
    /// Gives the inbox file a second name at <paramref name="target"/> (same file system), relative to its opened folder
    /// and only if it is a regular file, not a link. Null when the file system cannot link (copy instead); false when
    /// it, or a folder on its path, is a link now.
    /// </summary>
    /// <exception cref="IOException"><paramref name="target"/> exists.</exception>
    /// <exception cref="FileNotFoundException">It is gone.</exception>
    public static bool? TryLink(string root, string relativePath, string target)
    {
        if (!OperatingSystem.IsLinux())
        {
            return NativeFiles.TryHardLink(Path.Combine(root, relativePath), target) ? true : null;
        }

        using var folder = Folder.Open(root, relativePath, out var name);
        if (folder is null)
        {
            return false;
        }

        if (NativeFiles.LinkAt(folder.Descriptor, name, CurrentDirectory, target, 0) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error switch
            {
                Exists => throw new IOException($"'{target}' already exists"),
                NotFound => throw new FileNotFoundException($"'{relativePath}' is gone from the inbox", relativePath),
                // EXDEV (another file system), EPERM/ENOTSUP (no hard links there), EMLINK, EACCES: copy instead.
                _ => null,
            };
        }

        // linkat links a link itself, not what it points to: such a name must not stand in the originals.
        if (Stat(CurrentDirectory, target, SymlinkNoFollow) is not { } linked || (linked.Mode & FileTypeMask) != RegularFile)
        {
            File.Delete(target);
            return false;
        }

        return true;
    }

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

        using var folder = Folder.Open(root, relativePath, out var name);
        if (folder is null)
        {
            return Marshal.GetLastPInvokeError() == NotFound ? Removal.Gone : Removal.Changed;
        }

        if (Stat(folder.Descriptor, name, SymlinkNoFollow) is not { } entry)
        {
            return Removal.Gone;
        }

        if ((entry.Mode & FileTypeMask) != RegularFile || (expected is { } filed && !entry.Identity.IsSameFile(filed)))
        {
            return Removal.Changed;
        }

        if (NativeFiles.UnlinkAt(folder.Descriptor, name, 0) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error == NotFound ? Removal.Gone : throw new IOException($"cannot remove '{relativePath}' from the inbox: error {error}");
        }

        return Removal.Removed;
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

    /// <summary>The opened folder an inbox file lies in, reached from the inbox through real folders only.</summary>
    private sealed class Folder(int descriptor) : IDisposable
    {
        public int Descriptor { get; private set; } = descriptor;

        /// <summary>Null when a folder on the path is gone (errno ENOENT) or is not a real folder now (a link, a file).</summary>
        public static Folder? Open(string root, string relativePath, out string name)
        {
            var parts = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            name = parts[^1];
            var folder = NativeFiles.OpenAt(CurrentDirectory, root, DirectoryOnly | CloseOnExec);
            if (folder < 0)
            {
                throw new IOException($"cannot open the inbox '{root}': error {Marshal.GetLastPInvokeError()}");
            }

            foreach (var part in parts[..^1])
            {
                var next = NativeFiles.OpenAt(folder, part, DirectoryOnly | NoFollow | CloseOnExec);
                var error = Marshal.GetLastPInvokeError();
                _ = NativeFiles.Close(folder);
                if (next < 0)
                {
                    Marshal.SetLastPInvokeError(error);
                    return null;
                }

                folder = next;
            }

            return new Folder(folder);
        }

        public void Dispose()
        {
            if (Descriptor >= 0)
            {
                _ = NativeFiles.Close(Descriptor);
                Descriptor = -1;
            }
        }
    }
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
