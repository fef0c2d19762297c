namespace PhotoFactory.Monitor;

/// <summary>Registers the Monitor's probes.</summary>
internal static class MonitorRegistration
{
    public static IHostApplicationBuilder AddMonitor(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
