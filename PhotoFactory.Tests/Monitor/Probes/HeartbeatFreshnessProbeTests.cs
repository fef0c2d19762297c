using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Tests.Catalog;

namespace PhotoFactory.Tests.Monitor.Probes;

public sealed class HeartbeatFreshnessProbeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    [Theory, CatalogProviders]
    public async Task A_service_whose_heartbeat_is_fresh_is_OK_and_one_that_stopped_beating_is_an_error(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var time = new FakeTimeProvider(Start);
        var recorder = new HeartbeatRecorder(catalog.Contexts(), time);
        await recorder.RecordAsync("librarian", HeartbeatReport.Running, TestContext.Current.CancellationToken);
        await recorder.RecordAsync("dashboard", HeartbeatReport.Running, TestContext.Current.CancellationToken);
        var probe = Probe(catalog, time);

        time.Advance(TimeSpan.FromMinutes(4));
        var results = (await probe.CheckAsync(TestContext.Current.CancellationToken)).ToDictionary(r => r.Name);

        // The Librarian beats every minute: four minutes of silence is more than three missed beats.
        Assert.Equal(ServiceState.Error, results["librarian/heartbeat"].Status);
        Assert.Contains("last heartbeat 4 min ago (expected every 60 s)", results["librarian/heartbeat"].Message);
        // The Dashboard beats every five minutes: still fresh.
        Assert.Equal(ServiceState.Ok, results["dashboard/heartbeat"].Status);
        Assert.Equal(240, results["dashboard/heartbeat"].Details!["ageSeconds"]!.GetValue<double>());
    }

    [Theory, CatalogProviders]
    public async Task A_service_whose_last_heartbeat_said_stopping_is_an_error_at_once(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var time = new FakeTimeProvider(Start);
        await new HeartbeatRecorder(catalog.Contexts(), time).RecordAsync("librarian",
            HeartbeatReport.Running with { CurrentTask = HeartbeatReport.StoppingTask }, TestContext.Current.CancellationToken);

        var results = (await Probe(catalog, time).CheckAsync(TestContext.Current.CancellationToken)).ToDictionary(r => r.Name);

        Assert.Equal(ServiceState.Error, results["librarian/heartbeat"].Status);
        Assert.StartsWith("stopped", results["librarian/heartbeat"].Message);
    }

    [Theory, CatalogProviders]
    public async Task A_service_that_never_wrote_a_heartbeat_is_unknown_at_first_and_an_error_once_it_is_overdue(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var time = new FakeTimeProvider(Start);
        var probe = Probe(catalog, time);

        var early = (await probe.CheckAsync(TestContext.Current.CancellationToken)).Single(r => r.Name == "librarian/heartbeat");
        time.Advance(TimeSpan.FromMinutes(5));
        var late = (await probe.CheckAsync(TestContext.Current.CancellationToken)).Single(r => r.Name == "librarian/heartbeat");

        Assert.Equal(ServiceState.Unknown, early.Status);
        Assert.Equal(ServiceState.Error, late.Status);
        Assert.Contains("no heartbeat at all", late.Message);
    }

    [Theory, CatalogProviders]
    public async Task Without_the_catalogue_heartbeats_are_unknown_not_failing(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var time = new FakeTimeProvider(Start);
        var probe = Probe(catalog, time);
        await catalog.TakeOfflineAsync();

        var results = await probe.CheckAsync(TestContext.Current.CancellationToken);

        Assert.All(results, r => Assert.Equal(ServiceState.Unknown, r.Status));
        Assert.All(results, r => Assert.Contains("catalogue unreachable", r.Message));
    }

    private static HeartbeatFreshnessProbe Probe(TestCatalog catalog, TimeProvider time) =>
        new(catalog.Contexts(), PostgresProbeTests.Ready(), Options.Create(new HeartbeatProbeOptions
        {
            Services = new() { ["librarian"] = TimeSpan.FromMinutes(1), ["dashboard"] = TimeSpan.FromMinutes(5) },
            MissedBeats = 3,
        }), time);
}
