using PhotoFactory.Catalog.Assets;
using PhotoFactory.Librarian.Decisions;
using PhotoFactory.Librarian.Placing;
using PhotoFactory.Librarian.Planning;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// Reads a unit: its content (is it a photo or video at all), then its capture time and place from the ranked
/// rules: its metadata, its sidecars, its name, its live-photo partner, its file time.
/// </summary>
internal sealed class UnitReader(IMediaMetadataReader metadataReader, CaptureTimeResolver resolver, ReadingJournal journal, StorageLayout layout)
{
    /// <summary>Called just before the photo is opened for reading, with its inbox path: lets a test change the inbox at that instant.</summary>
    internal Action<string>? BeforeReading { get; set; }

    public async Task<UnitReading> ReadAsync(FilingUnit unit, CaptureTime? partner, CancellationToken cancellationToken)
    {
        var source = unit.Primary;
        BeforeReading?.Invoke(source.RelativePath);
        FileStream? file;
        try
        {
            // Opened through real folders: a photo or folder that became a link lends nothing, not even its dates.
            file = InboxEntries.OpenRead(layout.Inbox, source.RelativePath, MediaMetadataReader.BufferSize);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return UnitReading.Missing;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return UnitReading.Unusable($"cannot be read: {ex.Message}");
        }

        if (file is null)
        {
            return UnitReading.BecameLink;
        }

        MediaMetadata metadata;
        DateTime modifiedUtc;
        await using (file)
        {
            var length = file.Length;
            modifiedUtc = File.GetLastWriteTimeUtc(file.SafeFileHandle);
            if (length == 0)
            {
                return UnitReading.Unusable("empty file (0 bytes)");
            }

            // A file whose reading ended the process twice is not read a third time (see ReadingJournal).
            var path = layout.InInbox(source.RelativePath);
            var strikes = journal.StrikesAgainst(path, length, modifiedUtc);
            if (strikes >= ReadingJournal.StrikesBeforeQuarantine)
            {
                return UnitReading.Unusable($"reading its metadata ended the Librarian {strikes} times; it is not read again");
            }

            try
            {
                using (journal.Begin(path, length, modifiedUtc))
                {
                    metadata = await metadataReader.ReadAsync(file, path, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return UnitReading.Unusable($"cannot be read: {ex.Message}");
            }
        }

        if (!metadata.IsRecognisedMedia)
        {
            return UnitReading.Unusable(metadata.ReadProblem is { } problem
                ? $"content is not an image or video ({problem})"
                : "content is not an image or video");
        }

        var set = SidecarFinder.Find(source.Name, unit.Sidecars.Select(s => s.Name));
        var folder = Path.GetDirectoryName(source.RelativePath.Replace('/', Path.DirectorySeparatorChar))?.Replace(Path.DirectorySeparatorChar, '/') ?? "";
        var sidecars = set.IsEmpty ? SidecarFacts.None : await SidecarReader.ReadAsync(layout.Inbox, folder, set, cancellationToken);
        var modified = new DateTimeOffset(DateTime.SpecifyKind(source.LastWriteUtc == default ? modifiedUtc : source.LastWriteUtc, DateTimeKind.Utc));
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

    /// <summary>It, or a folder on its path, is a link now: not read, and met again (see <see cref="InboxChangedException"/>).</summary>
    public static UnitReading BecameLink { get; } = new(null, null, null, null) { IsLink = true };

    public bool Gone { get; private init; }

    public bool IsLink { get; private init; }

    public static UnitReading Unusable(string problem) => new(null, null, null, problem);
}
