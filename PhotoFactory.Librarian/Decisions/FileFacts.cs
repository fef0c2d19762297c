using PhotoFactory.Catalog.Assets;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Librarian.Metadata;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Decisions;

/// <summary>What was learnt about a unit before any byte was written: enough to decide where it goes.</summary>
internal sealed record FileFacts(FilingUnit Unit, MediaMetadata Metadata, CaptureTime Captured, GeoLocation? Location, string Folder)
{
    public FilingResult Result(FilingOutcome outcome, string? reason, string? sha256, long size) =>
        new(Unit.Primary.RelativePath, outcome, reason)
        {
            Sha256 = sha256,
            SizeBytes = size,
            Captured = Captured,
            Latitude = Location?.Latitude,
            Longitude = Location?.Longitude,
        };

    public MediaAsset ToAsset(string sha256, long size, string finalPath) => new()
    {
        Sha256 = sha256,
        OriginalName = Unit.Primary.Name,
        OriginalPath = Unit.Primary.RelativePath,
        FinalPath = finalPath,
        SizeBytes = size,
        CapturedAtLocal = DateTime.SpecifyKind(Captured.Local, DateTimeKind.Unspecified),
        CaptureOffsetMinutes = Captured.Offset is { } offset ? (int)offset.TotalMinutes : null,
        CaptureDateSource = Captured.Source,
        Location = Location,
        CameraMake = Truncate(Metadata.CameraMake, CatalogSchema.ShortTextLength),
        CameraModel = Truncate(Metadata.CameraModel, CatalogSchema.ShortTextLength),
        Kind = Metadata.Kind ?? MediaTypes.KindOf(Unit.Primary.Name) ?? MediaKind.Photo,
        MimeType = Truncate(Metadata.MimeType, CatalogSchema.ShortTextLength),
        Width = Metadata.Width,
        Height = Metadata.Height,
        DurationSeconds = Metadata.DurationSeconds,
        HasErrors = Metadata.ReadProblem is not null,
        ErrorMessage = Metadata.ReadProblem,
    };

    private static string? Truncate(string? value, int length) =>
        value is null || value.Length <= length ? value : value[..length];
}
