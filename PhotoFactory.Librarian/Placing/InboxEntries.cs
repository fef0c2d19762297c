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
    private const uint Mask = 0x1 | 0x2 | 0x4 | 0x40 | 0x100 | 0x200; // type, mode, link count, mtime, inode, size
    private const int RegularFile = 0x8000;
    private const int FileTypeMask = 0xF000;
    private const int CloseOnExec = 0x80000;
    private const int NotFound = 2;
    private const int Exists = 17;
    private const int Loop = 40;
    private const int NotDirectory = 20;
    private const int AccessDenied = 13;
    private const int NotPermitted = 1;
    private const int CrossDevice = 18;
    private const int WriteOnly = 0x1;
    private const int CreateNew = 0x40 | 0x80; // O_CREAT | O_EXCL
    private const int ReadWriteMode = 0x1A4; // 0644
    private const int Invalid = 22;

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
    /// Opens an inbox file for reading (unbuffered unless <paramref name="bufferSize"/> says otherwise); null when it,
    /// or a folder on its path, is a link now (or not a regular file).
    /// </summary>
    /// <exception cref="FileNotFoundException">It, or a folder on its path, is gone.</exception>
    public static FileStream? OpenRead(string root, string relativePath, int bufferSize = 0)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new FileStream(Path.Combine(root, relativePath), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
        }

        using var folder = Folder.Open(root, relativePath, out var name);
        if (folder is null)
        {
            return Marshal.GetLastPInvokeError() == NotFound
                ? throw new FileNotFoundException($"'{relativePath}' is gone from the inbox", relativePath)
                : null;
        }

        var descriptor = NativeFiles.OpenAt(folder.Descriptor, name, NoFollow | CloseOnExec);
        if (descriptor < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error == NotFound
                ? throw new FileNotFoundException($"'{relativePath}' is gone from the inbox", relativePath)
                : error is Loop ? null // a link
                : throw Failure(error, $"cannot open '{relativePath}'");
        }

        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        if (Stat(descriptor, "", EmptyPath) is not { } entry || (entry.Mode & FileTypeMask) != RegularFile)
        {
            handle.Dispose();
            return null;
        }

        return new FileStream(handle, FileAccess.Read, bufferSize);
    }

    /// <summary>
    /// An inbox folder (relative, '/'-separated; empty for the inbox itself) opened through real folders, to be listed
    /// through its open descriptor (<see cref="InboxFolder.ListingPath"/>), so that what is listed is that very folder
    /// whatever its name stands for by then. Null when it, or a folder above it, is a link now (or not a folder).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">It, or a folder above it, is gone.</exception>
    public static InboxFolder? OpenFolder(string root, string relativeFolder)
    {
        var fullPath = relativeFolder.Length == 0 ? root : Path.Combine(root, relativeFolder);
        if (!OperatingSystem.IsLinux())
        {
            return new InboxFolder(-1, fullPath);
        }

        if (relativeFolder.Length == 0)
        {
            var inbox = NativeFiles.OpenAt(CurrentDirectory, root, DirectoryOnly | CloseOnExec);
            return inbox >= 0 ? new InboxFolder(inbox, fullPath) : throw FolderFailure(Marshal.GetLastPInvokeError(), root);
        }

        using var parent = Folder.Open(root, relativeFolder, out var name);
        if (parent is null)
        {
            return Marshal.GetLastPInvokeError() == NotFound ? throw new DirectoryNotFoundException($"'{relativeFolder}' is gone from the inbox") : null;
        }

        var descriptor = NativeFiles.OpenAt(parent.Descriptor, name, DirectoryOnly | NoFollow | CloseOnExec);
        if (descriptor >= 0)
        {
            return new InboxFolder(descriptor, fullPath);
        }

        var error = Marshal.GetLastPInvokeError();
        return error is Loop or NotDirectory ? null : throw FolderFailure(error, relativeFolder);
    }

    private static Exception FolderFailure(int error, string folder) => error == NotFound
        ? new DirectoryNotFoundException($"'{folder}' is gone")
        : Failure(error, $"cannot open the folder '{folder}'");

    /// <summary>
    /// The path another process can open the file <paramref name="stream"/> holds by: through the open descriptor
    /// (<c>/proc/{pid}/fd/{n}</c>), so it reads that very file whatever its inbox name stands for now. Elsewhere, the name.
    /// </summary>
    public static string PathForOtherProcesses(FileStream stream) =>
        OperatingSystem.IsLinux() ? $"/proc/{Environment.ProcessId}/fd/{stream.SafeFileHandle.DangerousGetHandle()}" : stream.Name;

    /// <summary>
    /// Size and last write time of an inbox file reached through real folders; null when it, or a folder on its
    /// path, is a link now or it is not a regular file.
    /// </summary>
    /// <exception cref="FileNotFoundException">It, or a folder on its path, is gone.</exception>
    public static (long Size, DateTime LastWriteUtc)? Describe(string root, string relativePath)
    {
        if (!OperatingSystem.IsLinux())
        {
            var info = new FileInfo(Path.Combine(root, relativePath));
            return info.Exists ? (info.Length, info.LastWriteTimeUtc) : throw new FileNotFoundException($"'{relativePath}' is gone from the inbox", relativePath);
        }

        using var folder = Folder.Open(root, relativePath, out var name);
        if (folder is null)
        {
            return Marshal.GetLastPInvokeError() == NotFound
                ? throw new FileNotFoundException($"'{relativePath}' is gone from the inbox", relativePath)
                : null;
        }

        return Stat(folder.Descriptor, name, SymlinkNoFollow) switch
        {
            null => throw new FileNotFoundException($"'{relativePath}' is gone from the inbox", relativePath),
            { Mode: var mode } when (mode & FileTypeMask) != RegularFile => null,
            { } entry => (entry.Size, entry.LastWriteUtc),
        };
    }

    /// <summary>
    /// Moves the inbox file to <paramref name="target"/> (outside the inbox; on another file system it is copied, flushed
    /// and then removed) only while it is a regular file reached through real folders; never replaces
    /// <paramref name="target"/>. False when it, or a folder on its path, is a link now: nothing is moved.
    /// </summary>
    /// <exception cref="FileNotFoundException">It is gone.</exception>
    /// <exception cref="IOException"><paramref name="target"/> exists, or the move failed.</exception>
    public static bool MoveOut(string root, string relativePath, string target)
    {
        if (!OperatingSystem.IsLinux())
        {
            File.Move(Path.Combine(root, relativePath), target, overwrite: false);
            return true;
        }

        using var folder = Folder.Open(root, relativePath, out var name);
        if (folder is null)
        {
            return Marshal.GetLastPInvokeError() == NotFound
                ? throw new FileNotFoundException($"'{relativePath}' is gone from the inbox", relativePath)
                : false;
        }

        switch (Stat(folder.Descriptor, name, SymlinkNoFollow))
        {
            case null:
                throw new FileNotFoundException($"'{relativePath}' is gone from the inbox", relativePath);
            case { Mode: var mode } when (mode & FileTypeMask) != RegularFile:
                return false;
        }

        Rename(folder.Descriptor, name, CurrentDirectory, target, relativePath);
        return true;
    }

    /// <summary>
    /// Moves <paramref name="source"/> (outside the inbox) back to <paramref name="relativePath"/> in the inbox, into
    /// its folder reached through real folders; never replaces what is there. False when a folder on the path is gone
    /// or a link now, or the name is taken: it stays where it is.
    /// </summary>
    public static bool MoveBack(string source, string root, string relativePath)
    {
        if (!OperatingSystem.IsLinux())
        {
            File.Move(source, Path.Combine(root, relativePath), overwrite: false);
            return true;
        }

        using var folder = Folder.Open(root, relativePath, out var name);
        if (folder is null)
        {
            return false;
        }

        if (RenameNoReplace(CurrentDirectory, source, folder.Descriptor, name) == 0)
        {
            return true;
        }

        if (Marshal.GetLastPInvokeError() != CrossDevice)
        {
            return false;
        }

        // Back across file systems: a new file in the opened folder (never replacing, never through a link), then the other goes.
        var descriptor = NativeFiles.OpenAt(folder.Descriptor, name, CreateNew | WriteOnly | NoFollow | CloseOnExec, ReadWriteMode);
        if (descriptor < 0)
        {
            return false;
        }

        using (var output = new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Write, bufferSize: 0))
        using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
        {
            input.CopyTo(output);
            output.Flush(flushToDisk: true);
            File.SetLastWriteTimeUtc(output.SafeFileHandle, File.GetLastWriteTimeUtc(input.SafeFileHandle));
        }

        File.Delete(source);
        return true;
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

    /// <summary>renameat2 without replacing; where the file system cannot promise that (EINVAL), a plain rename after a check.</summary>
    private static int RenameNoReplace(int fromDirectory, string from, int toDirectory, string to)
    {
        if (NativeFiles.RenameAt2(fromDirectory, from, toDirectory, to, NativeFiles.NoReplace) == 0)
        {
            return 0;
        }

        if (Marshal.GetLastPInvokeError() != Invalid)
        {
            return -1;
        }

        if (Stat(toDirectory, to, SymlinkNoFollow) is not null)
        {
            Marshal.SetLastPInvokeError(Exists);
            return -1;
        }

        return NativeFiles.RenameAt2(fromDirectory, from, toDirectory, to, 0);
    }

    private static void Rename(int fromDirectory, string from, int toDirectory, string to, string relativePath)
    {
        if (RenameNoReplace(fromDirectory, from, toDirectory, to) == 0)
        {
            return;
        }

        var error = Marshal.GetLastPInvokeError();
        if (error == CrossDevice)
        {
            CopyThenRemove(fromDirectory, from, to, relativePath);
            return;
        }

        throw error switch
        {
            NotFound => new FileNotFoundException($"'{relativePath}' is gone from the inbox", relativePath),
            Exists => new IOException($"'{to}' already exists"),
            _ => new IOException($"cannot move '{relativePath}' to '{to}': error {error}"),
        };
    }

    /// <summary>
    /// A move to another file system: the file, opened in its folder without following a link, is copied to
    /// <paramref name="to"/> (never replaced) and flushed; its inbox name is removed only while it stands for the copied file.
    /// </summary>
    private static void CopyThenRemove(int directory, string name, string to, string relativePath)
    {
        var descriptor = NativeFiles.OpenAt(directory, name, NoFollow | CloseOnExec);
        if (descriptor < 0)
        {
            throw new IOException($"cannot open '{relativePath}': error {Marshal.GetLastPInvokeError()}");
        }

        FileIdentity? copied;
        using (var input = new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Read, bufferSize: 0))
        {
            copied = Of(input.SafeFileHandle);
            var modified = File.GetLastWriteTimeUtc(input.SafeFileHandle);
            try
            {
                using (var output = new FileStream(to, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                {
                    input.CopyTo(output);
                    output.Flush(flushToDisk: true);
                }

                File.SetLastWriteTimeUtc(to, modified);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Nothing half-copied is left behind (the target did not exist: CreateNew); the inbox file stays.
                if (ex is not IOException { HResult: Exists })
                {
                    File.Delete(to);
                }

                throw;
            }
        }

        if (Stat(directory, name, SymlinkNoFollow) is { } now && copied is { } filed && now.Identity.IsSameFile(filed))
        {
            _ = NativeFiles.UnlinkAt(directory, name, 0);
        }
    }

    private static StatResult? Stat(int directory, string path, int flags)
    {
        var buffer = new byte[256];
        if (NativeFiles.Statx(directory, path, flags, Mask, buffer) != 0)
        {
            return null;
        }

        var links = BitConverter.ToUInt32(buffer, 16);
        var mode = BitConverter.ToUInt16(buffer, 28);
        var inode = BitConverter.ToUInt64(buffer, 32);
        var size = BitConverter.ToInt64(buffer, 40);
        var modified = DateTime.UnixEpoch.AddTicks((BitConverter.ToInt64(buffer, 112) * TimeSpan.TicksPerSecond) + (BitConverter.ToUInt32(buffer, 120) / 100));
        var device = ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140);
        return new StatResult(new FileIdentity(device, inode, links), mode, size, modified);
    }

    /// <summary>An error number as .NET would throw it: permissions as <see cref="UnauthorizedAccessException"/>.</summary>
    private static Exception Failure(int error, string what) => error is AccessDenied or NotPermitted
        ? new UnauthorizedAccessException($"{what}: permission denied")
        : new IOException($"{what}: error {error}");

    private readonly record struct StatResult(FileIdentity Identity, int Mode, long Size, DateTime LastWriteUtc);

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
                    // Gone (ENOENT), a link (ELOOP) or not a folder (ENOTDIR) now: null. Anything else is the folder's own problem.
                    if (error is not (NotFound or Loop or NotDirectory))
                    {
                        throw Failure(error, $"cannot enter the inbox folder '{part}' on the way to '{relativePath}'");
                    }

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

/// <summary>An inbox folder held open for listing (see <see cref="InboxEntries.OpenFolder"/>).</summary>
internal sealed class InboxFolder(int descriptor, string fullPath) : IDisposable
{
    private int _descriptor = descriptor;

    /// <summary>Where it stands in the inbox.</summary>
    public string FullPath { get; } = fullPath;

    /// <summary>The path to list it by: its open descriptor's, where the system has one; otherwise its own.</summary>
    public string ListingPath => _descriptor >= 0 ? $"/proc/self/fd/{_descriptor}" : FullPath;

    public void Dispose()
    {
        if (_descriptor >= 0)
        {
            _ = NativeFiles.Close(_descriptor);
            _descriptor = -1;
        }
    }
}
