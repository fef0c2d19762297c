using Microsoft.Extensions.Logging;

namespace PhotoFactory.AppHost;

/// <summary>What the AppHost itself logs.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning,
        "Containers off ({Reason}): not starting {Services}; services use the embedded SQLite catalogue.")]
    public static partial void ContainersOff(ILogger logger, string reason, string services);

    [LoggerMessage(2, LogLevel.Information,
        "Dashboard sign-in: the password is the AppHost's user secret Parameters:{Parameter}, generated on first run. " +
        "Read it with `dotnet user-secrets list --project PhotoFactory.AppHost`, or under Parameters in the Aspire dashboard.")]
    public static partial void DashboardPassword(ILogger logger, string parameter);
}
