using Microsoft.Extensions.Options;
using PhotoFactory.Catalog;

namespace PhotoFactory.Dashboard.Host;

/// <summary>
/// Reads CPU and memory from <c>/proc</c> and free disk from the file system, locally, so the header works
/// even when the Monitor or the catalogue is down. CPU is the busy share since the previous read.
/// </summary>
public sealed class HostMetrics(IOptions<DashboardOptions> options, IConfiguration configuration, IHostEnvironment environment, ILogger<HostMetrics> logger)
{
    private readonly Lock _lock = new();
    private (long Busy, long Total)? _previousCpu;

    public HostSnapshot Read()
    {
        var diskPath = options.Value.DiskPath is { Length: > 0 } configured
            ? configured
            : CatalogRegistration.ResolveDataDirectory(configuration, environment.ContentRootPath);
        var (memoryUsed, memoryTotal) = ReadMemory();
        var (diskFree, diskTotal) = ReadDisk(diskPath);
        return new HostSnapshot(ReadCpu(), memoryUsed, memoryTotal, diskFree, diskTotal, diskPath);
    }

    private double? ReadCpu()
    {
        var sample = ReadProcStat();
        if (sample is not { } current)
        {
            return null;
        }

        lock (_lock)
        {
            var previous = _previousCpu;
            _previousCpu = current;
            if (previous is not { } before || current.Total <= before.Total)
            {
                return null;
            }

            return Math.Clamp(100.0 * (current.Busy - before.Busy) / (current.Total - before.Total), 0, 100);
        }
    }

    /// <summary>The first line of /proc/stat: user nice system idle iowait irq softirq steal, in clock ticks.</summary>
    private (long Busy, long Total)? ReadProcStat()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            if (line is null)
            {
                return null;
            }

            var ticks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            var total = ticks.Sum();
            var idle = ticks[3] + (ticks.Length > 4 ? ticks[4] : 0);
            return (total - idle, total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            Log.HostMetricsUnavailable(logger, ex.Message);
            return null;
        }
    }

    private (long? Used, long? Total) ReadMemory()
    {
        try
        {
            long? total = null, available = null;
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    total = KiloBytes(line);
                }
                else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    available = KiloBytes(line);
                }
            }

            return total is { } t && available is { } a ? (t - a, t) : (null, total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            Log.HostMetricsUnavailable(logger, ex.Message);
            return (null, null);
        }

        static long KiloBytes(string line) =>
            1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private (long? Free, long? Total) ReadDisk(string path)
    {
        try
        {
            // DriveInfo asks statvfs about the path itself, so any folder on the volume will do.
            var drive = new DriveInfo(Directory.Exists(path) ? path : Path.GetPathRoot(Path.GetFullPath(path)) ?? "/");
            return (drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Log.HostMetricsUnavailable(logger, ex.Message);
            return (null, null);
        }
    }
}
