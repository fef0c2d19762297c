using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PhotoFactory.Librarian.Filing;

namespace PhotoFactory.Librarian.CommandLine;

/// <summary>The <c>--json</c> report: one entry per file met, as scripts read it.</summary>
internal static class IngestReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToJson(IEnumerable<FilingResult> results) =>
        JsonSerializer.Serialize(results.Select(ToEntry).ToList(), Options);

    private static Entry ToEntry(FilingResult result) => new(
        result.Source,
        result.Outcome.ToString().ToLowerInvariant(),
        result.Destination,
        result.Sha256,
        FormatCapture(result),
        result.Captured?.Source,
        result.Latitude,
        result.Longitude,
        result.Reason,
        result.QuarantinePath,
        result.Sidecars);

    /// <summary>ISO 8601 local time at the place of capture, with its offset when known.</summary>
    public static string? FormatCapture(FilingResult result) => result.Captured is not { } captured
        ? null
        : captured.Offset is { } offset
            ? new DateTimeOffset(DateTime.SpecifyKind(captured.Local, DateTimeKind.Unspecified), offset).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)
            : captured.Local.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private sealed record Entry(
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("outcome")] string Outcome,
        [property: JsonPropertyName("destination")] string? Destination,
        [property: JsonPropertyName("sha256")] string? Sha256,
        [property: JsonPropertyName("capturedAt")] string? CapturedAt,
        [property: JsonPropertyName("dateSource")] string? DateSource,
        [property: JsonPropertyName("latitude")] double? Latitude,
        [property: JsonPropertyName("longitude")] double? Longitude,
        [property: JsonPropertyName("reason")] string? Reason,
        [property: JsonPropertyName("quarantinedTo")] string? QuarantinedTo,
        [property: JsonPropertyName("sidecars")] IReadOnlyList<string> Sidecars);
}
