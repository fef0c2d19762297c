using System.Buffers;
using System.Globalization;
using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PhotoFactory.Catalog.Integrity;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Inbox;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Scrubbing;

/// <summary>
/// The one engine that proves the originals against the catalogue, shared by the scheduled scrub and <c>verify</c>:
/// each catalogued asset is there, with its size and (when asked) its SHA-256; each folder holds only catalogued files
/// and their sidecars, all read-only. It only reads: it opens files for reading and lists folders, nothing more.
/// </summary>
internal sealed class OriginalsInspector(StorageLayout layout, IDbContextFactory<CatalogDbContext> contexts)
{
    private const int ReadBuffer = 1 << 20;
    private const int LookupBatch = 500;
    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>How a finding names the originals' own folder.</summary>
    public const string RootFolder = ".";

    /// <summary>Up to <paramref name="take"/> catalogued assets after <paramref name="after"/>, in id order.</summary>
    public async Task<IReadOnlyList<CataloguedFile>> AssetsAfterAsync(Guid? after, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var assets = db.MediaAssets.AsNoTracking();
        if (after is { } cursor)
        {
            assets = assets.Where(a => a.Id > cursor);
        }

        return await assets.OrderBy(a => a.Id).Take(take)
            .Select(a => new CataloguedFile(a.Id, a.FinalPath, a.SizeBytes, a.Sha256))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Checks one catalogued file: there, of its size, and with <paramref name="hash"/> of its SHA-256. Returns the
    /// findings (none when it is as filed) and whether its content was proved.
    /// </summary>
    public async Task<AssetCheck> CheckAssetAsync(CataloguedFile asset, bool hash, ReadPacer pacer, CancellationToken cancellationToken)
    {
        var path = layout.InOriginals(asset.FinalPath);
        var expected = $"{Bytes(asset.SizeBytes)}, SHA-256 {asset.Sha256}";
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            // Not there, or there behind a folder the Librarian may not enter: only opening it tells which.
            return AssetCheck.Of(Unreachable(path) is { } reason
                ? new Finding(ScrubFindingKind.ContentChanged, asset.FinalPath, asset.Id, $"SHA-256 {asset.Sha256}", reason)
                : new Finding(ScrubFindingKind.Missing, asset.FinalPath, asset.Id, expected, "no file at this path"));
        }

        if (file.Length != asset.SizeBytes)
        {
            return AssetCheck.Of(new Finding(ScrubFindingKind.SizeChanged, asset.FinalPath, asset.Id, Bytes(asset.SizeBytes), Bytes(file.Length)));
        }

        if (!hash)
        {
            return new AssetCheck([], Proved: false);
        }

        string sha256;
        try
        {
            sha256 = await HashAsync(path, pacer, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return AssetCheck.Of(new Finding(ScrubFindingKind.Missing, asset.FinalPath, asset.Id, expected, "no file at this path"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A disk that cannot give the bytes back has lost them as surely as one that gives others.
            return AssetCheck.Of(new Finding(ScrubFindingKind.ContentChanged, asset.FinalPath, asset.Id, $"SHA-256 {asset.Sha256}", Unreadable(ex)));
        }

        return sha256 == asset.Sha256
            ? new AssetCheck([], Proved: true)
            : AssetCheck.Of(new Finding(ScrubFindingKind.ContentChanged, asset.FinalPath, asset.Id, $"SHA-256 {asset.Sha256}", $"SHA-256 {sha256}"));
    }

    /// <summary>
    /// Every folder under the originals, the root ("") first, in ordinal order: the scrub walks them in this order. A
    /// folder that cannot be listed is in it (checking it reports so), without what is inside.
    /// </summary>
    public IReadOnlyList<string> Folders()
    {
        var folders = new List<string>();
        if (!Directory.Exists(layout.Originals))
        {
            return folders;
        }

        var pending = new Stack<string>();
        pending.Push("");
        while (pending.Count > 0)
        {
            var relative = pending.Pop();
            folders.Add(relative);
            List<(string Name, bool IsFolder)> entries;
            try
            {
                entries = List(relative);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries.Where(e => e.IsFolder))
            {
                pending.Push(relative.Length == 0 ? entry.Name : $"{relative}/{entry.Name}");
            }
        }

        folders.Sort(StringComparer.Ordinal);
        return folders;
    }

    /// <summary>
    /// Checks the files directly in one folder: each is catalogued or a sidecar of a file that is, and none of those is
    /// writable.
    /// Files a Librarian is placing right now (named in a claim) are left for the next pass. A folder that cannot be
    /// listed is itself the finding; the folder is among those looked at either way, so such a finding is resolved once
    /// it can be listed again.
    /// </summary>
    public async Task<FolderCheck> CheckFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var itself = folder.Length == 0 ? RootFolder : folder;
        List<string> files;
        try
        {
            files = [.. List(folder).Where(e => !e.IsFolder).Select(e => e.Name)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new FolderCheck([new Finding(ScrubFindingKind.Unlistable, itself, null, "a folder the Librarian can list", Unreadable(ex))], [itself]);
        }

        if (files.Count == 0)
        {
            return new FolderCheck([], [itself]);
        }

        string PathOf(string name) => folder.Length == 0 ? name : $"{folder}/{name}";

        // Order matters: a file listed above was placed under a claim. If that claim is gone by now, the file was
        // catalogued before the catalogue is read below, or rolled back before the files are looked at again.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var inFlight = new HashSet<string>(StringComparer.Ordinal);
        foreach (var transfers in await db.IngestClaims.AsNoTracking().Select(c => c.Transfers).ToListAsync(cancellationToken))
        {
            foreach (var transfer in JsonSerializer.Deserialize<List<ClaimTransfer>>(transfers) ?? [])
            {
                inFlight.Add(transfer.Temporary);
                inFlight.Add(transfer.Final);
            }
        }

        var catalogued = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var chunk in files.Select(PathOf).Chunk(LookupBatch))
        {
            foreach (var asset in await db.MediaAssets.AsNoTracking()
                .Where(a => chunk.Contains(a.FinalPath))
                .Select(a => new { a.FinalPath, a.Id })
                .ToListAsync(cancellationToken))
            {
                catalogued[asset.FinalPath] = asset.Id;
            }
        }

        var sidecarOf = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var name in files.Where(name => catalogued.ContainsKey(PathOf(name))))
        {
            foreach (var sidecar in SidecarFinder.Find(name, files).All)
            {
                sidecarOf.TryAdd(sidecar, catalogued[PathOf(name)]);
            }
        }

        var findings = new List<Finding>();
        var looked = new List<string> { itself };
        foreach (var name in files)
        {
            var path = PathOf(name);
            if (inFlight.Contains(path))
            {
                continue;
            }

            var owner = catalogued.TryGetValue(path, out var id) ? id : sidecarOf.TryGetValue(name, out var primary) ? primary : (Guid?)null;
            var info = new FileInfo(Path.Combine(layout.Originals, path));
            if (!info.Exists && info.LinkTarget is null)
            {
                // Gone since it was listed: rolled back by its Librarian, or removed by hand (then the asset check says so).
                continue;
            }

            looked.Add(path);
            if (owner is null)
            {
                findings.Add(new Finding(ScrubFindingKind.Untracked, path, null,
                    "only catalogued files and their sidecars", info.LinkTarget is { } target ? $"a link to {Shorten(target)}" : Bytes(info.Length)));
            }

            else if (Mode(info) is { } mode)
            {
                // Only what was filed is kept read-only; a stray is reported as a stray, whatever its permissions.
                findings.Add(new Finding(ScrubFindingKind.Writable, path, owner, "read-only (r--r--r--)", mode));
            }
        }

        return new FolderCheck(findings, looked);
    }

    /// <summary>The file's permissions in <c>ls</c> letters when anyone may write it; null when it is read-only.</summary>
    private static string? Mode(FileInfo info)
    {
        if (info.LinkTarget is not null)
        {
            return null;
        }

        if (OperatingSystem.IsWindows())
        {
            return info.Attributes.HasFlag(FileAttributes.ReadOnly) ? null : "writable (no read-only attribute)";
        }

        var mode = info.UnixFileMode;
        if ((mode & AnyWrite) == 0)
        {
            return null;
        }

        Span<char> letters = stackalloc char[9];
        ReadOnlySpan<(UnixFileMode Bit, char Letter)> bits =
        [
            (UnixFileMode.UserRead, 'r'), (UnixFileMode.UserWrite, 'w'), (UnixFileMode.UserExecute, 'x'),
            (UnixFileMode.GroupRead, 'r'), (UnixFileMode.GroupWrite, 'w'), (UnixFileMode.GroupExecute, 'x'),
            (UnixFileMode.OtherRead, 'r'), (UnixFileMode.OtherWrite, 'w'), (UnixFileMode.OtherExecute, 'x'),
        ];
        for (var i = 0; i < bits.Length; i++)
        {
            letters[i] = (mode & bits[i].Bit) != 0 ? bits[i].Letter : '-';
        }

        return new string(letters);
    }

    private List<(string Name, bool IsFolder)> List(string folder)
    {
        var directory = folder.Length == 0 ? layout.Originals : Path.Combine(layout.Originals, folder);
        try
        {
            // A link to a folder is listed as a file (a stray), never followed out of the originals.
            return new FileSystemEnumerable<(string, bool)>(directory,
                (ref FileSystemEntry entry) => (entry.FileName.ToString(),
                    entry.IsDirectory && !entry.Attributes.HasFlag(FileAttributes.ReparsePoint)), InboxScanner.OneLevel).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    private static async Task<string> HashAsync(string path, ReadPacer pacer, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBuffer);
        try
        {
            await using var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                BufferSize = 0,
                Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
            });
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, ReadBuffer), cancellationToken)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await pacer.ReadAsync(read, cancellationToken);
            }

            return Convert.ToHexStringLower(sha.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Why a file that does not show as existing cannot be opened, or null when it is simply not there.</summary>
    private string? Unreachable(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            return null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Unreadable(ex);
        }
    }

    /// <summary>What a refused read or listing says, with paths relative to the originals as every finding has them.</summary>
    private string Unreadable(Exception ex) => ex is UnauthorizedAccessException
        ? "unreadable: permission denied"
        : Shorten($"unreadable: {ex.Message.Replace(Path.TrimEndingDirectorySeparator(layout.Originals) + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)}");

    private static string Bytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}

/// <summary>A catalogued file as the scrub checks it.</summary>
internal sealed record CataloguedFile(Guid Id, string FinalPath, long SizeBytes, string Sha256);

/// <summary>What checking one catalogued file found; <see cref="Proved"/> when its SHA-256 was read and matched.</summary>
internal sealed record AssetCheck(IReadOnlyList<Finding> Findings, bool Proved)
{
    public static AssetCheck Of(Finding finding) => new([finding], Proved: false);
}

/// <summary>What checking one folder found, and the files it looked at (whose earlier findings may now be resolved).</summary>
internal sealed record FolderCheck(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Looked);
