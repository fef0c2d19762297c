using PhotoFactory.Catalog.Assets;
using PhotoFactory.Librarian.Metadata;

namespace PhotoFactory.Librarian.Filing;

/// <summary>Applies the ranked capture-time rules to a unit: its metadata, its sidecars, its name, its live-photo partner, its file time.</summary>
internal sealed class CaptureResolution(CaptureTimeResolver resolver)
{
    public async Task<(CaptureTime Captured, GeoLocation? Location)> ResolveAsync(FilingUnit unit, MediaMetadata metadata, CaptureTime? partner, CancellationToken cancellationToken)
    {
        var source = unit.Primary;
        var set = SidecarFinder.Find(source.Name, unit.Sidecars.Select(s => s.Name));
        var sidecars = set.IsEmpty ? SidecarFacts.None : await SidecarReader.ReadAsync(source.Directory, set, cancellationToken);
        var modified = new DateTimeOffset(DateTime.SpecifyKind(source.LastWriteUtc == default ? File.GetLastWriteTimeUtc(source.FullPath) : source.LastWriteUtc, DateTimeKind.Utc));
        var decision = resolver.Resolve(new CaptureEvidence(source.Name, metadata, modified) { Sidecars = sidecars, Partner = partner });
        var captured = decision.Captured
            ?? new CaptureTime(modified.UtcDateTime, TimeSpan.Zero, CaptureSources.FileTime, CaptureConfidence.FileTime);
        return (captured, decision.Location);
    }
}
