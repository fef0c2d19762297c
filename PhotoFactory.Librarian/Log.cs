using PhotoFactory.Librarian.Decisions;

namespace PhotoFactory.Librarian;

/// <summary>Everything the Librarian writes to its log, one source-generated method per event.</summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Information, "{Source}: {Outcome} {Destination} {Reason}")]
    public static partial void Filed(ILogger logger, string source, FilingOutcome outcome, string? destination, string? reason);

    [LoggerMessage(101, LogLevel.Warning, "Could not remove '{Source}' from the inbox after filing it: {Reason}")]
    public static partial void InboxRemovalFailed(ILogger logger, string source, string reason);

    [LoggerMessage(117, LogLevel.Warning, "'{Source}' in the inbox is no longer the file that was filed (another file took its name, or a folder on its path became a link); it stays and is met again")]
    public static partial void InboxFileReplaced(ILogger logger, string source);

    [LoggerMessage(102, LogLevel.Warning, "Filing paused: {Reason}. Files wait in the inbox; retrying in {Backoff}")]
    public static partial void FilingPaused(ILogger logger, string reason, TimeSpan backoff);

    [LoggerMessage(103, LogLevel.Information, "Filing resumed after the catalogue came back")]
    public static partial void FilingResumed(ILogger logger);

    [LoggerMessage(104, LogLevel.Information, "Recovered an interrupted filing of '{Source}': {Action}")]
    public static partial void Recovered(ILogger logger, string source, string action);

    [LoggerMessage(105, LogLevel.Information, "Inbox scan: {Waiting} file(s) waiting, {Ready} ready to file, {Ignored} ignored")]
    public static partial void Scanned(ILogger logger, int waiting, int ready, int ignored);

    [LoggerMessage(106, LogLevel.Information, "Watching inbox {Inbox}; filing into {Originals}")]
    public static partial void Watching(ILogger logger, string inbox, string originals);

    [LoggerMessage(107, LogLevel.Warning, "The inbox watcher overflowed or failed ({Reason}); rescanning the whole inbox")]
    public static partial void WatcherTrouble(ILogger logger, string reason);

    [LoggerMessage(108, LogLevel.Error, "Unexpected failure while filing '{Source}'; it stays in the inbox")]
    public static partial void UnexpectedFailure(ILogger logger, string source, Exception exception);

    [LoggerMessage(120, LogLevel.Information, "Scrub pass {Pass} of the originals begins: {Assets} catalogued file(s) to prove")]
    public static partial void ScrubBegins(ILogger logger, long pass, long assets);

    [LoggerMessage(121, LogLevel.Information, "Scrub pass {Pass} resumes after asset {Cursor}, folder '{Folder}' ({Checked} of {Assets} checked)")]
    public static partial void ScrubResumes(ILogger logger, long pass, Guid? cursor, string? folder, long @checked, long assets);

    [LoggerMessage(122, LogLevel.Information, "Scrub pass {Pass} complete: {Checked} file(s), {Bytes} bytes read at {Rate:0.0} MB/s, {Findings} finding(s)")]
    public static partial void ScrubComplete(ILogger logger, long pass, long @checked, long bytes, double rate, long findings);

    [LoggerMessage(123, LogLevel.Error, "The originals are not as filed: {Finding}")]
    public static partial void ScrubFound(ILogger logger, string finding);

    [LoggerMessage(124, LogLevel.Warning, "The scrub of the originals could not go on ({Reason}); it tries again in {RetryAfter}")]
    public static partial void ScrubFailed(ILogger logger, string reason, TimeSpan retryAfter);

    [LoggerMessage(125, LogLevel.Information, "Scrub pass {Pass} was taken over by another Librarian; this one stops working on it")]
    public static partial void ScrubTakenOver(ILogger logger, long pass);
}
