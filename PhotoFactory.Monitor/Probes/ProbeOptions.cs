namespace PhotoFactory.Monitor.Probes;

/// <summary>A probe's schedule: every probe kind has its own section (e.g. <c>Monitor:Cache</c>) with these two.</summary>
public abstract class ProbeOptions
{
    /// <summary>Time between the starts of two checks.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one check may take before its target counts as not answering.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
