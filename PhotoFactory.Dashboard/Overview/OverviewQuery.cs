using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Dashboard.Live;
using PhotoFactory.Dashboard.Originals;

namespace PhotoFactory.Dashboard.Overview;

/// <summary>
/// The overview's reads. Every count is a range or equality on an index (<c>ingested_at</c>,
/// <c>(kind, occurred_at)</c>, <c>has_errors</c>, <c>captured_at_local</c>), each through its own short-lived context.
/// The counts that grow with the library are shared through <see cref="Cached{T}"/>: re-counted in the background at
/// most once per refresh interval, whoever asks, so no request waits for a million rows to be counted.
/// </summary>
public sealed class OverviewQuery(
    IDbContextFactory<CatalogDbContext> contexts,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    Cached<OverviewCounts> counts,
    Cached<OverviewCharts> charts,
    OriginalsQuery originals)
{
    public const int RecentCount = 10;
    public const int ChartDays = 30;

    /// <summary>The headline numbers: the shared counts, and the Librarian's heartbeat read now (its age is the point).</summary>
    public async Task<OverviewTotals> ReadTotalsAsync(CancellationToken cancellationToken)
    {
        var numbers = await counts.GetAsync(CountAsync, options.Value.RefreshInterval, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var librarian = await db.ServiceStatuses.AsNoTracking()
            .FirstOrDefaultAsync(s => s.ServiceName == ResourceNames.Librarian, cancellationToken);

        var heartbeat = librarian is null
            ? null
            : new LibrarianHeartbeat(
                librarian.Status,
                librarian.CurrentTask,
                librarian.Message,
                librarian.LastHeartbeat,
                now - librarian.LastHeartbeat,
                options.Value.HeartbeatIntervalOf(ResourceNames.Librarian));
        // Read now, not shared: a finding is news the moment the scrub records it, and its count is a partial index's.
        var scrub = await originals.ReadStateAsync(cancellationToken);
        return new OverviewTotals(
            numbers.Assets, numbers.LastHour, librarian?.QueueLength, numbers.Quarantined, numbers.Duplicates, numbers.WithErrors, heartbeat, scrub);
    }

    private async Task<OverviewCounts> CountAsync(CancellationToken cancellationToken)
    {
        var hourAgo = time.GetUtcNow().UtcDateTime.AddHours(-1);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return new OverviewCounts(
            await db.MediaAssets.LongCountAsync(cancellationToken),
            await db.MediaAssets.LongCountAsync(a => a.IngestedAt >= hourAgo, cancellationToken),
            await db.IngestEvents.LongCountAsync(e => e.Kind == IngestEventKind.Quarantined, cancellationToken),
            await db.IngestEvents.LongCountAsync(e => e.Kind == IngestEventKind.Duplicate, cancellationToken),
            await db.MediaAssets.LongCountAsync(a => a.HasErrors, cancellationToken));
    }

    public async Task<IReadOnlyList<RecentAsset>> ReadRecentAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MediaAssets.AsNoTracking()
            .OrderByDescending(a => a.IngestedAt).ThenByDescending(a => a.Id)
            .Take(RecentCount)
            .Select(a => new RecentAsset(a.Id, a.OriginalName, a.FinalPath, a.CapturedAtLocal, a.CaptureOffsetMinutes, a.IngestedAt, a.SizeBytes))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The devices paired with Syncthing, from the Monitor's rows of them (one per device, a handful), the silent ones
    /// first; devices since unpaired are left out.
    /// </summary>
    public async Task<IReadOnlyList<SyncingDevice>> ReadDevicesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var interval = options.Value.HeartbeatIntervalOf(ResourceNames.Syncthing);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ServiceStatuses.AsNoTracking()
            .Where(s => s.ServiceName.StartsWith(ResourceNames.SyncthingDevicePrefix))
            .ToListAsync(cancellationToken);
        return [.. rows
            .Select(row => ToDevice(row, now - row.LastHeartbeat, interval))
            .OfType<SyncingDevice>()
            .OrderByDescending(d => d.Signal).ThenBy(d => d.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    private static SyncingDevice? ToDevice(ServiceStatus row, TimeSpan checkAge, TimeSpan interval)
    {
        try
        {
            using var details = JsonDocument.Parse(row.Details ?? "{}");
            var root = details.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || (root.TryGetProperty("paired", out var paired) && paired.ValueKind == JsonValueKind.False))
            {
                return null;
            }

            return new SyncingDevice(
                root.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } given ? given : row.ServiceName[ResourceNames.SyncthingDevicePrefix.Length..],
                root.TryGetProperty("connected", out var connected) && connected.ValueKind == JsonValueKind.True,
                root.TryGetProperty("lastSeen", out var seen) && seen.ValueKind == JsonValueKind.String && seen.TryGetDateTime(out var at) ? at.ToUniversalTime() : null,
                root.TryGetProperty("completion", out var completion) && completion.ValueKind == JsonValueKind.Number ? completion.GetDouble() : null,
                row.Status,
                row.Message,
                checkAge,
                interval);
        }
        catch (JsonException)
        {
            // A row the Monitor did not write as it describes; the services page still shows it as it is.
            return null;
        }
    }

    public Task<OverviewCharts> ReadChartsAsync(CancellationToken cancellationToken) =>
        charts.GetAsync(
            async token => new OverviewCharts(await CountPerDayAsync(token), await CountPerYearAsync(token)),
            options.Value.AggregateRefreshInterval,
            cancellationToken);

    /// <summary>
    /// One index range count per day rather than a GROUP BY on a computed date: the day boundaries are the
    /// server's local midnights, which neither provider can compute the same way, and each count stays on the index.
    /// </summary>
    private async Task<IReadOnlyList<DayCount>> CountPerDayAsync(CancellationToken cancellationToken)
    {
        var zone = time.LocalTimeZone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(time.GetUtcNow().UtcDateTime, zone));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var days = new List<DayCount>(ChartDays);
        for (var day = today.AddDays(1 - ChartDays); day <= today; day = day.AddDays(1))
        {
            var from = ToUtc(day, zone);
            var to = ToUtc(day.AddDays(1), zone);
            days.Add(new DayCount(day, await db.MediaAssets.LongCountAsync(a => a.IngestedAt >= from && a.IngestedAt < to, cancellationToken)));
        }

        return days;
    }

    /// <summary>
    /// Assets per calendar year of the capture wall clock, from the oldest to the newest year present: one pass
    /// over the <c>captured_at_local</c> index grouped by year (the wall clock needs no time zone), then the undated.
    /// </summary>
    private async Task<IReadOnlyList<YearCount>> CountPerYearAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counted = await db.MediaAssets
            .Where(a => a.CapturedAtLocal != null)
            .GroupBy(a => a.CapturedAtLocal!.Value.Year)
            .Select(g => new { Year = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Year, g => g.Count, cancellationToken);
        var years = new List<YearCount>();
        if (counted.Count > 0)
        {
            for (var year = counted.Keys.Min(); year <= counted.Keys.Max(); year++)
            {
                years.Add(new YearCount(year, counted.GetValueOrDefault(year)));
            }
        }

        var undated = await db.MediaAssets.LongCountAsync(a => a.CapturedAtLocal == null, cancellationToken);
        if (undated > 0)
        {
            years.Add(new YearCount(null, undated));
        }

        return years;
    }

    private static DateTime ToUtc(DateOnly day, TimeZoneInfo zone)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Where clocks spring forward at midnight, the day starts at the first minute that exists.
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(midnight, zone);
    }
}
