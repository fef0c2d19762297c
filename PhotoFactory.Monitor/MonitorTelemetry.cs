using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor.Probes;

namespace PhotoFactory.Monitor;

/// <summary>
/// The Monitor's meter (exported by ServiceDefaults): <c>photofactory.monitor.check.duration</c>, a histogram of
/// each check's round trip in seconds, and <c>photofactory.monitor.status</c>, a gauge per row of its latest
/// status (0 UNKNOWN, 1 OK, 2 WARNING, 3 ERROR); both tagged <c>service</c> and <c>kind</c>.
/// </summary>
public sealed class MonitorTelemetry
{
    public const string Name = "PhotoFactory.Monitor";

    private readonly Histogram<double> _duration;
    private readonly ConcurrentDictionary<string, (string Kind, ServiceState Status)> _statuses = new(StringComparer.Ordinal);

    public MonitorTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _duration = meter.CreateHistogram<double>("photofactory.monitor.check.duration", "s", "Round trip of one check");
        meter.CreateObservableGauge("photofactory.monitor.status", ObserveStatuses, description: "Latest status per check: 0 UNKNOWN, 1 OK, 2 WARNING, 3 ERROR");
    }

    public void Record(CheckResult result)
    {
        _statuses[result.Name] = (result.Kind, result.Status);
        if (result.Latency is { } latency)
        {
            _duration.Record(latency.TotalSeconds, Tags(result.Name, result.Kind));
        }
    }

    private IEnumerable<Measurement<int>> ObserveStatuses() =>
        _statuses.Select(entry => new Measurement<int>((int)entry.Value.Status, Tags(entry.Key, entry.Value.Kind)));

    private static KeyValuePair<string, object?>[] Tags(string service, string kind) =>
        [new("service", service), new("kind", kind)];
}
