namespace PhotoFactory.Librarian.Metadata;

/// <summary>A date string taken apart: the clock as written, its offset if it had one, and whether it said UTC (<c>Z</c>).</summary>
internal readonly record struct ParsedDate(DateTime Clock, TimeSpan? Offset, bool IsUtc)
{
    public DateCandidate ToCandidate(CaptureSource rank, string source) =>
        IsUtc ? DateCandidate.Utc(rank, source, Clock) : DateCandidate.Local(rank, source, Clock, Offset);
}
