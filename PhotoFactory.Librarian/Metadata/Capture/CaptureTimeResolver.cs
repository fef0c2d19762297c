namespace PhotoFactory.Librarian.Metadata;

/// <summary>
/// Decides a file's capture time from ranked sources (issue 3): EXIF DateTimeOriginal, EXIF CreateDate, Apple
/// creationdate, a container's own date, XMP (embedded, then sidecar), Google Takeout, QuickTime CreateDate (UTC),
/// the file name, and last the modification time. The first plausible value wins; zeroed dates, dates before 1826
/// and dates more than a day in the future are skipped. UTC-only values are localised with an offset the file (or
/// its sidecars) states, else the live-photo partner's, else the configured home time zone's (<paramref name="homeZone"/>,
/// recorded in the source), else their UTC date is used. Pure apart from the clock.
/// </summary>
public sealed class CaptureTimeResolver(TimeProvider time, TimeZoneInfo? homeZone = null)
{
    /// <summary>Photography's first surviving photograph: anything earlier is a broken clock.</summary>
    public static readonly DateTime EarliestPlausible = new(1826, 1, 1);

    /// <summary>How far in the future a clock may be (time zones, slightly fast clocks).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    public CaptureDecision Resolve(CaptureEvidence evidence)
    {
        var metadata = evidence.Metadata;
        var candidates = metadata.Dates.Concat(evidence.Sidecars.Dates);
        if (FileNameDates.Parse(evidence.FileName) is { } fromName)
        {
            candidates = candidates.Append(fromName);
        }

        var captured = Decide(candidates, metadata.StatedOffset, evidence.Partner) ?? FromFileTime(evidence.ModifiedAt);
        return new CaptureDecision(captured, metadata.Location ?? evidence.Sidecars.Location);
    }

    /// <summary>The best capture time from the file's own dates alone (what <see cref="MediaMetadata.Captured"/> holds).</summary>
    public CaptureTime? ResolveEmbedded(MediaMetadata metadata, CaptureTime? partner = null) =>
        Decide(metadata.Dates, metadata.StatedOffset, partner);

    /// <summary>False for dates before 1826 or more than a day ahead of now.</summary>
    public bool IsPlausible(DateCandidate candidate)
    {
        if (candidate.Clock < EarliestPlausible)
        {
            return false;
        }

        var utc = candidate.IsUtc || candidate.Offset is not { } offset ? candidate.Clock : candidate.Clock - offset;
        return utc <= time.GetUtcNow().UtcDateTime + FutureTolerance;
    }

    private CaptureTime? Decide(IEnumerable<DateCandidate> dates, TimeSpan? statedOffset, CaptureTime? partner)
    {
        var plausible = dates.Where(IsPlausible).OrderBy(candidate => candidate.Rank).ToList();
        if (plausible.Count == 0)
        {
            return null;
        }

        var best = plausible[0];
        if (!best.IsUtc)
        {
            var confidence = best.Rank == CaptureSource.FileName ? CaptureConfidence.FileName
                : best.Offset is null ? CaptureConfidence.LocalWithoutOffset
                : CaptureConfidence.LocalWithOffset;
            return new CaptureTime(best.Clock, best.Offset, best.Source, confidence);
        }

        // A UTC time: the local date needs an offset, from the file (its other dates, its offset tags), else from
        // its live-photo partner when that one's offset is really known (not a UTC-only guess).
        var offset = plausible.FirstOrDefault(candidate => !candidate.IsUtc && candidate.Offset is not null)?.Offset
            ?? statedOffset
            ?? (partner is { Confidence: CaptureConfidence.LocalWithOffset } ? partner.Offset : null);
        if (offset is { } known)
        {
            return new CaptureTime(best.Clock + known, known, best.Source, CaptureConfidence.LocalWithOffset);
        }

        if (homeZone is { } zone)
        {
            var local = TimeZoneInfo.ConvertTime(new DateTimeOffset(best.Clock, TimeSpan.Zero), zone);
            return new CaptureTime(local.DateTime, local.Offset, CaptureSources.InZone(best.Source, zone), CaptureConfidence.HomeTimeZone);
        }

        return new CaptureTime(best.Clock, TimeSpan.Zero, best.Source, CaptureConfidence.UtcOnly);
    }

    private CaptureTime? FromFileTime(DateTimeOffset? modifiedAt)
    {
        if (modifiedAt is not { } modified)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(modified, time.LocalTimeZone);
        var candidate = DateCandidate.Local(CaptureSource.FileTime, CaptureSources.FileTime, local.DateTime, local.Offset);
        return IsPlausible(candidate) ? new CaptureTime(local.DateTime, local.Offset, CaptureSources.FileTime, CaptureConfidence.FileTime) : null;
    }
}
