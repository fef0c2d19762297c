using System.Globalization;
using System.Text.RegularExpressions;
using PhotoFactory.Catalog.Assets;
using XmpCore;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>Reads capture dates and location from parsed XMP, whether embedded in the file or from a sidecar.</summary>
internal static partial class XmpFacts
{
    private const string ExifNs = "http://ns.adobe.com/exif/1.0/";
    private const string PhotoshopNs = "http://ns.adobe.com/photoshop/1.0/";
    private const string XmpNs = "http://ns.adobe.com/xap/1.0/";

    // Best first: the capture time proper, then the IPTC/MWG "date created", then the digital file's creation.
    private static readonly (string Namespace, string Property, string Source)[] DateProperties =
    [
        (ExifNs, "DateTimeOriginal", CaptureSources.XmpDateTimeOriginal),
        (PhotoshopNs, "DateCreated", CaptureSources.XmpDateCreated),
        (XmpNs, "CreateDate", CaptureSources.XmpCreateDate),
    ];

    /// <param name="meta">The parsed XMP.</param>
    /// <param name="rank">Embedded or sidecar.</param>
    /// <param name="sourcePrefix">Prefix for the recorded source, e.g. <c>sidecar:</c>.</param>
    public static IEnumerable<DateCandidate> Dates(IXmpMeta meta, CaptureSource rank, string sourcePrefix = "")
    {
        foreach (var (ns, property, source) in DateProperties)
        {
            if (MetadataDateText.Parse(Property(meta, ns, property)) is { } parsed)
            {
                yield return parsed.ToCandidate(rank, sourcePrefix + source);
            }
        }
    }

    /// <summary>exif:GPSLatitude/GPSLongitude, written as <c>34,47.847000N</c> or <c>34,47,50.82N</c>.</summary>
    public static GeoLocation? Location(IXmpMeta meta) =>
        GeoLocations.Plausible(Coordinate(Property(meta, ExifNs, "GPSLatitude")), Coordinate(Property(meta, ExifNs, "GPSLongitude")));

    private static string? Property(IXmpMeta meta, string ns, string property)
    {
        try
        {
            return meta.GetPropertyString(ns, property);
        }
        catch (XmpException)
        {
            return null; // a malformed property is the same as a missing one
        }
    }

    private static double? Coordinate(string? text)
    {
        var match = text is null ? Match.Empty : XmpCoordinate().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var degrees = double.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        var minutes = double.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var seconds = match.Groups["s"].Success ? double.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        var value = degrees + minutes / 60 + seconds / 3600;
        return match.Groups["ref"].Value.ToUpperInvariant() is "S" or "W" ? -value : value;
    }

    [GeneratedRegex(@"^(?<d>\d+),(?<m>\d+(?:\.\d+)?)(?:,(?<s>\d+(?:\.\d+)?))?(?<ref>[NSEWnsew])$", RegexOptions.CultureInvariant)]
    private static partial Regex XmpCoordinate();
}
