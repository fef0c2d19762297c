using System.Globalization;
using System.Text.Json;
using PhotoFactory.Catalog.Assets;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>Reads a Google Takeout metadata file: <c>photoTakenTime.timestamp</c> (Unix seconds, UTC) and <c>geoData</c>.</summary>
public static class TakeoutSidecar
{
    /// <summary>The capture time and location; both null when the JSON is not Takeout's (e.g. an exiftool dump).</summary>
    public static (DateTime? TakenUtc, GeoLocation? Location) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        DateTime? taken = null;
        if (root.TryGetProperty("photoTakenTime", out var photoTaken) && photoTaken.ValueKind == JsonValueKind.Object
            && photoTaken.TryGetProperty("timestamp", out var timestamp) && Seconds(timestamp) is { } seconds and > 0
            && seconds < DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            taken = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
        }

        return (taken, Geo(root, "geoData") ?? Geo(root, "geoDataExif"));
    }

    /// <summary>Parses the JSON text; malformed JSON throws <see cref="JsonException"/>.</summary>
    public static (DateTime? TakenUtc, GeoLocation? Location) Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement);
    }

    private static long? Seconds(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var number) => number,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    private static GeoLocation? Geo(JsonElement root, string name) =>
        root.TryGetProperty(name, out var geo) && geo.ValueKind == JsonValueKind.Object
            ? GeoLocations.Plausible(Number(geo, "latitude"), Number(geo, "longitude"), Number(geo, "altitude"))
            : null;

    private static double? Number(JsonElement geo, string name) =>
        geo.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? number : null;
}
