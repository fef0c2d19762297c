using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PhotoFactory.Librarian.Placing;

/// <summary>
/// The few POSIX calls .NET lacks: hard links (file a photo without copying it when the inbox and the
/// originals share a file system), flushing a directory's entries, and flushing a file opened for reading.
/// On other systems the links report "not supported" and the flushes do nothing.
/// </summary>
internal static partial class NativeFiles
{
    private const int ReadOnly = 0;
    private const int AlreadyExists = 17;

    /// <summary>Gives <paramref name="existing"/> a second name; false when the file system cannot (then copy).</summary>
    /// <exception cref="IOException">The new name exists, or the source is gone.</exception>
    public static bool TryHardLink(string existing, string newName)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return false;
        }

        if (Link(existing, newName) == 0)
        {
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        return error switch
        {
            AlreadyExists => throw new IOException($"'{newName}' already exists"),
            2 => throw new FileNotFoundException($"'{existing}' is gone", existing),
            // EXDEV (another file system), EPERM/ENOTSUP/EOPNOTSUPP (no hard links there), EMLINK, EACCES: copy instead.
            _ => false,
        };
    }

    /// <summary>
    /// Renames <paramref name="from"/> to <paramref name="to"/> in one step that fails if <paramref name="to"/>
    /// exists (renameat2 with RENAME_NOREPLACE): two Librarians choosing one name cannot overwrite each other.
    /// </summary>
    public static PlaceResult RenameNoReplace(string from, string to)
    {
        if (!OperatingSystem.IsLinux())
        {
            return PlaceResult.NotSupported;
        }

        if (RenameAt2(CurrentDirectory, from, CurrentDirectory, to, NoReplace) == 0)
        {
            return PlaceResult.Placed;
        }

        var error = Marshal.GetLastPInvokeError();
        return error switch
        {
            AlreadyExists => PlaceResult.NameTaken,
            2 => throw new FileNotFoundException($"'{from}' is gone", from),
            // EINVAL: this file system cannot refuse to replace; ENOSYS: an old kernel.
            22 or 38 => PlaceResult.NotSupported,
            _ => throw new IOException($"cannot rename '{from}' to '{to}': error {error}"),
        };
    }

    /// <summary>Flushes a directory's entries to disk, so a new name in it survives a power cut.</summary>
    public static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
        {
            return;
        }

        try
        {
            _ = Fsync(descriptor);
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <summary>
    /// Flushes a file's data to disk through any handle to it, including one opened only for reading. On Linux
    /// fdatasync: a new link changes only the inode's link count and times, which reading the data does not need,
    /// so a file whose writer already flushed it costs no journal commit.
    /// </summary>
    public static void Flush(SafeFileHandle handle)
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Fdatasync((int)handle.DangerousGetHandle());
        }
        else if (OperatingSystem.IsMacOS())
        {
            _ = Fsync((int)handle.DangerousGetHandle());
        }
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string newName);

    private const int CurrentDirectory = -100;
    internal const uint NoReplace = 1;

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int RenameAt2(int fromDirectory, string from, int toDirectory, string to, uint flags);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    internal static partial int Close(int descriptor);

    // For InboxEntries: files identified and removed relative to opened folders.
    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Statx(int directory, string path, int flags, uint mask, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "openat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int OpenAt(int directory, string path, int flags);

    [LibraryImport("libc", EntryPoint = "openat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int OpenAt(int directory, string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "linkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int LinkAt(int fromDirectory, string from, int toDirectory, string to, int flags);

    [LibraryImport("libc", EntryPoint = "unlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int UnlinkAt(int directory, string path, int flags);
}

/// <summary>What became of an attempt to give a file its final name.</summary>
internal enum PlaceResult
{
    Placed,
    NameTaken,
    NotSupported,
}
