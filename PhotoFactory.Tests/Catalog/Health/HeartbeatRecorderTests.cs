using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Tests.Catalog.Health;

public sealed class HeartbeatRecorderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    [Theory, CatalogProviders]
    public async Task The_first_heartbeat_creates_the_service_status_row_and_a_history_row(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var recorder = new HeartbeatRecorder(catalog.Contexts(), new FakeTimeProvider(Start));

        var recordedAt = await recorder.RecordAsync("librarian", new HeartbeatReport(ServiceState.Ok)
        {
            CurrentTask = "watching the inbox",
            QueueLength = 3,
            Latency = TimeSpan.FromMilliseconds(12.5),
        }, TestContext.Current.CancellationToken);

        await using var db = catalog.CreateContext();
        var status = Assert.Single(await db.ServiceStatuses.ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal("librarian", status.ServiceName);
        Assert.Equal(ServiceState.Ok, status.Status);
        Assert.Equal("watching the inbox", status.CurrentTask);
        Assert.Equal(3, status.QueueLength);
        Assert.Equal(12.5, status.LatencyMilliseconds);
        Assert.Equal(Start.UtcDateTime, status.LastHeartbeat);
        Assert.Equal(DateTimeKind.Utc, status.LastHeartbeat.Kind);
        Assert.Equal(Start.UtcDateTime, status.UpdatedAt);
        Assert.Equal(Start.UtcDateTime, recordedAt);
        var history = Assert.Single(await db.ServiceStatusHistory.ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(("librarian", ServiceState.Ok, "watching the inbox", 12.5), (history.ServiceName, history.Status, history.CurrentTask, history.LatencyMilliseconds));
        Assert.Equal(Start.UtcDateTime, history.HeartbeatTimestamp);
    }

    [Theory, CatalogProviders]
    public async Task Later_heartbeats_update_the_status_in_place_and_add_to_the_history(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var time = new FakeTimeProvider(Start);
        var recorder = new HeartbeatRecorder(catalog.Contexts(), time);
        var ct = TestContext.Current.CancellationToken;

        await recorder.RecordAsync("librarian", new HeartbeatReport(ServiceState.Ok) { CurrentTask = "watching the inbox", QueueLength = 3 }, ct);
        time.Advance(TimeSpan.FromSeconds(30));
        await recorder.RecordAsync("librarian", new HeartbeatReport(ServiceState.Error) { Message = "originals not writable" }, ct);
        await recorder.RecordAsync("monitor", HeartbeatReport.Running, ct);

        await using var db = catalog.CreateContext();
        var librarian = await db.ServiceStatuses.SingleAsync(s => s.ServiceName == "librarian", ct);
        Assert.Equal(ServiceState.Error, librarian.Status);
        Assert.Equal("originals not writable", librarian.Message);
        Assert.Null(librarian.CurrentTask);
        Assert.Null(librarian.QueueLength);
        Assert.Equal(Start.AddSeconds(30).UtcDateTime, librarian.LastHeartbeat);
        Assert.Equal(2, await db.ServiceStatuses.CountAsync(ct));

        var history = await db.ServiceStatusHistory
            .Where(h => h.ServiceName == "librarian")
            .OrderBy(h => h.HeartbeatTimestamp)
            .Select(h => new { h.Status, h.HeartbeatTimestamp })
            .ToListAsync(ct);
        Assert.Equal([(ServiceState.Ok, Start.UtcDateTime), (ServiceState.Error, Start.AddSeconds(30).UtcDateTime)],
            history.Select(h => (h.Status, h.HeartbeatTimestamp)));
    }

    [Theory, CatalogProviders]
    public async Task Status_is_stored_in_the_original_upper_case_words(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var recorder = new HeartbeatRecorder(catalog.Contexts(), new FakeTimeProvider(Start));
        var ct = TestContext.Current.CancellationToken;

        await recorder.RecordAsync("librarian", new HeartbeatReport(ServiceState.Warning), ct);

        await using var db = catalog.CreateContext();
        Assert.Equal("WARNING", await db.Database.SqlQuery<string>($"SELECT status AS \"Value\" FROM system_status").SingleAsync(ct));
        Assert.Equal("WARNING", await db.Database.SqlQuery<string>($"SELECT status AS \"Value\" FROM system_status_history").SingleAsync(ct));
    }

    [Theory, CatalogProviders]
    public async Task A_task_description_too_long_for_its_column_is_shortened_rather_than_failing_the_heartbeat(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var recorder = new HeartbeatRecorder(catalog.Contexts(), new FakeTimeProvider(Start));
        var task = "filing " + string.Join('/', Enumerable.Repeat("a very deep folder", 40));

        await recorder.RecordAsync("librarian", new HeartbeatReport(ServiceState.Ok) { CurrentTask = task }, TestContext.Current.CancellationToken);

        await using var db = catalog.CreateContext();
        var status = await db.ServiceStatuses.SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(512, status.CurrentTask!.Length);
        Assert.StartsWith("filing a very deep folder/", status.CurrentTask);
        Assert.EndsWith("…", status.CurrentTask);
    }

    [Theory, CatalogProviders]
    public async Task Simultaneous_first_heartbeats_of_one_service_all_land(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var recorder = new HeartbeatRecorder(catalog.Contexts(), new FakeTimeProvider(Start));

        // Two writers both finding no row and both inserting it is the race the recorder must survive.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            recorder.RecordAsync("monitor", new HeartbeatReport(ServiceState.Ok) { QueueLength = i }, TestContext.Current.CancellationToken))));

        await using var db = catalog.CreateContext();
        Assert.Single(await db.ServiceStatuses.ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(6, await db.ServiceStatusHistory.CountAsync(TestContext.Current.CancellationToken));
    }
}
