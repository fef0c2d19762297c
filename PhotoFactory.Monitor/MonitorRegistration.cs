using PhotoFactory.Catalog.Health;
namespace PhotoFactory.Monitor;

/// <summary>Registers the Monitor's probes.</summary>
internal static class MonitorRegistration
{
    public static IHostApplicationBuilder AddMonitor(this IHostApplicationBuilder builder)
    {
        builder.AddServiceHeartbeat(ResourceNames.Monitor);
        return builder;
    }
}
