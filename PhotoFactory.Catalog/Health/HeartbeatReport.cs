namespace PhotoFactory.Catalog.Health;

/// <summary>What a service says about itself in one heartbeat; written to <c>system_status</c> and its history.</summary>
/// <param name="Status">OK, WARNING or ERROR as the dashboard shows it.</param>
public sealed record HeartbeatReport(ServiceState Status)
{
    /// <summary>What the service is doing, e.g. "watching the inbox" or "filing IMG_0001.JPG".</summary>
    public string? CurrentTask { get; init; }

    /// <summary>Why the status is what it is, when it is not plain OK.</summary>
    public string? Message { get; init; }

    /// <summary>The service's own latency figure, e.g. the last probe's round trip.</summary>
    public TimeSpan? Latency { get; init; }

    /// <summary>Work waiting, e.g. files in the inbox not yet filed.</summary>
    public int? QueueLength { get; init; }

    /// <summary>A JSON object with anything else worth keeping, written to the <c>details</c> columns.</summary>
    public string? Details { get; init; }

    /// <summary>The current task of a service's last heartbeat, written as it shuts down.</summary>
    public const string StoppingTask = "stopping";

    /// <summary>The report of a service that is up and has nothing more specific to say.</summary>
    public static HeartbeatReport Running { get; } = new(ServiceState.Ok) { CurrentTask = "running" };
}
