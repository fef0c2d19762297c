using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Monitor.Probes;

/// <summary>One check the Monitor runs on its own schedule, in parallel with every other.</summary>
public interface IProbe
{
    /// <summary>The rows this probe reports when it cannot answer at all (timed out or crashed).</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The <c>current_task</c> of those rows.</summary>
    string Kind { get; }

    /// <summary>How often the probe runs and how long one run may take.</summary>
    ProbeOptions Timing { get; }

    /// <summary>The status reported for <see cref="Names"/> when the probe gets no answer in time.</summary>
    ServiceState WhenUnanswered => ServiceState.Error;

    /// <summary>Runs the check once. Expected failures are results, not exceptions.</summary>
    Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken);
}
