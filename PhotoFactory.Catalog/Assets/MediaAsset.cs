namespace PhotoFactory.Catalog.Assets;

/// <summary>One file secured in the originals: the ledger row that says it is there and what it is.</summary>
public sealed class MediaAsset
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>SHA-256 of the content, 64 lower-case hex characters; unique across the catalogue.</summary>
    public required string Sha256 { get; set; }

    /// <summary>File name as it arrived in the inbox.</summary>
    public required string OriginalName { get; set; }

    /// <summary>Path relative to the inbox where the file arrived, with '/' separators.</summary>
    public required string OriginalPath { get; set; }

    /// <summary>Path relative to the originals root, with '/' separators, so the library can move hosts.</summary>
    public required string FinalPath { get; set; }

    public long SizeBytes { get; set; }

    /// <summary>Wall-clock time at the place of capture, as the camera showed it.</summary>
    public DateTime? CapturedAtLocal { get; set; }

    /// <summary>Offset of <see cref="CapturedAtLocal"/> from UTC in minutes, when the file says it.</summary>
    public int? CaptureOffsetMinutes { get; set; }

    /// <summary>Where the capture time came from, e.g. <c>exif:DateTimeOriginal</c> or <c>filename</c>.</summary>
    public string? CaptureDateSource { get; set; }

    public GeoLocation? Location { get; set; }

    public string? CameraMake { get; set; }
    public string? CameraModel { get; set; }

    public MediaKind Kind { get; set; }
    public string? MimeType { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public double? DurationSeconds { get; set; }

    /// <summary>When the Librarian secured the file (UTC).</summary>
    public DateTime IngestedAt { get; set; }

    public bool IsIngested { get; set; } = true;
    public bool IsGeocoded { get; set; }
    public DateTime? GeocodedAt { get; set; }
    public bool IsThumbnailed { get; set; }
    public DateTime? ThumbnailedAt { get; set; }
    public bool IsCurated { get; set; }
    public DateTime? CuratedAt { get; set; }
    public bool IsBackedUp { get; set; }
    public DateTime? BackedUpAt { get; set; }
    public bool HasErrors { get; set; }
    public string? ErrorMessage { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The photo's id in Immich, once Immich has taken it in from the originals (the Monitor looks it up).</summary>
    public Guid? ImmichAssetId { get; set; }

    /// <summary>When a scrub of the originals last read the file and found the SHA-256 it was filed with (UTC).</summary>
    public DateTime? LastProvedAt { get; set; }

    /// <summary>The capture instant in UTC when the offset is known.</summary>
    public DateTimeOffset? CapturedAt => CapturedAtLocal is { } local && CaptureOffsetMinutes is { } offset
        ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeSpan.FromMinutes(offset))
        : null;
}
