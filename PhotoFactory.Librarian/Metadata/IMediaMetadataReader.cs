namespace PhotoFactory.Librarian.Metadata;

/// <summary>The "read metadata" stage: what a photo or video file says about itself.</summary>
public interface IMediaMetadataReader
{
    /// <summary>
    /// Recognises the content and reads its dates, location, camera, size, duration and live-photo id.
    /// Never throws for a damaged or unreadable file (see <see cref="MediaMetadata.ReadProblem"/>); throws for a
    /// missing or inaccessible file (<see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>) and on cancellation.
    /// </summary>
    Task<MediaMetadata> ReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="ReadAsync(string, CancellationToken)"/>, from a file already open (the Librarian opens inbox files
    /// through real folders only); <paramref name="path"/> names it in messages and gives its extension. Every reader,
    /// exiftool included, reads this very file, never what its name stands for by then.
    /// </summary>
    Task<MediaMetadata> ReadAsync(FileStream file, string path, CancellationToken cancellationToken = default);
}
