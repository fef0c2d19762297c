namespace PhotoFactory.Monitor.Probes;

/// <summary><c>Monitor:Originals</c>: how often the scrub's findings are read, and how old a last complete pass may be.</summary>
public sealed class OriginalsProbeOptions : ProbeOptions
{
    public const string SectionName = "Monitor:Originals";

    /// <summary>
    /// No complete pass for longer than this is a WARNING: the Librarian's schedule is a pass every 30 days, so by
    /// default a pass 15 days late (the Librarian stopped, or scrubbing turned off) is worth a look.
    /// </summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromDays(45);

    public OriginalsProbeOptions() => Interval = TimeSpan.FromMinutes(1);
}
