namespace PhotoFactory.Monitor.Recording;

/// <summary><c>Monitor:Recording</c>: how check results reach the catalogue, and how many wait through an outage.</summary>
public sealed class RecordingOptions
{
    public const string SectionName = "Monitor:Recording";

    /// <summary>Time between attempts while the catalogue does not answer.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Results written per transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Results kept in memory through an outage; beyond it the oldest history goes, never the latest status.</summary>
    public int MaxPending { get; set; } = 50_000;
}
