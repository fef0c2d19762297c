using System.Buffers;
using System.Security.Cryptography;

namespace PhotoFactory.Librarian.Placing;

/// <summary>
/// The only code that writes into the originals: copies under a temporary name, flushes, verifies and
/// renames into place without ever overwriting, then makes the file read-only.
/// </summary>
internal static class FileTransfer
{
    private const int BufferSize = 1 << 20;

    private const UnixFileMode ReadOnlyMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Hashes a file, reading each byte once.</summary>
    public static async Task<(string Sha256, long Size)> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = OpenRead(path);
        return await HashAsync(stream, cancellationToken);
    }

    private static async Task<(string Sha256, long Size)> HashAsync(FileStream stream, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long size = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hashes an inbox file and tells which file it was; null when it, or a folder on its path, is a link now.</summary>
    /// <exception cref="FileNotFoundException">It, or a folder on its path, is gone.</exception>
    public static async Task<(string Sha256, long Size, FileIdentity? Identity)?> HashInboxFileAsync(string inboxRoot, string relativePath, CancellationToken cancellationToken)
    {
        await using var stream = InboxEntries.OpenRead(inboxRoot, relativePath);
        if (stream is null)
        {
            return null;
        }

        var (sha256, size) = await HashAsync(stream, cancellationToken);
        return (sha256, size, InboxEntries.Of(stream.SafeFileHandle));
    }

    /// <summary>
    /// Copies the inbox file <paramref name="relativePath"/> (opened through real folders, never through a link) to
    /// <paramref name="temporary"/> (which must not exist), hashing the
    /// bytes as they are read, and flushes the copy to disk. Returns the hash and length of what was read, and which
    /// file it was read from (its identity, where the system tells it).
    /// </summary>
    public static async Task<(string Sha256, long Size, FileIdentity? Source)> CopyFromInboxAsync(string inboxRoot, string relativePath, string temporary, CancellationToken cancellationToken)
    {
        await using var input = InboxEntries.OpenRead(inboxRoot, relativePath) ?? throw new InboxChangedException(relativePath);
        var identity = InboxEntries.Of(input.SafeFileHandle);
        await using var output = CreateCopy(temporary, input.Length);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var current = ArrayPool<byte>.Shared.Rent(BufferSize);
        var next = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long size = 0;
            var read = await input.ReadAsync(current.AsMemory(0, BufferSize), cancellationToken);
            while (read > 0)
            {
                // Write this block while the next one is read; hash it meanwhile on this thread.
                var write = output.WriteAsync(current.AsMemory(0, read), cancellationToken);
                var readNext = input.ReadAsync(next.AsMemory(0, BufferSize), cancellationToken);
                hash.AppendData(current, 0, read);
                size += read;
                await write;
                read = await readNext;
                (current, next) = (next, current);
            }

            output.Flush(flushToDisk: true);
            return (Convert.ToHexStringLower(hash.GetHashAndReset()), size, identity);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    /// <summary>
    /// Puts the inbox file at <paramref name="temporary"/>: when <paramref name="mayLink"/>, as a second name of the
    /// same file (same file system: no byte is copied), hashed through that name and flushed to disk; otherwise,
    /// or where a link cannot be made, by <see cref="CopyAsync"/>. <c>Linked</c> says which happened: a linked file
    /// needs no read-back, it is the inbox file. A file that has names outside the inbox too (other hard links) is
    /// copied: linked, the original would share its inode with a file anyone may change, and making it read-only would
    /// change that file. <c>Source</c> is the file that was filed, so that only it is later removed from the inbox.
    /// </summary>
    public static async Task<(string Sha256, long Size, bool Linked, FileIdentity? Source)> TransferAsync(string inboxRoot, string relativePath, string temporary, bool mayLink, CancellationToken cancellationToken)
    {
        var link = mayLink ? InboxEntries.TryLink(inboxRoot, relativePath, temporary) : null;
        if (link == false)
        {
            throw new InboxChangedException(relativePath);
        }

        if (link == true)
        {
            var linked = InboxEntries.Of(temporary);
            if (linked is not { Links: > 2 })
            {
                await using var stream = OpenRead(temporary);
                var (sha256, size) = await HashAsync(stream, cancellationToken);

                // The inbox writer may not have flushed; the stored name must not outlive its data after a power cut.
                NativeFiles.Flush(stream.SafeFileHandle);
                return (sha256, size, true, linked);
            }

            // Other names besides the inbox's and ours: take ours back (unlinking changes nothing of the file) and copy.
            File.Delete(temporary);
        }

        var (copySha, copySize, identity) = await CopyFromInboxAsync(inboxRoot, relativePath, temporary, cancellationToken);
        return (copySha, copySize, false, identity);
    }

    /// <summary>Gives the verified copy its real name, unless that name is taken (then returns false). Never overwrites.</summary>
    public static bool TryPlace(string temporary, string final)
    {
        var result = NativeFiles.RenameNoReplace(temporary, final);
        if (result == PlaceResult.NotSupported)
        {
            // No atomic no-replace rename here: a second name fails if taken, then the temporary one goes.
            try
            {
                result = NativeFiles.TryHardLink(temporary, final) ? PlaceResult.Placed : PlaceResult.NotSupported;
            }
            catch (IOException) when (File.Exists(final))
            {
                result = PlaceResult.NameTaken;
            }

            if (result == PlaceResult.Placed)
            {
                File.Delete(temporary);
            }
            else if (result == PlaceResult.NotSupported)
            {
                // Last resort (no hard links either): check, then move. Only one Librarian should use such storage.
                if (File.Exists(final))
                {
                    return false;
                }

                File.Move(temporary, final, overwrite: false);
                result = PlaceResult.Placed;
            }
        }

        if (result == PlaceResult.NameTaken)
        {
            return false;
        }

        NativeFiles.FlushDirectory(Path.GetDirectoryName(final)!);
        return true;
    }

    public static void MakeReadOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, ReadOnlyMode);
        }
        else
        {
            File.SetAttributes(path, File.GetAttributes(path) | FileAttributes.ReadOnly);
        }
    }

    /// <summary>Removes a file this Librarian wrote itself (a temporary or rolled-back copy), read-only or not.</summary>
    public static void DeleteOwn(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        File.SetAttributes(path, FileAttributes.Normal);
        File.Delete(path);
    }

    /// <summary>ENOSPC: what <see cref="IOException.HResult"/> holds when the originals' file system is full.</summary>
    public const int DiskFull = 28;

    /// <summary>
    /// Creates the copy with its whole length reserved, so a full disk fails here, before a byte is written. .NET words
    /// that failure without the error number; it is given one, so filing can say the disk is full.
    /// </summary>
    private static FileStream CreateCopy(string temporary, long length)
    {
        try
        {
            return new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0,
                Options = FileOptions.Asynchronous,
                PreallocationSize = length,
            });
        }
        catch (IOException ex) when (ex.HResult != DiskFull && new DriveInfo(Path.GetDirectoryName(temporary)!).AvailableFreeSpace < length)
        {
            throw new IOException(ex.Message, DiskFull);
        }
    }

    private static FileStream OpenRead(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.Read,
        BufferSize = 0,
        Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
    });
}
