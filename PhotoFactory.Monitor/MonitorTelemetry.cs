namespace PhotoFactory.Monitor;

/// <summary>The Monitor's meter and activity source name, exported by ServiceDefaults.</summary>
internal static class MonitorTelemetry
{
    public const string Name = "PhotoFactory.Monitor";
}
