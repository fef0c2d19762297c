namespace PhotoFactory.Dashboard;

/// <summary>Everything the Dashboard writes to its log, one source-generated method per event.</summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Warning, "{Page}: could not read the catalogue: {Reason}")]
    public static partial void CatalogueReadFailed(ILogger logger, string page, string reason);

    [LoggerMessage(101, LogLevel.Warning, "/api/summary: could not read the catalogue: {Reason}")]
    public static partial void SummaryFailed(ILogger logger, string reason);

    [LoggerMessage(102, LogLevel.Debug, "Host metrics unavailable: {Reason}")]
    public static partial void HostMetricsUnavailable(ILogger logger, string reason);
}
