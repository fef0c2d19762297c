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

    /// <summary>
    /// The catalogue's record: text read from the file is cleaned of control characters and cut to its column
    /// (<see cref="CatalogText"/>), and when that changed anything the record's problem says so.
    /// </summary>
    public MediaAsset ToAsset(string sha256, long size, string finalPath)
    {
        var altered = new List<string>();
        string? Text(string? value, string what)
        {
            var text = CatalogText.Clean(value, CatalogSchema.ShortTextLength, out var changed);
            if (changed)
            {
                altered.Add(what);
            }

            return text;
        }

        var make = Text(Metadata.CameraMake, "camera make");
        var model = Text(Metadata.CameraModel, "camera model");
        var mimeType = Text(Metadata.MimeType, "MIME type");
        var problem = CatalogText.Clean(Metadata.ReadProblem, int.MaxValue, out _);
        if (altered.Count > 0)
        {
            var note = $"{string.Join(", ", altered)} stored without control characters and within {CatalogSchema.ShortTextLength} characters";
            problem = problem is null ? note : $"{problem}; {note}";
        }

        return new MediaAsset
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
            CameraMake = make,
            CameraModel = model,
            Kind = Metadata.Kind ?? MediaTypes.KindOf(Unit.Primary.Name) ?? MediaKind.Photo,
            MimeType = mimeType,
            Width = Metadata.Width,
            Height = Metadata.Height,
            DurationSeconds = Metadata.DurationSeconds,
            HasErrors = problem is not null,
            ErrorMessage = problem,
        };
    }
}
