namespace PhotoFactory.Monitor.Probes;

/// <summary><c>Monitor:Host</c>: the machine's CPU and memory, and the volumes holding the photo folders.</summary>
public sealed class HostProbeOptions : ProbeOptions
{
    public const string SectionName = HostContract.MonitorHost;

    /// <summary>Name to folder, e.g. <c>inbox</c> and <c>originals</c>; the free space of the volume holding each is watched.</summary>
    public Dictionary<string, string> Volumes { get; set; } = [];

    /// <summary>Less free space than this share of a volume is a WARNING.</summary>
    public double MinimumFreeSpacePercent { get; set; } = 10;

    /// <summary>Less free space than this share of a volume is an ERROR: filing is about to fail.</summary>
    public double CriticalFreeSpacePercent { get; set; } = 2;

    /// <summary>More memory in use than this share is a WARNING.</summary>
    public double MemoryWarningPercent { get; set; } = 90;
}
