namespace PhotoFactory.Librarian.Metadata;

/// <summary>One date found in a file or its sidecars, before ranking.</summary>
/// <param name="Rank">Which kind of source it is; decides its priority.</param>
/// <param name="Source">The exact source, recorded with the capture time (see <see cref="CaptureSources"/>).</param>
/// <param name="Clock">The time as written: a local wall clock, or UTC when <paramref name="IsUtc"/>.</param>
/// <param name="Offset">The offset of a local <paramref name="Clock"/> from UTC, when the source says it.</param>
/// <param name="IsUtc">The source holds UTC (QuickTime mvhd, Takeout, a trailing <c>Z</c>): the local date needs an offset from elsewhere.</param>
public sealed record DateCandidate(CaptureSource Rank, string Source, DateTime Clock, TimeSpan? Offset, bool IsUtc)
{
    public DateTime Clock { get; init; } = DateTime.SpecifyKind(Clock, DateTimeKind.Unspecified);

    /// <summary>A wall clock at the place of capture, with its offset when known.</summary>
    public static DateCandidate Local(CaptureSource rank, string source, DateTime clock, TimeSpan? offset) =>
        new(rank, source, clock, offset, IsUtc: false);

    /// <summary>A UTC time whose local offset is not known from the same source.</summary>
    public static DateCandidate Utc(CaptureSource rank, string source, DateTime utc) =>
        new(rank, source, utc, Offset: null, IsUtc: true);

    /// <summary>The same reading under another rank and source (used for sidecars).</summary>
    public DateCandidate As(CaptureSource rank, string source) => this with { Rank = rank, Source = source };
}
