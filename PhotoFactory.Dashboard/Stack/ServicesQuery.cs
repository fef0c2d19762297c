using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Dashboard.Stack;

/// <summary>
/// The stack's services from <c>system_status</c> (one row each), with uptime from <c>system_status_history</c>
/// read on its (service_name, heartbeat_timestamp) and heartbeat_timestamp indexes.
/// </summary>
public sealed class ServicesQuery(
    IDbContextFactory<CatalogDbContext> contexts,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    Live.Cached<UptimeTable> uptimes)
{
    /// <summary>Every service of the stack, in the order of the topology; shown even before it first reports.</summary>
    public static IReadOnlyList<string> Stack => ResourceNames.Stack;

    public const int HistoryLimit = 50;

    /// <summary>Every service of the stack, then anything else that reports (e.g. the Monitor's host check).</summary>
    public async Task<IReadOnlyList<ServiceRow>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var checks = (await db.ServiceStatuses.AsNoTracking().ToListAsync(cancellationToken)).Select(ToCheck).ToList();
        var rows = Stack.Select(name => Combine(name, checks)).ToList();
        var shown = rows.SelectMany(r => new[] { r.Own, r.Container }.OfType<ServiceCheck>().Concat(r.Checks)).ToHashSet();
        rows.AddRange(checks.Where(c => !shown.Contains(c)).OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => new ServiceRow(c.Name, c, null, [])));
        return rows;
    }

    public async Task<ServiceRow> ReadOneAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var prefix = name + "/";
        var container = ContainerRowName(name);
        var checks = (await db.ServiceStatuses.AsNoTracking()
                .Where(s => s.ServiceName == name || s.ServiceName == container || s.ServiceName.StartsWith(prefix))
                .ToListAsync(cancellationToken))
            .Select(ToCheck).ToList();
        return Combine(name, checks);
    }

    /// <summary>The service's latest heartbeats or checks, newest first.</summary>
    public async Task<IReadOnlyList<ServiceStatusHistory>> ReadHistoryAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ServiceStatusHistory.AsNoTracking()
            .Where(h => h.ServiceName == name)
            .OrderByDescending(h => h.HeartbeatTimestamp).ThenByDescending(h => h.Id)
            .Take(HistoryLimit)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Uptime of every service over the last day (hour by hour) and week (day by day); cached, as it reads a week of history.</summary>
    public async Task<IReadOnlyDictionary<string, Uptime>> ReadUptimeAsync(CancellationToken cancellationToken) =>
        (await uptimes.GetAsync(ReadUptimeTableAsync, options.Value.AggregateRefreshInterval, cancellationToken)).ByService;

    /// <summary>
    /// Seven grouped counts, one per 24 hours back from now, each a range on the heartbeat_timestamp index; the last
    /// day's rows (a few thousand of two columns) are bucketed by hour here, which keeps the SQL portable.
    /// </summary>
    private async Task<UptimeTable> ReadUptimeTableAsync(CancellationToken cancellationToken)
    {
        const int WeekDays = 7;
        var now = time.GetUtcNow().UtcDateTime;
        var dayAgo = now.AddDays(-1);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var days = new Dictionary<string, PeriodChecks[]>(StringComparer.OrdinalIgnoreCase);
        for (var day = 0; day < WeekDays; day++)
        {
            var from = now.AddDays(day - WeekDays);
            var to = from.AddDays(1);
            var counts = await db.ServiceStatusHistory
                .Where(h => h.HeartbeatTimestamp >= from && h.HeartbeatTimestamp < to)
                .GroupBy(h => new { h.ServiceName, h.Status })
                .Select(g => new { g.Key.ServiceName, g.Key.Status, Count = g.Count() })
                .ToListAsync(cancellationToken);
            foreach (var service in counts.GroupBy(c => c.ServiceName, StringComparer.OrdinalIgnoreCase))
            {
                var cells = days.TryGetValue(service.Key, out var known) ? known : days[service.Key] = Enumerable.Repeat(PeriodChecks.None, WeekDays).ToArray();
                cells[day] = new PeriodChecks(service.Where(c => c.Status == ServiceState.Ok).Sum(c => c.Count), service.Sum(c => c.Count));
            }
        }

        var lastDay = await db.ServiceStatusHistory
            .Where(h => h.HeartbeatTimestamp >= dayAgo)
            .Select(h => new { h.ServiceName, h.Status, h.HeartbeatTimestamp })
            .ToListAsync(cancellationToken);

        var byService = new Dictionary<string, Uptime>(StringComparer.OrdinalIgnoreCase);
        foreach (var (service, weekCells) in days)
        {
            var rows = lastDay.Where(d => string.Equals(d.ServiceName, service, StringComparison.OrdinalIgnoreCase)).ToList();
            var hours = new PeriodChecks[24];
            for (var hour = 0; hour < hours.Length; hour++)
            {
                var from = dayAgo.AddHours(hour);
                var to = from.AddHours(1);
                var inHour = rows.Where(d => d.HeartbeatTimestamp >= from && d.HeartbeatTimestamp < to).ToList();
                hours[hour] = new PeriodChecks(inHour.Count(d => d.Status == ServiceState.Ok), inHour.Count);
            }

            byService[service] = new Uptime(hours, weekCells);
        }

        return new UptimeTable(byService);
    }

    /// <summary>The Monitor's row for a service's container (its <c>CheckNames.Container</c>).</summary>
    public static string ContainerRowName(string service) => $"container/{service}";

    private static ServiceRow Combine(string name, IReadOnlyList<ServiceCheck> checks)
    {
        var own = checks.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        var container = checks.FirstOrDefault(c => string.Equals(c.Name, ContainerRowName(name), StringComparison.OrdinalIgnoreCase));
        var others = checks.Where(c => c.Name.StartsWith(name + "/", StringComparison.OrdinalIgnoreCase)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        return new ServiceRow(own?.Name ?? name, own, container, others);
    }

    private ServiceCheck ToCheck(ServiceStatus status)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new ServiceCheck(
            status.ServiceName,
            status.Status,
            status.Message,
            status.CurrentTask,
            status.QueueLength,
            status.LatencyMilliseconds,
            status.LastHeartbeat,
            now - status.LastHeartbeat,
            options.Value.HeartbeatIntervalOf(status.ServiceName),
            status.StatusSince,
            status.Details);
    }
}

/// <summary>Every service's uptime, cached as one value.</summary>
public sealed record UptimeTable(IReadOnlyDictionary<string, Uptime> ByService);
