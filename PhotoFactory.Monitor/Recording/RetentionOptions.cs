namespace PhotoFactory.Monitor.Recording;

/// <summary><c>Monitor:Retention</c>: how long status history is kept.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Monitor:Retention";

    /// <summary>History older than this is deleted.</summary>
    public TimeSpan Keep { get; set; } = TimeSpan.FromDays(60);

    /// <summary>Time between two clean-ups; the first runs once the catalogue is ready.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Rows per DELETE: each is its own short transaction, so writers are never locked out for long.</summary>
    public int BatchSize { get; set; } = 5_000;
}
