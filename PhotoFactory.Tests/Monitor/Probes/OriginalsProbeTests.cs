using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Integrity;
using PhotoFactory.Monitor;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor.Probes;

/// <summary>The Monitor's row for the scrub of the originals: a finding is an error like a failed service.</summary>
public sealed class OriginalsProbeTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);

    [Theory, CatalogProviders]
    public async Task The_row_is_unknown_before_a_pass_ok_after_one_and_an_error_naming_each_kind_while_findings_stand(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        var probe = Probe(catalog);

        var before = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));
        Assert.Equal((CheckNames.Originals, ServiceState.Unknown, "no scrub pass yet"), (before.Name, before.Status, before.Message));

        await using (var db = catalog.CreateContext())
        {
            db.ScrubPasses.Add(new ScrubPass
            {
                Id = 1, Owner = "box:1:1", StartedAt = Now.AddDays(-3), CompletedAt = Now.AddDays(-3).AddHours(2), UpdatedAt = Now.AddDays(-3).AddHours(2),
                AssetsTotal = 1200, AssetsChecked = 1200, AssetsDone = true, BytesRead = 6_000_000_000, ReadSeconds = 200,
            });
            db.ScrubPasses.Add(new ScrubPass
            {
                Id = 2, Owner = "box:1:1", StartedAt = Now.AddHours(-1), UpdatedAt = Now, AssetsTotal = 1204, AssetsChecked = 301, BytesRead = 1_500_000_000, ReadSeconds = 50,
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var clean = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));
        Assert.Equal(ServiceState.Ok, clean.Status);
        Assert.Equal("every file proved as filed 2 days ago (1200 files); pass 2 under way: 25 % (301 of 1204 files) at 30.0 MB/s", clean.Message);

        await using (var db = catalog.CreateContext())
        {
            db.ScrubFindings.AddRange(
                Finding(ScrubFindingKind.ContentChanged, "2019/2019-06-06/IMG_1.JPG", "SHA-256 aa", "SHA-256 bb", Now.AddMinutes(-5)),
                Finding(ScrubFindingKind.Missing, "2019/2019-06-06/IMG_2.JPG", "10 bytes", "no file at this path", Now.AddMinutes(-4)),
                Finding(ScrubFindingKind.Missing, "2019/2019-06-07/IMG_3.JPG", "10 bytes", "no file at this path", Now.AddMinutes(-3)),
                Finding(ScrubFindingKind.Untracked, "2019/stray.txt", "only catalogued files", "3 bytes", Now.AddMinutes(-2)),
                Finding(ScrubFindingKind.Writable, "2019/2019-06-06/IMG_4.JPG", "read-only", "rw-r--r--", Now.AddMinutes(-1), resolved: true));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var found = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));
        Assert.Equal(ServiceState.Error, found.Status);
        Assert.Equal("4 file(s) in the originals are not as filed: 1 content changed, 2 missing, 1 not catalogued; "
            + "first: content changed 2019/2019-06-06/IMG_1.JPG (found SHA-256 bb)", found.Message);
        Assert.Equal(4, found.Details!["findings"]!.GetValue<int>());
        Assert.Equal(2, found.Details!["byKind"]!["Missing"]!.GetValue<int>());
    }

    [Theory, CatalogProviders]
    public async Task A_library_not_scrubbed_for_longer_than_allowed_is_a_warning(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await using (var db = catalog.CreateContext())
        {
            db.ScrubPasses.Add(new ScrubPass { Id = 1, Owner = "box:1:1", StartedAt = Now.AddDays(-50), CompletedAt = Now.AddDays(-50), UpdatedAt = Now.AddDays(-50), AssetsDone = true });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var row = Assert.Single(await Probe(catalog).CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Warning, row.Status);
        Assert.StartsWith("no complete scrub pass for 50 days", row.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finding_calls_the_webhook_as_a_failed_service_does()
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Sqlite);
        await using (var db = catalog.CreateContext())
        {
            db.ScrubFindings.Add(Finding(ScrubFindingKind.ContentChanged, "2019/2019-06-06/IMG_1.JPG", "SHA-256 aa", "SHA-256 bb", DateTime.UtcNow));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var calls = new ConcurrentQueue<(string Body, string? Title)>();
        await using var ntfy = await LoopbackHttpServer.StartAsync(app => app.MapPost("/photo-factory", async (HttpRequest request) =>
        {
            calls.Enqueue((await new StreamReader(request.Body).ReadToEndAsync(), request.Headers["Title"].FirstOrDefault()));
            return Results.Ok();
        }));
        await using var monitor = await MonitorHost.StartAsync(catalog,
            ("Monitor:Originals:Interval", "00:00:01"), ("Monitor:Originals:Timeout", "00:00:01"),
            ("Monitor:Webhook:Url", new Uri(ntfy.Url, "photo-factory").ToString()));

        await Eventually.HoldsAsync(() => calls.Any(c => c.Title == "Photo Factory: librarian/originals failing"), () => $"the webhook is called for the finding; calls: {string.Join(" | ", calls.Select(c => $"{c.Title}: {c.Body}"))}; board: {string.Join(" | ", monitor.Board.Latest.Values.Select(r => $"{r.Name} {r.Status} {r.Message}"))}");
        var call = calls.Single(c => c.Title == "Photo Factory: librarian/originals failing");
        Assert.Equal("librarian/originals is ERROR: 1 file(s) in the originals are not as filed: 1 content changed; "
            + "first: content changed 2019/2019-06-06/IMG_1.JPG (found SHA-256 bb)", call.Body);
        // The webhook goes out as the result is published; its row is written to the catalogue a moment later.
        await monitor.WaitForRowAsync(catalog, CheckNames.Originals, row => row.Status == ServiceState.Error, "is ERROR in the catalogue");
    }

    private static ScrubFinding Finding(ScrubFindingKind kind, string path, string expected, string found, DateTime seen, bool resolved = false) => new()
    {
        Kind = kind, Path = path, Expected = expected, Found = found, FirstSeenAt = seen, LastSeenAt = seen, ResolvedAt = resolved ? seen : null,
    };

    private static OriginalsProbe Probe(TestCatalog catalog) =>
        new(catalog.Contexts(), PostgresProbeTests.Ready(), Options.Create(new OriginalsProbeOptions()), new FakeTimeProvider(Now));
}
