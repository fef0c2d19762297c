using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// <c>{service}/heartbeat</c>: whether each service still writes its heartbeat. One older than
/// <see cref="HeartbeatProbeOptions.MissedBeats"/> intervals is an ERROR even if the process still answers
/// <c>/health</c>: a stuck service is down. A service that said "stopping" last is an ERROR too.
/// Details: <c>{"lastHeartbeat":"…Z","ageSeconds":12,"expectedIntervalSeconds":60,"serviceStatus":"OK","serviceTask":"…"}</c>.
/// </summary>
internal sealed class HeartbeatFreshnessProbe : IProbe
{
    private readonly IDbContextFactory<CatalogDbContext> _contexts;
    private readonly CatalogReadiness _readiness;
    private readonly IOptions<HeartbeatProbeOptions> _options;
    private readonly TimeProvider _time;
    private readonly DateTime _startedAt;

    public HeartbeatFreshnessProbe(
        IDbContextFactory<CatalogDbContext> contexts, CatalogReadiness readiness, IOptions<HeartbeatProbeOptions> options, TimeProvider time)
    {
        _contexts = contexts;
        _readiness = readiness;
        _options = options;
        _time = time;
        _startedAt = time.GetUtcNow().UtcDateTime;
        Names = [.. options.Value.Services.Keys.Order(StringComparer.Ordinal).Select(CheckNames.Heartbeat)];
    }

    public IReadOnlyList<string> Names { get; }

    public string Kind => CheckNames.Kinds.Heartbeat;

    public ProbeOptions Timing => _options.Value;

    // Without the catalogue nobody can tell whether the services beat: not an outage of theirs.
    public ServiceState WhenUnanswered => ServiceState.Unknown;

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = _options.Value;
        var services = settings.Services.Keys.ToList();
        if (!await PostgresProbe.ReadyWithinAsync(_readiness, settings.Timeout / 2, cancellationToken))
        {
            return [.. services.Select(service => new CheckResult(CheckNames.Heartbeat(service), Kind, ServiceState.Unknown,
                $"heartbeat not checked: catalogue not ready ({_readiness.State})"))];
        }

        Dictionary<string, ServiceStatus> rows;
        try
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            rows = await db.ServiceStatuses.AsNoTracking()
                .Where(s => services.Contains(s.ServiceName))
                .ToDictionaryAsync(s => s.ServiceName, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return [.. services.Select(service => new CheckResult(CheckNames.Heartbeat(service), Kind, ServiceState.Unknown,
                $"heartbeat not checked: catalogue unreachable ({ex.GetBaseException().Message})"))];
        }

        var now = _time.GetUtcNow().UtcDateTime;
        return [.. settings.Services.OrderBy(s => s.Key, StringComparer.Ordinal).Select(service => Judge(service.Key, service.Value, rows.GetValueOrDefault(service.Key), now))];
    }

    private CheckResult Judge(string service, TimeSpan interval, ServiceStatus? row, DateTime now)
    {
        var allowed = interval * _options.Value.MissedBeats;
        var name = CheckNames.Heartbeat(service);
        var details = new JsonObject { ["expectedIntervalSeconds"] = interval.TotalSeconds };
        if (row is null)
        {
            var waited = now - _startedAt;
            return waited > allowed
                ? new(name, Kind, ServiceState.Error, $"no heartbeat at all in {Words(waited)} (expected every {Words(interval)})") { Details = details }
                : new(name, Kind, ServiceState.Unknown, "no heartbeat written yet") { Details = details };
        }

        var age = now - row.LastHeartbeat;
        details["lastHeartbeat"] = row.LastHeartbeat.ToString("O");
        details["ageSeconds"] = Math.Round(Math.Max(0, age.TotalSeconds));
        details["serviceStatus"] = row.Status.ToString().ToUpperInvariant();
        details["serviceTask"] = row.CurrentTask;
        if (row.CurrentTask == HeartbeatReport.StoppingTask)
        {
            return new(name, Kind, ServiceState.Error, $"stopped {Words(age)} ago") { Details = details };
        }

        return age > allowed
            ? new(name, Kind, ServiceState.Error, $"last heartbeat {Words(age)} ago (expected every {Words(interval)}): the service is stuck or gone") { Details = details }
            : new(name, Kind, ServiceState.Ok, $"heartbeat {Words(age)} ago") { Details = details };
    }

    private static string Words(TimeSpan span) =>
        span < TimeSpan.FromMinutes(2) ? $"{Math.Max(0, span.TotalSeconds):0} s"
        : span < TimeSpan.FromHours(2) ? $"{span.TotalMinutes:0} min"
        : $"{span.TotalHours:0} h";
}
