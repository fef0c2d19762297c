using PhotoFactory.Catalog.Health;
using PhotoFactory.Dashboard.Live;
using PhotoFactory.Dashboard.Originals;

namespace PhotoFactory.Dashboard.Overview;

/// <summary>The overview's headline numbers; also what <c>/api/summary</c> returns.</summary>
public sealed record OverviewTotals(
    long AssetsSecured,
    long ProcessedLastHour,
    int? WaitingInInbox,
    long Quarantined,
    long Duplicates,
    long AssetsWithErrors,
    LibrarianHeartbeat? Librarian,
    ScrubState Originals);

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

/// <summary>A phone or laptop paired with the factory's Syncthing, as the Monitor last found it.</summary>
/// <param name="Name">The name it was paired under, e.g. "Anna's phone".</param>
/// <param name="LastSeen">When it was last connected (now, if it is); null if never.</param>
/// <param name="Completion">How much of the inbox folder it has in sync, in percent, when it shares the folder.</param>
/// <param name="Status">The Monitor's verdict: WARNING once silent longer than the Monitor allows.</param>
/// <param name="CheckAge">How long ago the Monitor looked.</param>
/// <param name="CheckInterval">How often the Monitor is expected to look.</param>
public sealed record SyncingDevice(
    string Name,
    bool Connected,
    DateTime? LastSeen,
    double? Completion,
    ServiceState Status,
    string? Message,
    TimeSpan CheckAge,
    TimeSpan CheckInterval)
{
    /// <summary>The Monitor's verdict, or grey-to-red as its word grows old.</summary>
    public Signal Signal => Signals.Worst(Signals.Of(Status), Signals.OfHeartbeat(CheckAge, CheckInterval));

    /// <summary>What a family wants to know, in a few words: "connected, in sync", "last seen 3 min ago", "not seen for 9 d".</summary>
    public string Describe(DateTime now) => (Connected, LastSeen) switch
    {
        (true, _) when Completion is { } percent && percent < 100 => $"connected, syncing ({percent:0.#} %)",
        (true, _) => "connected, in sync",
        (false, { } seen) when Status == ServiceState.Warning => $"not seen for {Formats.Age(now - seen)}",
        (false, { } seen) => $"last seen {Formats.Age(now - seen)} ago",
        _ => "never connected",
    };
}
