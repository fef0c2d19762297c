using Microsoft.Extensions.Logging;

namespace PhotoFactory.AppHost;

/// <summary>What the AppHost itself logs.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning,
        "Containers off ({Reason}): not starting {Services}; services use the embedded SQLite catalogue.")]
    public static partial void ContainersOff(ILogger logger, string reason, string services);
}
