using System.Text.Json.Nodes;
using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Monitor.Probes;

/// <summary>What one check found about one row (see <see cref="CheckNames"/>).</summary>
/// <param name="Name">The row's <c>service_name</c>.</param>
/// <param name="Kind">The kind of check, written to <c>current_task</c>.</param>
/// <param name="Status">OK, WARNING, ERROR or UNKNOWN.</param>
/// <param name="Message">Why, in words a user understands.</param>
public sealed record CheckResult(string Name, string Kind, ServiceState Status, string Message)
{
    /// <summary>The check's round trip, when it made one.</summary>
    public TimeSpan? Latency { get; init; }

    /// <summary>The figures behind the status, written as JSON to <c>details</c>.</summary>
    public JsonObject? Details { get; init; }

    /// <summary>When the check finished (UTC); set by the runner.</summary>
    public DateTime CheckedAt { get; init; }

    /// <summary>A target the AppHost did not declare: UNKNOWN, not failing.</summary>
    public static CheckResult NotDeployed(string name, string kind) =>
        new(name, kind, ServiceState.Unknown, "not deployed: no address configured for it");
}
