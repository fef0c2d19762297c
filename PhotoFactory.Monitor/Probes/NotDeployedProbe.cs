using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// Stands in for a probe whose target the AppHost did not declare (no containers here): reports it UNKNOWN,
/// "not deployed", rather than failing, at a slow pace so the history is not filled with it.
/// </summary>
internal sealed class NotDeployedProbe(string name, string kind) : IProbe
{
    private static readonly NotDeployedTiming Slow = new();

    public IReadOnlyList<string> Names { get; } = [name];

    public string Kind => kind;

    public ProbeOptions Timing => Slow;

    public ServiceState WhenUnanswered => ServiceState.Unknown;

    public Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CheckResult>>([CheckResult.NotDeployed(name, kind)]);

    private sealed class NotDeployedTiming : ProbeOptions
    {
        public NotDeployedTiming()
        {
            Interval = TimeSpan.FromHours(1);
        }
    }
}
