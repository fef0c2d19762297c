using PhotoFactory.Catalog.Health;
using PhotoFactory.Dashboard.Live;

namespace PhotoFactory.Dashboard.Services;

/// <summary>One service of the stack as the Services page shows it: what it reported and how long ago.</summary>
public sealed record ServiceRow(
    string Name,
    ServiceState? Reported,
    string? Message,
    string? CurrentTask,
    int? QueueLength,
    double? LatencyMilliseconds,
    DateTime? LastHeartbeat,
    TimeSpan? Age,
    TimeSpan Interval)
{
    /// <summary>The worse of what the service says and how late its word is; grey if it never reported.</summary>
    public Signal Signal => Reported is { } state && Age is { } age
        ? Signals.Worst(Signals.Of(state), Signals.OfHeartbeat(age, Interval))
        : Signal.Grey;

    /// <summary>Why the service is not green, in words; null when it is.</summary>
    public string? Reason => (Reported, Age) switch
    {
        (null, _) or (_, null) => "has not reported yet",
        ({ } state, { } age) when Signals.OfHeartbeat(age, Interval) != Signal.Green =>
            $"no report for {Formats.Age(age)} (expected every {Formats.Interval(Interval)})"
            + (state == ServiceState.Ok ? "" : $"; last said {state.ToString().ToUpperInvariant()}: {Message}"),
        ({ } state, _) when state != ServiceState.Ok => Message ?? state.ToString().ToUpperInvariant(),
        _ => null,
    };
}

/// <summary>The share of a service's checks that said OK in a period; null where there were none.</summary>
public sealed record Uptime(double? Day, double? Week, IReadOnlyList<double?> Hours);
