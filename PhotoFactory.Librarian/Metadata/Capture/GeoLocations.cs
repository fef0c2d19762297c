using System.Globalization;
using System.Text.RegularExpressions;
using PhotoFactory.Catalog.Assets;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>Builds <see cref="GeoLocation"/> values, refusing (0, 0) "null island" and out-of-range coordinates.</summary>
internal static partial class GeoLocations
{
    public static GeoLocation? Plausible(double? latitude, double? longitude, double? altitude = null)
    {
        if (latitude is not { } lat || longitude is not { } lon)
        {
            return null;
        }

        var location = new GeoLocation
        {
            Latitude = lat,
            Longitude = lon,
            Altitude = altitude is { } alt && double.IsFinite(alt) ? alt : null,
        };
        return location.IsPlausible ? location : null;
    }

    /// <summary>Parses an ISO 6709 string as QuickTime stores it, e.g. <c>+51.4169-000.0806/</c> or <c>+48.8577+002.2950+035.000/</c>.</summary>
    public static GeoLocation? FromIso6709(string? text)
    {
        var match = text is null ? Match.Empty : Iso6709().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        return Plausible(
            double.Parse(match.Groups["lat"].Value, CultureInfo.InvariantCulture),
            double.Parse(match.Groups["lon"].Value, CultureInfo.InvariantCulture),
            match.Groups["alt"].Success ? double.Parse(match.Groups["alt"].Value, CultureInfo.InvariantCulture) : null);
    }

    [GeneratedRegex(@"^(?<lat>[+\-]\d+(?:\.\d+)?)(?<lon>[+\-]\d+(?:\.\d+)?)(?<alt>[+\-]\d+(?:\.\d+)?)?(?:CRS[^/]*)?/?$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso6709();
}
