using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Dashboard.Live;

namespace PhotoFactory.Dashboard.Overview;

/// <summary>
/// The overview's reads. Every count is a range or equality on an index (<c>ingested_at</c>,
/// <c>(kind, occurred_at)</c>, <c>has_errors</c>, <c>captured_at_local</c>), each through its own short-lived context.
/// </summary>
public sealed class OverviewQuery(
    IDbContextFactory<CatalogDbContext> contexts,
    IOptions<DashboardOptions> options,
    TimeProvider time,
    Cached<OverviewCharts> charts)
{
    public const int RecentCount = 10;
    public const int ChartDays = 30;

    public async Task<OverviewTotals> ReadTotalsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hourAgo = now.AddHours(-1);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var assets = await db.MediaAssets.LongCountAsync(cancellationToken);
        var lastHour = await db.MediaAssets.LongCountAsync(a => a.IngestedAt >= hourAgo, cancellationToken);
        var quarantined = await db.IngestEvents.LongCountAsync(e => e.Kind == IngestEventKind.Quarantined, cancellationToken);
        var duplicates = await db.IngestEvents.LongCountAsync(e => e.Kind == IngestEventKind.Duplicate, cancellationToken);
        var withErrors = await db.MediaAssets.LongCountAsync(a => a.HasErrors, cancellationToken);
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
        return new OverviewTotals(assets, lastHour, librarian?.QueueLength, quarantined, duplicates, withErrors, heartbeat);
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

    public Task<OverviewCharts> ReadChartsAsync(CancellationToken cancellationToken) =>
        charts.GetAsync(async token => new OverviewCharts(await CountPerDayAsync(token), await CountPerYearAsync(token)), cancellationToken);

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

    /// <summary>Index range counts per calendar year of the capture wall clock, from the oldest to the newest year present.</summary>
    private async Task<IReadOnlyList<YearCount>> CountPerYearAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dated = db.MediaAssets.Where(a => a.CapturedAtLocal != null);
        var first = await dated.OrderBy(a => a.CapturedAtLocal).Select(a => a.CapturedAtLocal).FirstOrDefaultAsync(cancellationToken);
        var last = await dated.OrderByDescending(a => a.CapturedAtLocal).Select(a => a.CapturedAtLocal).FirstOrDefaultAsync(cancellationToken);
        var years = new List<YearCount>();
        if (first is { } oldest && last is { } newest)
        {
            for (var year = oldest.Year; year <= newest.Year; year++)
            {
                var from = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
                var to = from.AddYears(1);
                var count = await db.MediaAssets.LongCountAsync(a => a.CapturedAtLocal >= from && a.CapturedAtLocal < to, cancellationToken);
                years.Add(new YearCount(year, count));
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
