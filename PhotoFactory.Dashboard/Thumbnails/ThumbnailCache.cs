namespace PhotoFactory.Dashboard.Thumbnails;

/// <summary>
/// Pictures made once, kept under the data directory (<c>{data}/thumbnails/ab/abcdef…-small.jpg</c>), never beside the
/// originals. Keyed by the file's SHA-256: an original never changes, so neither does its picture.
/// </summary>
public sealed class ThumbnailCache(string root)
{
    public string Root { get; } = root;

    public string PathOf(string sha256, ThumbnailSize size) =>
        Path.Combine(Root, sha256[..2], $"{sha256}-{size.Name()}.jpg");

    /// <summary>Writes the picture beside its final name and renames it: a reader sees a whole picture or none.</summary>
    public async Task<string> StoreAsync(string sha256, ThumbnailSize size, byte[] jpeg, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256, size);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, jpeg, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return path;
    }
}
