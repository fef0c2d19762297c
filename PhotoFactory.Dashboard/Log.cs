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

    [LoggerMessage(103, LogLevel.Warning, "Could not refresh {Aggregate}; the last value stays until the next try: {Reason}")]
    public static partial void AggregateRefreshFailed(ILogger logger, string aggregate, string reason);

    [LoggerMessage(104, LogLevel.Information, "Counted the library's aggregates in {Milliseconds:0} ms")]
    public static partial void AggregatesWarmed(ILogger logger, double milliseconds);

    [LoggerMessage(105, LogLevel.Warning, "Could not count the library's aggregates at start; the first pages will: {Reason}")]
    public static partial void AggregateWarmupFailed(ILogger logger, string reason);

    [LoggerMessage(106, LogLevel.Information, "Signed in with the password from {Client}")]
    public static partial void SignedIn(ILogger logger, string? client);

    [LoggerMessage(107, LogLevel.Warning, "Wrong password from {Client}")]
    public static partial void SignInFailed(ILogger logger, string? client);

    [LoggerMessage(108, LogLevel.Warning, "Sign-in from {Client} refused for {RetryAfter}: too many failed attempts")]
    public static partial void SignInRefused(ILogger logger, string? client, TimeSpan retryAfter);

    [LoggerMessage(109, LogLevel.Warning, "Dashboard:Access:ApiKey is not set: /api/summary refuses every caller, so Homepage's Dashboard widget stays empty")]
    public static partial void NoApiKey(ILogger logger);

    [LoggerMessage(110, LogLevel.Information, "No {Size} picture of asset {AssetId}: {Reason}")]
    public static partial void ThumbnailNotMade(ILogger logger, Guid assetId, string size, string reason);

    [LoggerMessage(111, LogLevel.Warning, "The {Size} picture of asset {AssetId} is served but not kept: {Reason}")]
    public static partial void ThumbnailNotKept(ILogger logger, Guid assetId, string size, string reason);
}
