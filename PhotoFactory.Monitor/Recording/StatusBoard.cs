using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor.Alerts;
using PhotoFactory.Monitor.Probes;

namespace PhotoFactory.Monitor.Recording;

/// <summary>
/// The latest result of every check, in memory, and the results not yet written to the catalogue. Publishing a
/// result that changes a row's status logs it, and may call the webhook; unchanged results only queue.
/// </summary>
public sealed class StatusBoard(
    MonitorTelemetry telemetry, WebhookNotifier webhook, IOptions<RecordingOptions> options, ILogger<StatusBoard> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CheckResult> _latest = new(StringComparer.Ordinal);
    private readonly LinkedList<(long Sequence, CheckResult Result)> _pending = new();
    private readonly SemaphoreSlim _published = new(0);
    private long _sequence;

    /// <summary>The latest result of every row, by name.</summary>
    public IReadOnlyDictionary<string, CheckResult> Latest
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, CheckResult>(_latest, StringComparer.Ordinal);
            }
        }
    }

    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public void Publish(IEnumerable<CheckResult> results)
    {
        var changes = new List<(CheckResult? Previous, CheckResult Current)>();
        var dropped = 0;
        lock (_lock)
        {
            foreach (var result in results)
            {
                var previous = _latest.GetValueOrDefault(result.Name);
                _latest[result.Name] = result;
                _pending.AddLast((++_sequence, result));
                if (previous?.Status != result.Status)
                {
                    changes.Add((previous, result));
                }
            }

            while (_pending.Count > options.Value.MaxPending)
            {
                _pending.RemoveFirst();
                dropped++;
            }
        }

        if (dropped > 0)
        {
            Log.ResultsDropped(logger, options.Value.MaxPending, dropped);
        }

        foreach (var (previous, current) in changes)
        {
            Report(previous, current);
        }

        foreach (var result in results)
        {
            telemetry.Record(result);
        }

        _published.Release();
    }

    /// <summary>Waits until something was published since the last wait.</summary>
    public Task WaitForResultsAsync(CancellationToken cancellationToken) => _published.WaitAsync(cancellationToken);

    /// <summary>The oldest unwritten results, left in place until <see cref="MarkWritten"/>.</summary>
    public IReadOnlyList<(long Sequence, CheckResult Result)> PeekPending(int max)
    {
        lock (_lock)
        {
            return [.. _pending.Take(max)];
        }
    }

    /// <summary>Forgets every pending result up to and including <paramref name="sequence"/>.</summary>
    public void MarkWritten(long sequence)
    {
        lock (_lock)
        {
            while (_pending.First is { } first && first.Value.Sequence <= sequence)
            {
                _pending.RemoveFirst();
            }
        }
    }

    private void Report(CheckResult? previous, CheckResult current)
    {
        if (previous is null)
        {
            Log.FirstStatus(logger, current.Status == ServiceState.Error ? LogLevel.Warning : LogLevel.Information,
                current.Name, current.Status, current.Message);
        }
        else if (Severity(current.Status) > Severity(previous.Status))
        {
            Log.StatusWorsened(logger, current.Name, previous.Status, current.Status, current.Message);
        }
        else
        {
            Log.StatusImproved(logger, current.Name, previous.Status, current.Status, current.Message);
        }

        webhook.OnStatusChanged(previous?.Status, current);
    }

    /// <summary>How bad a status is: UNKNOWN (not deployed, not checked) sits between OK and WARNING.</summary>
    internal static int Severity(ServiceState state) => state switch
    {
        ServiceState.Ok => 0,
        ServiceState.Unknown => 1,
        ServiceState.Warning => 2,
        _ => 3,
    };
}
