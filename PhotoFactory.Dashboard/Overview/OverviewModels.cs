using PhotoFactory.Catalog.Health;
using PhotoFactory.Dashboard.Live;

namespace PhotoFactory.Dashboard.Overview;

/// <summary>The overview's headline numbers; also what <c>/api/summary</c> returns.</summary>
public sealed record OverviewTotals(
    long AssetsSecured,
    long ProcessedLastHour,
    int? WaitingInInbox,
    long Quarantined,
    long Duplicates,
    long AssetsWithErrors,
    LibrarianHeartbeat? Librarian);

/// <summary>The overview's counts that grow with the library, counted together and shared.</summary>
public sealed record OverviewCounts(long Assets, long LastHour, long Quarantined, long Duplicates, long WithErrors);

/// <summary>The Librarian's last heartbeat and how late it is against the interval it promises.</summary>
public sealed record LibrarianHeartbeat(
    ServiceState Status,
    string? CurrentTask,
    string? Message,
    DateTime LastHeartbeat,
    TimeSpan Age,
    TimeSpan Interval)
{
    public Signal Signal => Signals.Worst(Signals.OfHeartbeat(Age, Interval), Signals.Of(Status));
}

/// <summary>Files filed on one day (the server's local calendar).</summary>
public sealed record DayCount(DateOnly Day, long Count)
{
    /// <summary>The count as the chart plots it.</summary>
    public double Value => Count;

    public string Label => Day.ToString("MMM d", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Assets captured in one year; <see cref="Year"/> null for those without a capture date.</summary>
public sealed record YearCount(int? Year, long Count)
{
    /// <summary>The count as the chart plots it.</summary>
    public double Value => Count;

    public string Label => Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "undated";
}

/// <summary>The slow-moving charts of the overview.</summary>
public sealed record OverviewCharts(IReadOnlyList<DayCount> FiledPerDay, IReadOnlyList<YearCount> ByYear);

/// <summary>One recently filed file, as the overview lists it.</summary>
public sealed record RecentAsset(
    Guid Id,
    string OriginalName,
    string FinalPath,
    DateTime? CapturedAtLocal,
    int? CaptureOffsetMinutes,
    DateTime IngestedAt,
    long SizeBytes)
{
    /// <summary>The folder it was filed in, relative to the originals root.</summary>
    public string Folder => FinalPath.LastIndexOf('/') is var slash and > 0 ? FinalPath[..slash] : "";
}
