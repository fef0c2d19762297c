using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// <c>host</c>: CPU use since the last check (from <c>/proc/stat</c>), memory in use (<c>/proc/meminfo</c>) and the
/// free space of the volume holding each configured folder, worst of them deciding the status.
/// Details: <c>{"cpuPercent":12.5,"memoryPercent":40.1,"memoryTotalBytes":…,"volumes":[{"name":"inbox",
/// "path":"…","freeBytes":…,"totalBytes":…,"freePercent":55.2}]}</c>.
/// </summary>
internal sealed class HostProbe(IOptions<HostProbeOptions> options) : IProbe
{
    private (ulong Busy, ulong Total)? _lastCpu;

    public IReadOnlyList<string> Names { get; } = [CheckNames.Host];

    public string Kind => CheckNames.Kinds.Host;

    public ProbeOptions Timing => options.Value;

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var details = new JsonObject();
        var problems = new List<(ServiceState State, string Text)>();
        var summary = new List<string>();

        if (await CpuPercentAsync(cancellationToken) is { } cpu)
        {
            details["cpuPercent"] = Math.Round(cpu, 1);
            summary.Add($"CPU {cpu:0} %");
        }

        if (await MemoryAsync(cancellationToken) is { } memory)
        {
            var percent = 100.0 * (memory.Total - memory.Available) / memory.Total;
            details["memoryPercent"] = Math.Round(percent, 1);
            details["memoryTotalBytes"] = memory.Total;
            summary.Add($"memory {percent:0} %");
            if (percent > settings.MemoryWarningPercent)
            {
                problems.Add((ServiceState.Warning, $"memory {percent:0} % in use"));
            }
        }

        var volumes = new JsonArray();
        foreach (var (name, path) in settings.Volumes.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!Directory.Exists(path))
            {
                problems.Add((ServiceState.Warning, $"{name} folder {path} does not exist"));
                volumes.Add(new JsonObject { ["name"] = name, ["path"] = path });
                continue;
            }

            var drive = new DriveInfo(path);
            var free = drive.AvailableFreeSpace;
            var total = drive.TotalSize;
            var freePercent = total > 0 ? 100.0 * free / total : 0;
            volumes.Add(new JsonObject
            {
                ["name"] = name,
                ["path"] = path,
                ["freeBytes"] = free,
                ["totalBytes"] = total,
                ["freePercent"] = Math.Round(freePercent, 1),
            });
            summary.Add($"{name} {Size(free)} free");
            if (freePercent < settings.CriticalFreeSpacePercent)
            {
                problems.Add((ServiceState.Error, $"{name} volume almost full: {Size(free)} free ({freePercent:0.#} %)"));
            }
            else if (freePercent < settings.MinimumFreeSpacePercent)
            {
                problems.Add((ServiceState.Warning, $"{name} volume low: {Size(free)} free ({freePercent:0.#} %, below {settings.MinimumFreeSpacePercent:0.#} %)"));
            }
        }

        details["volumes"] = volumes;
        var worst = problems.Count == 0 ? ServiceState.Ok : problems.Max(p => p.State);
        var message = problems.Count == 0
            ? string.Join(", ", summary)
            : string.Join("; ", problems.OrderByDescending(p => p.State).Select(p => p.Text));
        return [new CheckResult(CheckNames.Host, Kind, worst, message) { Details = details }];
    }

    /// <summary>Busy share of all CPU time since the previous check; the first check samples a quarter second.</summary>
    private async Task<double?> CpuPercentAsync(CancellationToken cancellationToken)
    {
        if (await ReadCpuAsync(cancellationToken) is not { } now)
        {
            return null;
        }

        if (_lastCpu is not { } before)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            before = now;
            now = await ReadCpuAsync(cancellationToken) ?? now;
        }

        _lastCpu = now;
        var total = now.Total - before.Total;
        return total == 0 ? 0 : 100.0 * (now.Busy - before.Busy) / total;
    }

    private static async Task<(ulong Busy, ulong Total)?> ReadCpuAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        var first = (await File.ReadAllLinesAsync("/proc/stat", cancellationToken)).FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (first is null)
        {
            return null;
        }

        // user nice system idle iowait irq softirq steal ...: idle and iowait are the idle time.
        var fields = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => ulong.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Aggregate(0UL, (sum, f) => sum + f);
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        return (total - idle, total);
    }

    private static async Task<(long Total, long Available)?> MemoryAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists("/proc/meminfo"))
        {
            return null;
        }

        var values = (await File.ReadAllLinesAsync("/proc/meminfo", cancellationToken))
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
        return values.TryGetValue("MemTotal", out var total) && values.TryGetValue("MemAvailable", out var available) && total > 0
            ? (total, available)
            : null;
    }

    private static string Size(long bytes) =>
        bytes >= 1L << 40 ? $"{bytes / (double)(1L << 40):0.#} TB"
        : bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.#} GB"
        : $"{bytes / (double)(1L << 20):0} MB";
}
