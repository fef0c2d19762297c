using PhotoFactory.Catalog.Assets;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// Reads a unit: its content (is it a photo or video at all), then its capture time and place from the ranked
/// rules: its metadata, its sidecars, its name, its live-photo partner, its file time.
/// </summary>
internal sealed class UnitReader(IMediaMetadataReader metadataReader, CaptureTimeResolver resolver, ReadingJournal journal)
{
    public async Task<UnitReading> ReadAsync(FilingUnit unit, CaptureTime? partner, CancellationToken cancellationToken)
    {
        var source = unit.Primary;
        var info = new FileInfo(source.FullPath);
        if (!info.Exists)
        {
            return UnitReading.Missing;
        }

        if (info.Length == 0)
        {
            return UnitReading.Unusable("empty file (0 bytes)");
        }

        // A file whose reading ended the process twice is not read a third time (see ReadingJournal).
        var strikes = journal.StrikesAgainst(source.FullPath, info.Length, info.LastWriteTimeUtc);
        if (strikes >= ReadingJournal.StrikesBeforeQuarantine)
        {
            return UnitReading.Unusable($"reading its metadata ended the Librarian {strikes} times; it is not read again");
        }

        MediaMetadata metadata;
        try
        {
            using (journal.Begin(source.FullPath, info.Length, info.LastWriteTimeUtc))
            {
                metadata = await metadataReader.ReadAsync(source.FullPath, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return UnitReading.Unusable($"cannot be read: {ex.Message}");
        }

        if (!metadata.IsRecognisedMedia)
        {
            return UnitReading.Unusable(metadata.ReadProblem is { } problem
                ? $"content is not an image or video ({problem})"
                : "content is not an image or video");
        }

        var set = SidecarFinder.Find(source.Name, unit.Sidecars.Select(s => s.Name));
        var sidecars = set.IsEmpty ? SidecarFacts.None : await SidecarReader.ReadAsync(source.Directory, set, cancellationToken);
        var modified = new DateTimeOffset(DateTime.SpecifyKind(source.LastWriteUtc == default ? File.GetLastWriteTimeUtc(source.FullPath) : source.LastWriteUtc, DateTimeKind.Utc));
        var decision = resolver.Resolve(new CaptureEvidence(source.Name, metadata, modified) { Sidecars = sidecars, Partner = partner });
        var captured = decision.Captured
            ?? new CaptureTime(modified.UtcDateTime, TimeSpan.Zero, CaptureSources.FileTime, CaptureConfidence.FileTime);
        return new UnitReading(metadata, captured, decision.Location, Problem: null);
    }
}

/// <summary>
/// What reading a unit found: its metadata, capture time and place; or why it cannot be filed (<see cref="Problem"/>,
/// it is quarantined); or that it left the inbox (<see cref="Gone"/>).
/// </summary>
internal sealed record UnitReading(MediaMetadata? Metadata, CaptureTime? Captured, GeoLocation? Location, string? Problem)
{
    public static UnitReading Missing { get; } = new(null, null, null, null) { Gone = true };

    public bool Gone { get; private init; }

    public static UnitReading Unusable(string problem) => new(null, null, null, problem);
}
