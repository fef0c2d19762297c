using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor;

public sealed class MonitorTelemetryTests
{
    [Fact]
    public async Task Each_check_records_its_latency_and_the_status_gauge_reports_every_row()
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Sqlite);
        await using var immich = await LoopbackHttpServer.StartAsync(app => app.MapGet("/api/server/ping", () => Results.Json(new { res = "pong" })));
        var latencies = new List<(double Seconds, string? Service)>();
        var statuses = new Dictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MonitorTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            lock (latencies)
            {
                latencies.Add((value, Tag(tags, "service")));
            }
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            lock (statuses)
            {
                statuses[Tag(tags, "service")!] = value;
            }
        });
        listener.Start();

        await using var monitor = await MonitorHost.StartAsync(catalog, ("Monitor:Targets:immich-server", immich.Url.ToString()));
        await Eventually.HoldsAsync(() => monitor.Board.Latest.ContainsKey("immich-server") && monitor.Board.Latest.ContainsKey("syncthing"), "both are checked");
        listener.RecordObservableInstruments();

        lock (latencies)
        {
            Assert.Contains(latencies, l => l.Service == "immich-server" && l.Seconds > 0);
        }

        lock (statuses)
        {
            Assert.Equal((int)ServiceState.Ok, statuses["immich-server"]);
            Assert.Equal((int)ServiceState.Unknown, statuses["syncthing"]);
        }
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
