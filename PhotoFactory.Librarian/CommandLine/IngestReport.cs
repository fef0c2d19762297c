using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json;
using PhotoFactory.Librarian.Decisions;

namespace PhotoFactory.Librarian.CommandLine;

/// <summary>The <c>--json</c> report: an array with one entry per file met, in the order they were decided.</summary>
internal static class IngestReport
{
    /// <summary>File names keep their accents and symbols readable; the output is JSON, never HTML.</summary>
    public static readonly System.Text.Encodings.Web.JavaScriptEncoder Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = Encoder,
    };

    /// <summary>Writes one entry of the report array.</summary>
    public static void Write(Utf8JsonWriter writer, FilingResult result) =>
        JsonSerializer.Serialize(writer, ToEntry(result), Options);

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
