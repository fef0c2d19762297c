using PhotoFactory.Catalog.Assets;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>What a photo or video file says about itself. Every value is optional: damaged files say little.</summary>
public sealed record MediaMetadata
{
    /// <summary>The content's format from its magic bytes; null when the content is not an image or video at all.</summary>
    public MediaFormat? Format { get; init; }

    /// <summary>True when the content is a photo or video (possibly damaged); false means quarantine as "not media".</summary>
    public bool IsRecognisedMedia => Format is not null;

    /// <summary>Photo, RAW or video, from the content (and, for TIFF-based RAW, the extension).</summary>
    public MediaKind? Kind { get; init; }

    /// <summary>The best capture time embedded in the file itself, by the ranked rule (no sidecars, file name or file time).</summary>
    public CaptureTime? Captured { get; init; }

    /// <summary>Every embedded date found, unranked; <see cref="CaptureTimeResolver"/> ranks them with the sidecars'.</summary>
    public IReadOnlyList<DateCandidate> Dates { get; init; } = [];

    /// <summary>
    /// A UTC offset the file states in EXIF OffsetTimeOriginal/OffsetTimeDigitized/OffsetTime, even where the date
    /// beside it is missing or unusable: it localises UTC-only times (QuickTime CreateDate, Takeout).
    /// </summary>
    public TimeSpan? StatedOffset { get; init; }

    /// <summary>Where it was taken; null when absent, (0, 0) or out of range.</summary>
    public GeoLocation? Location { get; init; }

    public string? CameraMake { get; init; }
    public string? CameraModel { get; init; }
    public string? MimeType { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public double? DurationSeconds { get; init; }

    /// <summary>Apple's live-photo id: the same value in the still (maker note) and its video (QuickTime keys).</summary>
    public string? ContentIdentifier { get; init; }

    /// <summary>What went wrong while reading, e.g. "MetadataExtractor failed: …; exiftool fallback used"; null when nothing did.</summary>
    public string? ReadProblem { get; init; }

    /// <summary>Which readers the values came from.</summary>
    public MetadataReaders ReadWith { get; init; }

    /// <summary>The metadata of a file whose content is not a known image or video.</summary>
    public static MediaMetadata NotMedia(string? problem = null) => new() { ReadProblem = problem };
}
