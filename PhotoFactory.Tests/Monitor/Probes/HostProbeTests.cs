using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor.Probes;

public sealed class HostProbeTests
{
    [Fact]
    public async Task The_host_reports_CPU_memory_and_the_free_space_of_each_photo_volume()
    {
        using var inbox = new TempDirectory("inbox");
        var probe = new HostProbe(Options.Create(new HostProbeOptions
        {
            Volumes = new() { ["inbox"] = inbox.Path },
            MinimumFreeSpacePercent = 0,
            CriticalFreeSpacePercent = 0,
            MemoryWarningPercent = 100,
        }));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal((CheckNames.Host, ServiceState.Ok), (result.Name, result.Status));
        Assert.InRange(result.Details!["cpuPercent"]!.GetValue<double>(), 0, 100);
        Assert.InRange(result.Details["memoryPercent"]!.GetValue<double>(), 0.1, 100);
        var volume = Assert.Single(result.Details["volumes"]!.AsArray())!;
        Assert.Equal(new DriveInfo(inbox.Path).AvailableFreeSpace, volume["freeBytes"]!.GetValue<long>(), (double)(64L << 20));
        Assert.Contains("inbox", result.Message);
    }

    [Fact]
    public async Task A_volume_below_the_free_space_threshold_is_a_warning_naming_it()
    {
        using var originals = new TempDirectory("originals");
        var probe = new HostProbe(Options.Create(new HostProbeOptions
        {
            Volumes = new() { ["originals"] = originals.Path },
            MinimumFreeSpacePercent = 100,
            CriticalFreeSpacePercent = 0,
            MemoryWarningPercent = 100,
        }));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Warning, result.Status);
        Assert.Contains("originals volume low", result.Message);
    }

    [Fact]
    public async Task A_volume_below_the_critical_threshold_is_an_error()
    {
        using var originals = new TempDirectory("originals");
        var probe = new HostProbe(Options.Create(new HostProbeOptions
        {
            Volumes = new() { ["originals"] = originals.Path },
            MinimumFreeSpacePercent = 100,
            CriticalFreeSpacePercent = 100,
            MemoryWarningPercent = 100,
        }));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Error, result.Status);
        Assert.Contains("originals volume almost full", result.Message);
    }

    [Fact]
    public async Task A_missing_folder_is_a_warning_not_a_crash()
    {
        var probe = new HostProbe(Options.Create(new HostProbeOptions
        {
            Volumes = new() { ["inbox"] = "/nonexistent/pf-monitor-tests/inbox" },
            MemoryWarningPercent = 100,
        }));

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Warning, result.Status);
        Assert.Contains("does not exist", result.Message);
    }
}
