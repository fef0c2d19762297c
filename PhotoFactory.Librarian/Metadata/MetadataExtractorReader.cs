using System.Globalization;
using Directory = MetadataExtractor.Directory;
using GeoLocation = PhotoFactory.Catalog.Assets.GeoLocation;
using MetadataExtractor.Formats.Avi;
using MetadataExtractor.Formats.Exif.Makernotes;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Gif;
using MetadataExtractor.Formats.Heif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.QuickTime;
using MetadataExtractor.Formats.WebP;
using MetadataExtractor.Formats.Xmp;
using MetadataExtractor;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// Reads a file with MetadataExtractor 2.4.3 and maps its directories, working around that version's pitfalls:
/// DateTimeOriginal in a later Exif SubIFD (NEF, DNG), QuickTime's 1904 zero date, and Apple's creationdate losing
/// its offset through <c>TryGetDateTime</c> (the raw string is parsed instead). Throws whatever MetadataExtractor throws.
/// </summary>
internal static class MetadataExtractorReader
{
    /// <summary>QuickTime counts seconds from 1904-01-01; zero (or nearly) means "not set".</summary>
    private static readonly DateTime QuickTimeEpochEnd = new(1904, 1, 2);

    /// <summary>What MetadataExtractor 2.4.3 cannot read at all: these go straight to exiftool.</summary>
    public static bool CanRead(MediaSignature signature) => signature.Format switch
    {
        MediaFormat.Avif or MediaFormat.Matroska or MediaFormat.MpegTransportStream or MediaFormat.CanonCrw
            or MediaFormat.MinoltaMrw or MediaFormat.SigmaX3f => false,
        MediaFormat.QuickTime => signature.HasFileTypeBox,
        _ => true,
    };

    public static MediaMetadata Read(Stream stream)
    {
        var directories = ImageMetadataReader.ReadMetadata(stream);
        var (width, height) = Dimensions(directories);
        var exif = directories.OfType<ExifDirectoryBase>().ToList();
        return new MediaMetadata
        {
            Dates = [.. Dates(directories)],
            StatedOffset = new[] { ExifDirectoryBase.TagTimeZoneOriginal, ExifDirectoryBase.TagTimeZoneDigitized, ExifDirectoryBase.TagTimeZone }
                .SelectMany(tag => exif.Select(directory => MetadataDateText.ParseOffset(directory.GetString(tag))))
                .FirstOrDefault(offset => offset is not null),
            Location = Location(directories),
            CameraMake = FirstString(directories, (typeof(ExifIfd0Directory), ExifDirectoryBase.TagMake), (typeof(QuickTimeMetadataHeaderDirectory), QuickTimeMetadataHeaderDirectory.TagMake)),
            CameraModel = FirstString(directories, (typeof(ExifIfd0Directory), ExifDirectoryBase.TagModel), (typeof(QuickTimeMetadataHeaderDirectory), QuickTimeMetadataHeaderDirectory.TagModel)),
            Width = width,
            Height = height,
            DurationSeconds = Duration(directories),
            ContentIdentifier = FirstString(directories, (typeof(AppleMakernoteDirectory), AppleMakernoteDirectory.TagContentIdentifier), (typeof(QuickTimeMetadataHeaderDirectory), QuickTimeMetadataHeaderDirectory.TagContentIdentifier)),
            ReadWith = MetadataReaders.MetadataExtractor,
        };
    }

    private static IEnumerable<DateCandidate> Dates(IReadOnlyList<Directory> directories)
    {
        var exif = directories.OfType<ExifDirectoryBase>().ToList();
        if (ExifDate(exif, ExifDirectoryBase.TagDateTimeOriginal, ExifDirectoryBase.TagTimeZoneOriginal, ExifDirectoryBase.TagSubsecondTimeOriginal,
                CaptureSource.ExifDateTimeOriginal, CaptureSources.ExifDateTimeOriginal) is { } original)
        {
            yield return original;
        }

        if (ExifDate(exif, ExifDirectoryBase.TagDateTimeDigitized, ExifDirectoryBase.TagTimeZoneDigitized, ExifDirectoryBase.TagSubsecondTimeDigitized,
                CaptureSource.ExifCreateDate, CaptureSources.ExifCreateDate) is { } digitized)
        {
            yield return digitized;
        }

        foreach (var keys in directories.OfType<QuickTimeMetadataHeaderDirectory>())
        {
            if (MetadataDateText.Parse(keys.GetString(QuickTimeMetadataHeaderDirectory.TagCreationDate)) is { } creation)
            {
                yield return creation.ToCandidate(CaptureSource.QuickTimeCreationDate, CaptureSources.QuickTimeCreationDate);
                break;
            }
        }

        foreach (var avi in directories.OfType<AviDirectory>())
        {
            if (MetadataDateText.Parse(avi.GetString(AviDirectory.TagDateTimeOriginal)) is { } idit)
            {
                yield return idit.ToCandidate(CaptureSource.ContainerDateTimeOriginal, CaptureSources.Container("riff"));
                break;
            }
        }

        foreach (var xmp in directories.OfType<XmpDirectory>())
        {
            if (xmp.XmpMeta is { } meta)
            {
                foreach (var candidate in XmpFacts.Dates(meta, CaptureSource.EmbeddedXmp))
                {
                    yield return candidate;
                }

                break;
            }
        }

        foreach (var movie in directories.OfType<QuickTimeMovieHeaderDirectory>())
        {
            if (movie.TryGetDateTime(QuickTimeMovieHeaderDirectory.TagCreated, out var created) && created >= QuickTimeEpochEnd)
            {
                yield return DateCandidate.Utc(CaptureSource.QuickTimeCreateDate, CaptureSources.QuickTimeCreateDate, created);
                break;
            }
        }

        if (PngCreationTime(directories) is { } png)
        {
            yield return png;
        }

        foreach (var gps in directories.OfType<GpsDirectory>())
        {
            if (gps.TryGetGpsDate(out var stamp))
            {
                yield return DateCandidate.Utc(CaptureSource.GpsDateTime, CaptureSources.GpsDateTime, stamp);
                break;
            }
        }
    }

    /// <summary>PNG's "Creation Time" text (the time of the original image's creation; ImageMagick's date:create is not).</summary>
    private static DateCandidate? PngCreationTime(IReadOnlyList<Directory> directories)
    {
        foreach (var png in directories.OfType<PngDirectory>())
        {
            if (png.GetObject(PngDirectory.TagTextualData) is IEnumerable<MetadataExtractor.KeyValuePair> texts)
            {
                foreach (var text in texts.Where(text => text.Key == "Creation Time"))
                {
                    if (MetadataDateText.ParseAny(text.Value.ToString()) is { } parsed)
                    {
                        return parsed.ToCandidate(CaptureSource.ContainerDateTimeOriginal, CaptureSources.PngCreationTime);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The first Exif directory holding the date: NEF and DNG keep DateTimeOriginal in their 2nd or 3rd SubIFD.</summary>
    private static DateCandidate? ExifDate(List<ExifDirectoryBase> exif, int dateTag, int offsetTag, int subSecondTag, CaptureSource rank, string source)
    {
        foreach (var directory in exif)
        {
            if (MetadataDateText.Parse(directory.GetString(dateTag)) is not { } parsed)
            {
                continue;
            }

            var clock = MetadataDateText.WithSubSeconds(parsed.Clock, directory.GetString(subSecondTag));
            var offset = parsed.Offset
                ?? MetadataDateText.ParseOffset(directory.GetString(offsetTag))
                ?? exif.Select(other => MetadataDateText.ParseOffset(other.GetString(offsetTag))).FirstOrDefault(found => found is not null);
            return parsed.IsUtc && offset is null
                ? DateCandidate.Utc(rank, source, clock)
                : DateCandidate.Local(rank, source, clock, offset);
        }

        return null;
    }

    private static GeoLocation? Location(IReadOnlyList<Directory> directories)
    {
        foreach (var gps in directories.OfType<GpsDirectory>())
        {
            var location = gps.GetGeoLocation();
            if (location is not null && GeoLocations.Plausible(location.Latitude, location.Longitude) is { } plausible)
            {
                return plausible;
            }
        }

        foreach (var keys in directories.OfType<QuickTimeMetadataHeaderDirectory>())
        {
            if (GeoLocations.FromIso6709(keys.GetString(QuickTimeMetadataHeaderDirectory.TagGpsLocation)) is { } location)
            {
                return location;
            }
        }

        return directories.OfType<XmpDirectory>().Select(xmp => xmp.XmpMeta is { } meta ? XmpFacts.Location(meta) : null)
            .FirstOrDefault(location => location is not null);
    }

    private static (int? Width, int? Height) Dimensions(IReadOnlyList<Directory> directories)
    {
        (Type Type, int Width, int Height)[] sources =
        [
            (typeof(JpegDirectory), JpegDirectory.TagImageWidth, JpegDirectory.TagImageHeight),
            (typeof(PngDirectory), PngDirectory.TagImageWidth, PngDirectory.TagImageHeight),
            (typeof(GifHeaderDirectory), GifHeaderDirectory.TagImageWidth, GifHeaderDirectory.TagImageHeight),
            (typeof(WebPDirectory), WebPDirectory.TagImageWidth, WebPDirectory.TagImageHeight),
            (typeof(HeicImagePropertiesDirectory), HeicImagePropertiesDirectory.TagImageWidth, HeicImagePropertiesDirectory.TagImageHeight),
            (typeof(AviDirectory), AviDirectory.TagWidth, AviDirectory.TagHeight),
            (typeof(QuickTimeTrackHeaderDirectory), QuickTimeTrackHeaderDirectory.TagWidth, QuickTimeTrackHeaderDirectory.TagHeight),
            (typeof(ExifSubIfdDirectory), ExifDirectoryBase.TagExifImageWidth, ExifDirectoryBase.TagExifImageHeight),
        ];

        foreach (var (type, widthTag, heightTag) in sources)
        {
            foreach (var directory in directories.Where(type.IsInstanceOfType))
            {
                if (directory.TryGetDouble(widthTag, out var width) && directory.TryGetDouble(heightTag, out var height) && width >= 1 && height >= 1)
                {
                    return ((int)width, (int)height);
                }
            }
        }

        // TIFF-based RAW: IFD0 is often a thumbnail; the largest image directory is the picture.
        var largest = directories.OfType<ExifDirectoryBase>()
            .Select(d => d.TryGetInt32(ExifDirectoryBase.TagImageWidth, out var w) && d.TryGetInt32(ExifDirectoryBase.TagImageHeight, out var h) ? (w, h) : (0, 0))
            .MaxBy(size => (long)size.Item1 * size.Item2);
        return largest.Item1 > 0 && largest.Item2 > 0 ? (largest.Item1, largest.Item2) : (null, null);
    }

    private static double? Duration(IReadOnlyList<Directory> directories)
    {
        foreach (var movie in directories.OfType<QuickTimeMovieHeaderDirectory>())
        {
            if (movie.GetObject(QuickTimeMovieHeaderDirectory.TagDuration) is TimeSpan duration && duration > TimeSpan.Zero)
            {
                return duration.TotalSeconds;
            }
        }

        foreach (var avi in directories.OfType<AviDirectory>())
        {
            if (TimeSpan.TryParse(avi.GetString(AviDirectory.TagDuration), CultureInfo.InvariantCulture, out var duration) && duration > TimeSpan.Zero)
            {
                return duration.TotalSeconds;
            }
        }

        return null;
    }

    private static string? FirstString(IReadOnlyList<Directory> directories, params (Type Type, int Tag)[] sources)
    {
        foreach (var (type, tag) in sources)
        {
            foreach (var directory in directories.Where(type.IsInstanceOfType))
            {
                var value = directory.GetString(tag)?.Trim().TrimEnd('\0').Trim();
                if (!string.IsNullOrEmpty(value))
                {
                    return value;
                }
            }
        }

        return null;
    }
}
