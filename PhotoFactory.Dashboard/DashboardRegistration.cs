using PhotoFactory.Catalog.Health;
using Radzen;

namespace PhotoFactory.Dashboard;

/// <summary>Registers the Dashboard's components and queries.</summary>
internal static class DashboardRegistration
{
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddRadzenComponents();
        builder.AddServiceHeartbeat(ResourceNames.Dashboard);
        return builder;
    }
}
