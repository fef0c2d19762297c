using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Monitor;

/// <summary>What the Monitor logs: status changes (never unchanged checks), recording and alerting trouble.</summary>
internal static partial class Log
{
    /// <summary>A row's first status since start: a warning when it starts out failing.</summary>
    [LoggerMessage(EventId = 1, Message = "{Service} is {Status}: {Message}")]
    public static partial void FirstStatus(ILogger logger, LogLevel level, string service, ServiceState status, string message);

    [LoggerMessage(2, LogLevel.Warning, "{Service} went from {Previous} to {Status}: {Message}")]
    public static partial void StatusWorsened(ILogger logger, string service, ServiceState previous, ServiceState status, string message);

    [LoggerMessage(3, LogLevel.Information, "{Service} went from {Previous} to {Status}: {Message}")]
    public static partial void StatusImproved(ILogger logger, string service, ServiceState previous, ServiceState status, string message);

    [LoggerMessage(4, LogLevel.Error, "The {Kind} check crashed; its targets are reported as failing")]
    public static partial void ProbeCrashed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "Check results cannot be written to the catalogue; keeping {Pending} in memory and retrying: {Reason}")]
    public static partial void RecordingFailed(ILogger logger, int pending, string reason);

    [LoggerMessage(6, LogLevel.Information, "Check results written to the catalogue again after an outage of {Outage}")]
    public static partial void RecordingRestored(ILogger logger, TimeSpan outage);

    [LoggerMessage(7, LogLevel.Warning, "More than {Capacity} check results waiting for the catalogue; the oldest {Dropped} were dropped")]
    public static partial void ResultsDropped(ILogger logger, int capacity, int dropped);

    [LoggerMessage(8, LogLevel.Information, "Retention deleted {Count} history rows older than {Cutoff:O}")]
    public static partial void RetentionDeleted(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(9, LogLevel.Warning, "Retention could not delete old history; trying again next time: {Reason}")]
    public static partial void RetentionFailed(ILogger logger, string reason);

    [LoggerMessage(10, LogLevel.Warning, "Webhook for {Service} ({Status}) failed: {Reason}")]
    public static partial void WebhookFailed(ILogger logger, string service, ServiceState status, string reason);

    [LoggerMessage(11, LogLevel.Debug, "Webhook sent for {Service} ({Status})")]
    public static partial void WebhookSent(ILogger logger, string service, ServiceState status);

    [LoggerMessage(12, LogLevel.Information, "No Immich API key given: Immich is not told about new photos (its own nightly scan still finds them)")]
    public static partial void ImmichNotConfigured(ILogger logger);

    [LoggerMessage(13, LogLevel.Information, "Created Immich library {Name} ({Id}) over {ImportPath}")]
    public static partial void ImmichLibraryCreated(ILogger logger, string name, Guid id, string importPath);

    [LoggerMessage(14, LogLevel.Information, "Asked Immich to scan library {Name} for newly filed photos")]
    public static partial void ImmichScanRequested(ILogger logger, string name);

    [LoggerMessage(15, LogLevel.Warning, "Immich library: {Reason}; trying again at the next poll")]
    public static partial void ImmichProblem(ILogger logger, string reason);

    [LoggerMessage(16, LogLevel.Information, "Immich at {Server} answers again")]
    public static partial void ImmichAnswering(ILogger logger, Uri server);

    [LoggerMessage(17, LogLevel.Warning, "Stopping with {Kinds} check(s) still running {Seconds:0.#} s after they were cancelled; left to end on their own")]
    public static partial void ChecksLeftRunning(ILogger logger, string kinds, double seconds);
}
