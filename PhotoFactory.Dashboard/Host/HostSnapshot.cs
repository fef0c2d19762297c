namespace PhotoFactory.Dashboard.Host;

/// <summary>The machine's load at one moment; null where the platform does not say.</summary>
public sealed record HostSnapshot(
    double? CpuPercent,
    long? MemoryUsedBytes,
    long? MemoryTotalBytes,
    long? DiskFreeBytes,
    long? DiskTotalBytes,
    string DiskPath);
