using PhotoFactory.Catalog.Assets;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>What a media file's sidecars say: XMP and Google Takeout dates, and a location.</summary>
/// <param name="Dates">Dates from XMP sidecars (ranked <see cref="CaptureSource.SidecarXmp"/>) and Takeout's photoTakenTime.</param>
/// <param name="Location">The XMP sidecar's GPS, else Takeout's geoData (then geoDataExif); never (0, 0).</param>
/// <param name="Problems">Sidecars that could not be read, and why.</param>
public sealed record SidecarFacts(IReadOnlyList<DateCandidate> Dates, GeoLocation? Location, IReadOnlyList<string> Problems)
{
    public static SidecarFacts None { get; } = new([], null, []);
}
