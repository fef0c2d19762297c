using System.Globalization;
using System.Text.Json;
using PhotoFactory.Catalog.Assets;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// Maps exiftool's <c>-j -G1 -a -n</c> output (keys such as <c>ExifIFD:DateTimeOriginal</c>, <c>Keys:CreationDate</c>,
/// <c>H264:DateTimeOriginal</c>) to <see cref="MediaMetadata"/>. QuickTime dates are taken as stored, which the
/// specification says is UTC (exiftool runs without <c>-api QuickTimeUTC</c>).
/// </summary>
internal static class ExifToolTags
{
    /// <summary>Groups whose DateTimeOriginal is not a container's own capture date.</summary>
    private static readonly HashSet<string> NotContainers = new(StringComparer.OrdinalIgnoreCase) { "Composite", "System", "File", "ExifTool" };

    public static MediaMetadata ToMetadata(JsonElement tags)
    {
        var values = tags.EnumerateObject()
            .Select(property => (Key: property.Name, Value: property.Value))
            .Where(tag => tag.Key.Contains(':', StringComparison.Ordinal))
            .Select(tag => (Group: tag.Key[..tag.Key.IndexOf(':', StringComparison.Ordinal)], Name: tag.Key[(tag.Key.IndexOf(':', StringComparison.Ordinal) + 1)..], tag.Value))
            .ToList();

        return new MediaMetadata
        {
            Dates = [.. Dates(values)],
            StatedOffset = new[] { "OffsetTimeOriginal", "OffsetTimeDigitized", "OffsetTime" }
                .Select(name => MetadataDateText.ParseOffset(Text(values.Where(v => IsExif(v.Group)).ToList(), name, "ExifIFD")))
                .FirstOrDefault(offset => offset is not null),
            Location = Location(values),
            CameraMake = Text(values, "Make", preferredGroup: "IFD0"),
            CameraModel = Text(values, "Model", preferredGroup: "IFD0"),
            MimeType = Text(values, "MIMEType", preferredGroup: "File"),
            Width = Positive(values, "ImageWidth") is { } width ? (int)width : null,
            Height = Positive(values, "ImageHeight") is { } height ? (int)height : null,
            DurationSeconds = Positive(values, "Duration"),
            ContentIdentifier = Text(values, "ContentIdentifier"),
            ReadWith = MetadataReaders.ExifTool,
        };
    }

    private static IEnumerable<DateCandidate> Dates(List<(string Group, string Name, JsonElement Value)> values)
    {
        if (ExifDate(values, "DateTimeOriginal", "OffsetTimeOriginal", "SubSecTimeOriginal", CaptureSource.ExifDateTimeOriginal, CaptureSources.ExifDateTimeOriginal) is { } original)
        {
            yield return original;
        }

        if (ExifDate(values, "CreateDate", "OffsetTimeDigitized", "SubSecTimeDigitized", CaptureSource.ExifCreateDate, CaptureSources.ExifCreateDate) is { } digitized)
        {
            yield return digitized;
        }

        var apple = values.Where(v => v.Name == "CreationDate" && !IsXmp(v.Group)).OrderBy(v => v.Group == "Keys" ? 0 : 1)
            .Select(v => MetadataDateText.Parse(Text(v.Value))).FirstOrDefault(parsed => parsed is not null);
        if (apple is { } creation)
        {
            yield return creation.ToCandidate(CaptureSource.QuickTimeCreationDate, CaptureSources.QuickTimeCreationDate);
        }

        foreach (var tagName in new[] { "DateTimeOriginal", "ContentCreateDate" })
        {
            foreach (var (group, _, value) in values.Where(v => v.Name == tagName && IsContainer(v.Group)))
            {
                if (MetadataDateText.Parse(Text(value)) is { } parsed)
                {
                    yield return parsed.ToCandidate(CaptureSource.ContainerDateTimeOriginal, CaptureSources.Container(group, tagName));
                }
            }
        }

        foreach (var (group, name, source) in new[]
                 {
                     ("XMP-exif", "DateTimeOriginal", CaptureSources.XmpDateTimeOriginal),
                     ("XMP-photoshop", "DateCreated", CaptureSources.XmpDateCreated),
                     ("XMP-xmp", "CreateDate", CaptureSources.XmpCreateDate),
                 })
        {
            if (MetadataDateText.Parse(Text(values, name, group, onlyGroup: true)) is { } parsed)
            {
                yield return parsed.ToCandidate(CaptureSource.EmbeddedXmp, source);
            }
        }

        if (MetadataDateText.Parse(Text(values, "CreateDate", "QuickTime", onlyGroup: true)) is { } movie && movie.Clock >= new DateTime(1904, 1, 2))
        {
            yield return DateCandidate.Utc(CaptureSource.QuickTimeCreateDate, CaptureSources.QuickTimeCreateDate, movie.Clock);
        }

        if (MetadataDateText.ParseAny(Text(values, "CreationTime", "PNG", onlyGroup: true)) is { } png)
        {
            yield return png.ToCandidate(CaptureSource.ContainerDateTimeOriginal, CaptureSources.PngCreationTime);
        }

        if (MetadataDateText.Parse(Text(values, "GPSDateTime", "Composite", onlyGroup: true)) is { Clock: var stamp })
        {
            yield return DateCandidate.Utc(CaptureSource.GpsDateTime, CaptureSources.GpsDateTime, stamp);
        }
    }

    private static DateCandidate? ExifDate(List<(string Group, string Name, JsonElement Value)> values, string dateTag, string offsetTag, string subSecondTag, CaptureSource rank, string source)
    {
        var exif = values.Where(v => IsExif(v.Group)).OrderBy(v => v.Group == "ExifIFD" ? 0 : 1).ToList();
        foreach (var (group, _, value) in exif.Where(v => v.Name == dateTag))
        {
            if (MetadataDateText.Parse(Text(value)) is not { } parsed)
            {
                continue;
            }

            var clock = MetadataDateText.WithSubSeconds(parsed.Clock, Text(exif, subSecondTag, group));
            var offset = parsed.Offset ?? MetadataDateText.ParseOffset(Text(exif, offsetTag, group));
            return parsed.IsUtc && offset is null ? DateCandidate.Utc(rank, source, clock) : DateCandidate.Local(rank, source, clock, offset);
        }

        return null;
    }

    private static GeoLocation? Location(List<(string Group, string Name, JsonElement Value)> values)
    {
        var latitude = Number(values, "GPSLatitude", "Composite");
        var longitude = Number(values, "GPSLongitude", "Composite");
        if (latitude is null || longitude is null)
        {
            // Without the Composite (signed) values, apply the references by hand.
            latitude = Number(values, "GPSLatitude", "GPS") * (Text(values, "GPSLatitudeRef", "GPS") is "S" or "s" ? -1 : 1);
            longitude = Number(values, "GPSLongitude", "GPS") * (Text(values, "GPSLongitudeRef", "GPS") is "W" or "w" ? -1 : 1);
        }

        return GeoLocations.Plausible(latitude, longitude, Number(values, "GPSAltitude", "Composite") ?? Number(values, "GPSAltitude", "GPS"));
    }

    private static bool IsExif(string group) =>
        group == "ExifIFD" || group.StartsWith("IFD", StringComparison.Ordinal) || group.StartsWith("SubIFD", StringComparison.Ordinal);

    private static bool IsXmp(string group) => group.StartsWith("XMP", StringComparison.OrdinalIgnoreCase);

    private static bool IsContainer(string group) => !IsExif(group) && !IsXmp(group) && !NotContainers.Contains(group);

    private static string? Text(List<(string Group, string Name, JsonElement Value)> values, string name, string? preferredGroup = null, bool onlyGroup = false)
    {
        var matches = values.Where(v => v.Name == name && (!onlyGroup || v.Group == preferredGroup))
            .OrderBy(v => v.Group == preferredGroup ? 0 : 1);
        return matches.Select(v => Text(v.Value)).FirstOrDefault(text => !string.IsNullOrWhiteSpace(text))?.Trim();
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    private static double? Number(List<(string Group, string Name, JsonElement Value)> values, string name, string group) =>
        values.Where(v => v.Name == name && v.Group == group).Select(v => Number(v.Value)).FirstOrDefault(n => n is not null);

    private static double? Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out var number) && double.IsFinite(number) => number,
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) => number,
        _ => null,
    };

    private static double? Positive(List<(string Group, string Name, JsonElement Value)> values, string name) =>
        values.Where(v => v.Name == name).OrderBy(v => v.Group == "File" ? 0 : 1).Select(v => Number(v.Value)).FirstOrDefault(n => n > 0);
}
