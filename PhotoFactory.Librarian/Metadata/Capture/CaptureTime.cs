namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// When a photo or video was captured: the wall clock at the place of capture, its offset from UTC when known,
/// the source it was read from and how far that source can be trusted.
/// </summary>
/// <param name="Local">Wall-clock time at the place of capture (Kind Unspecified). For a source that only holds UTC
/// and no offset could be found, this is the UTC clock and <paramref name="Offset"/> is zero.</param>
/// <param name="Offset">Offset of <paramref name="Local"/> from UTC, when known.</param>
/// <param name="Source">Where the time came from, e.g. <c>exif:DateTimeOriginal</c>, <c>quicktime:creationdate</c>,
/// <c>filename</c> or <c>mtime</c> (see <see cref="CaptureSources"/>).</param>
/// <param name="Confidence">How well the source pins down the local date.</param>
public sealed record CaptureTime(DateTime Local, TimeSpan? Offset, string Source, CaptureConfidence Confidence)
{
    public DateTime Local { get; init; } = DateTime.SpecifyKind(Local, DateTimeKind.Unspecified);

    /// <summary>The folder the file belongs in: the local calendar date at the place of capture.</summary>
    public DateOnly FolderDate => DateOnly.FromDateTime(Local);

    /// <summary>The capture instant, when the offset is known.</summary>
    public DateTimeOffset? Instant => Offset is { } offset ? new DateTimeOffset(Local, offset) : null;
}
