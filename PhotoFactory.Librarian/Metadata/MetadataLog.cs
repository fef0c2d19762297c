using Microsoft.Extensions.Logging;

namespace PhotoFactory.Librarian.Metadata;

/// <summary>The metadata reader's log messages.</summary>
internal static partial class MetadataLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning,
        Message = "exiftool could not be started from '{ExifToolPath}' ({Reason}); files MetadataExtractor cannot read will have no embedded metadata. Install exiftool or set Librarian:Metadata:ExifToolPath")]
    public static partial void ExifToolMissing(ILogger logger, string exifToolPath, string reason);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error,
        Message = "exiftool at '{ExifToolPath}' exited {Attempts} times without answering; the fallback is switched off until the Librarian restarts")]
    public static partial void ExifToolBroken(ILogger logger, string exifToolPath, int attempts);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Started exiftool '{ExifToolPath}' as process {ProcessId}")]
    public static partial void ExifToolStarted(ILogger logger, string exifToolPath, int processId);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Stopping exiftool process {ProcessId}: {Reason}")]
    public static partial void ExifToolStopping(ILogger logger, int processId, string reason);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "exiftool took longer than {Timeout} over '{Path}'")]
    public static partial void ExifToolTimedOut(ILogger logger, string path, TimeSpan timeout);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Debug, Message = "Metadata of '{Path}': {Problem}")]
    public static partial void ReadProblem(ILogger logger, string path, string problem);
}
