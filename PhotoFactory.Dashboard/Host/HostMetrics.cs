using Microsoft.Extensions.Options;
using PhotoFactory.Catalog;

namespace PhotoFactory.Dashboard.Host;

/// <summary>
/// Reads CPU and memory from <c>/proc</c> and free disk from the file system, locally, so the header works
/// even when the Monitor or the catalogue is down. CPU is the busy share since the previous sample, at least a second ago.
/// </summary>
public sealed class HostMetrics(
    IOptions<DashboardOptions> options, IConfiguration configuration, IHostEnvironment environment, TimeProvider time, ILogger<HostMetrics> logger)
{
    private static readonly TimeSpan MinimumSpan = TimeSpan.FromSeconds(1);
    private readonly Lock _lock = new();
    private (long Busy, long Total, long At)? _previousCpu;
    private double? _lastCpuPercent;

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
        lock (_lock)
        {
            // Every open page reads on its own timer; a share measured over a few milliseconds would be noise.
            var now = time.GetTimestamp();
            if (_previousCpu is { } recent && time.GetElapsedTime(recent.At, now) < MinimumSpan)
            {
                return _lastCpuPercent;
            }

            if (ReadProcStat() is not { } current)
            {
                return null;
            }

            if (_previousCpu is { } before && current.Total > before.Total)
            {
                _lastCpuPercent = Math.Clamp(100.0 * (current.Busy - before.Busy) / (current.Total - before.Total), 0, 100);
            }

            _previousCpu = (current.Busy, current.Total, now);
            return _lastCpuPercent;
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
