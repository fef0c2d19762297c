using PhotoFactory.Catalog.Assets;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>When and where a file was captured, as far as its evidence tells.</summary>
/// <param name="Captured">Null only when not even a plausible modification time was given.</param>
/// <param name="Location">The file's own location, else its XMP sidecar's, else its Google Takeout sidecar's.</param>
public sealed record CaptureDecision(CaptureTime? Captured, GeoLocation? Location);
