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
}
