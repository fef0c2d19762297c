namespace PhotoFactory.Dashboard;

/// <summary>The Dashboard's meter and activity source name, exported by ServiceDefaults.</summary>
internal static class DashboardTelemetry
{
    public const string Name = "PhotoFactory.Dashboard";
}
