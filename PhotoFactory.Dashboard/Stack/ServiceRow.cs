using System.Text.Json;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Dashboard.Live;

namespace PhotoFactory.Dashboard.Stack;

/// <summary>One <c>system_status</c> row: a service's own heartbeat, or one of the Monitor's checks of it.</summary>
public sealed record ServiceCheck(
    string Name,
    ServiceState Status,
    string? Message,
    string? CurrentTask,
    int? QueueLength,
    double? LatencyMilliseconds,
    DateTime LastReport,
    TimeSpan Age,
    TimeSpan Interval,
    DateTime? StatusSince,
    string? Details)
{
    /// <summary>The worse of what was reported and how late the report is against its interval.</summary>
    public Signal Signal => Signals.Worst(Signals.Of(Status), Signals.OfHeartbeat(Age, Interval));

    public string StatusText => Status.ToString().ToUpperInvariant();

    /// <summary>Why the row is not green, in words; null when it is.</summary>
    public string? Reason =>
        Signals.OfHeartbeat(Age, Interval) != Signal.Green
            ? $"no report for {Formats.Age(Age)} (expected every {Formats.Interval(Interval)})"
              + (Status == ServiceState.Ok ? "" : $"; last said {StatusText}: {Message}")
            : Status != ServiceState.Ok ? Message ?? StatusText : null;

    /// <summary>The top-level values of <see cref="Details"/> as text (e.g. a container's state and restarts); empty if none or not JSON.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> DetailValues
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Details))
            {
                return [];
            }

            try
            {
                using var document = JsonDocument.Parse(Details);
                return document.RootElement.ValueKind != JsonValueKind.Object
                    ? []
                    : [.. document.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText()))];
            }
            catch (JsonException)
            {
                return [];
            }
        }
    }

    /// <summary>A container's state as the Monitor recorded it, e.g. "running (healthy)" or "exited".</summary>
    public string? ContainerState
    {
        get
        {
            var values = DetailValues.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
            if (!values.TryGetValue("state", out var state))
            {
                return Message;
            }

            return values.TryGetValue("health", out var health) && health is { Length: > 0 } && health != "null" ? $"{state} ({health})" : state;
        }
    }
}

/// <summary>
/// One service of the stack as the Services page shows it: its own heartbeat (if it writes one), its container as
/// the Monitor sees it, and the Monitor's other checks of it (<c>/health</c>, <c>/heartbeat</c>), combined.
/// </summary>
public sealed record ServiceRow(string Name, ServiceCheck? Own, ServiceCheck? Container, IReadOnlyList<ServiceCheck> Checks)
{
    private IEnumerable<ServiceCheck> All => new[] { Own, Container }.OfType<ServiceCheck>().Concat(Checks);

    /// <summary>The worst colour of all its rows; grey if nothing reported on it. Unknown (grey) never hides a green or red.</summary>
    public Signal Signal => All.Select(c => c.Signal).DefaultIfEmpty(Signal.Grey).Max();

    public ServiceState? Reported => Own?.Status ?? All.OrderByDescending(c => c.Signal).Select(c => (ServiceState?)c.Status).FirstOrDefault();

    public string StatusText => Reported?.ToString().ToUpperInvariant() ?? "NO REPORT";

    /// <summary>Why it is not green: the reason of its worst row, named when it is not the service's own.</summary>
    public string? Reason => All.Any()
        ? All.Where(c => c.Signal == Signal && c.Reason is not null)
            .Select(c => c == Own ? c.Reason : $"{Label(c)}: {c.Reason}")
            .FirstOrDefault()
        : "has not reported yet";

    public string? CurrentTask => Own?.CurrentTask;

    public TimeSpan? Age => (Own ?? Container ?? Checks.FirstOrDefault())?.Age;

    public TimeSpan Interval => (Own ?? Container ?? Checks.FirstOrDefault())?.Interval ?? TimeSpan.Zero;

    /// <summary>Since when the service's status has been what it is, when its row says.</summary>
    public DateTime? StatusSince => (Own ?? Container)?.StatusSince;

    private string Label(ServiceCheck check) =>
        check == Container ? "container" : check.Name.StartsWith(Name + "/", StringComparison.OrdinalIgnoreCase) ? check.Name[(Name.Length + 1)..] : check.Name;
}

/// <summary>
/// A service's checks over the last day, hour by hour, and the last week, day by day (oldest first); the shares are
/// null where there were no checks.
/// </summary>
public sealed record Uptime(IReadOnlyList<PeriodChecks> Hours, IReadOnlyList<PeriodChecks> Days)
{
    public double? Day => PeriodChecks.Sum(Hours).Share;

    public double? Week => PeriodChecks.Sum(Days).Share;
}

/// <summary>How many checks of one period said OK, of how many.</summary>
public sealed record PeriodChecks(int Ok, int Total)
{
    public static PeriodChecks None { get; } = new(0, 0);

    public double? Share => Total == 0 ? null : (double)Ok / Total;

    public static PeriodChecks Sum(IEnumerable<PeriodChecks> periods) =>
        periods.Aggregate(None, (sum, period) => new PeriodChecks(sum.Ok + period.Ok, sum.Total + period.Total));
}
