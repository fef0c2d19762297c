using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using PhotoFactory.AppHost;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;
using PhotoFactory.Tests.Infrastructure.Immich;

namespace PhotoFactory.Tests.Monitor.Immich;

/// <summary>
/// The Monitor keeping Immich's external library over the originals and telling Immich about newly filed photos,
/// against a loopback Immich that answers only what Immich's own API description (v3.2.2) allows.
/// </summary>
public sealed class ImmichLibrarySyncTests : IAsyncLifetime
{
    private const string ApiKey = "immich-test-key";
    private const string ImportPath = "/mnt/media/originals";
    private readonly TempDirectory _originals = new("originals");
    private TestCatalog _catalog = null!;
    private FakeImmich _immich = null!;

    public async ValueTask InitializeAsync()
    {
        _catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Postgres);
        _immich = await FakeImmich.StartAsync(ApiKey, _originals.Path);
    }

    [Fact]
    public void The_description_checked_against_is_that_of_the_Immich_the_factory_deploys()
    {
        Assert.Equal($"v{ImmichApiDescription.Version}", ImmichExtensions.Version);
    }

    [Fact]
    public async Task The_description_is_Immichs_own_and_the_stand_in_refuses_what_it_does_not_allow()
    {
        var api = await ImmichApiDescription.LoadAsync();
        Assert.Equal($"Immich {ImmichApiDescription.Version}", api.Title);
        Assert.Equal("x-api-key", api.ApiKeyHeader);
        // What else calls Immich: the Monitor's health probe, and Homepage's widget (version 2 of its Immich widget).
        Assert.Equal("pingServer", api.Find("GET", "/api/server/ping")?.Name);
        Assert.Equal("getServerStatistics", api.Find("GET", "/api/server/statistics")?.Name);

        using var client = new HttpClient { BaseAddress = _immich.Url };
        client.DefaultRequestHeaders.Add("x-api-key", ApiKey);
        var ct = TestContext.Current.CancellationToken;
        // A path Immich does not have, a method it does not take there, a field its body type lacks, a required field left
        // out, and a call without the key: each is refused and recorded.
        (await client.GetAsync("api/library", ct)).Dispose();
        (await client.PutAsync($"api/libraries/{Guid.NewGuid()}/scan", null, ct)).Dispose();
        (await client.PostAsJsonAsync("api/libraries", new { ownerId = Guid.NewGuid(), importPath = ImportPath }, ct)).Dispose();
        (await client.PostAsJsonAsync("api/libraries", new { name = "no owner" }, ct)).Dispose();
        (await client.PostAsJsonAsync("api/search/metadata", new { filter = new { originalPath = new { equals = "x" } } }, ct)).Dispose();
        using (var keyless = new HttpClient { BaseAddress = _immich.Url })
        {
            (await keyless.GetAsync("api/libraries", ct)).Dispose();
        }

        Assert.Collection(_immich.Violations,
            v => Assert.Equal("GET /api/library: no such operation in Immich 3.2.2", v),
            v => Assert.Equal($"PUT /api/libraries/{v.Split('/')[3]}/scan: no such operation in Immich 3.2.2", v),
            v => Assert.Equal("POST /api/libraries: CreateLibraryDto has no field 'importPath'", v),
            v => Assert.Equal("POST /api/libraries: CreateLibraryDto needs 'ownerId'", v),
            v => Assert.Equal("POST /api/search/metadata: filter: originalPath: StringPatternFilter has no field 'equals'", v),
            v => Assert.Equal("GET /api/libraries: without the API key in 'x-api-key'", v));
    }

    [Fact]
    public async Task A_missing_library_is_created_for_the_keys_user_and_another_library_is_left_alone()
    {
        var someoneElse = Guid.NewGuid();
        var theirs = _immich.AddLibrary(someoneElse, "Holiday scans", ImportPath);
        await using var monitor = await StartMonitorAsync();

        // The row turns OK once the library exists ("no scan asked for yet"), and says so once the scan is asked for.
        var row = await monitor.WaitForRowAsync(_catalog, CheckNames.ImmichLibrary,
            r => r.Status == ServiceState.Ok && r.Message!.Contains(": asked to scan", StringComparison.Ordinal), "is OK and has asked for a scan", TimeSpan.FromSeconds(30));

        var libraries = _immich.Libraries;
        Assert.Equal(2, libraries.Count);
        var ours = Assert.Single(libraries, l => l["ownerId"]!.GetValue<string>() == _immich.AdminId.ToString());
        Assert.Equal(("Photo Factory originals", ImportPath), (ours["name"]!.GetValue<string>(), ours["importPaths"]![0]!.GetValue<string>()));
        Assert.Equal(theirs.ToJsonString(), libraries.Single(l => l["id"]!.GetValue<string>() == theirs["id"]!.GetValue<string>()).ToJsonString());
        Assert.DoesNotContain(_immich.Calls, c => c.StartsWith("PUT ", StringComparison.Ordinal) || c.StartsWith("DELETE ", StringComparison.Ordinal));
        Assert.StartsWith($"library \"Photo Factory originals\" at {ImportPath}: asked to scan", row.Message, StringComparison.Ordinal);
        Assert.Empty(_immich.Violations);
    }

    [Fact]
    public async Task An_existing_library_over_the_originals_is_used_not_duplicated()
    {
        var existing = _immich.AddLibrary(_immich.AdminId, "Made by hand", ImportPath);
        await using var monitor = await StartMonitorAsync();

        await monitor.WaitForRowAsync(_catalog, CheckNames.ImmichLibrary, r => r.Status == ServiceState.Ok, "is OK", TimeSpan.FromSeconds(30));

        Assert.Single(_immich.Libraries);
        Assert.All(_immich.Scans, scan => Assert.Equal(existing["id"]!.GetValue<string>(), scan.Library.ToString()));
        Assert.DoesNotContain("POST /api/libraries", _immich.Calls);
        Assert.Empty(_immich.Violations);
    }

    [Fact]
    public async Task A_filed_photo_is_scanned_for_and_linked_and_a_burst_is_one_scan()
    {
        await using var monitor = await StartMonitorAsync(("Monitor:Immich:ScanInterval", "00:00:03"), ("Monitor:Immich:QuietPeriod", "00:00:01"));
        await Eventually.HoldsAsync(() => _immich.Scans.Count == 1, "the start-up scan", TimeSpan.FromSeconds(30));

        var first = await FileAsync("2024/2024-05-01/IMG_0001.JPG");
        var linked = await Eventually.ReturnsAsync(() => ImmichIdAsync(first), id => id is not null, "the photo is linked to its Immich asset", TimeSpan.FromSeconds(30));
        Assert.Equal(_immich.AssetAt($"{ImportPath}/2024/2024-05-01/IMG_0001.JPG"), linked);
        Assert.Equal(2, _immich.Scans.Count);

        // Ten photos a quarter of a second apart: one scan once they stop, not one per poll.
        var burst = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            burst.Add(await FileAsync($"2024/2024-05-02/IMG_{i:0000}.JPG"));
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        foreach (var photo in burst)
        {
            await Eventually.ReturnsAsync(() => ImmichIdAsync(photo), id => id is not null, "each photo of the burst is linked", TimeSpan.FromSeconds(30));
        }

        var scans = _immich.Scans;
        Assert.InRange(scans.Count, 3, 4);
        Assert.All(scans.Zip(scans.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromSeconds(2.5), "at most one scan per interval"));
        Assert.Empty(_immich.Violations);
    }

    [Fact]
    public async Task Immich_failing_is_an_error_row_retried_until_it_answers()
    {
        await FileAsync("2023/2023-01-01/A.JPG");
        _immich.FailWith = HttpStatusCode.InternalServerError;
        await using var monitor = await StartMonitorAsync();

        var failing = await monitor.WaitForRowAsync(_catalog, CheckNames.ImmichLibrary, r => r.Status == ServiceState.Error, "is an error", TimeSpan.FromSeconds(30));
        Assert.Contains("HTTP 500", failing.Message, StringComparison.Ordinal);
        Assert.Contains("tried again every 1 s", failing.Message, StringComparison.Ordinal);

        _immich.FailWith = null;
        await monitor.WaitForRowAsync(_catalog, CheckNames.ImmichLibrary, r => r.Status == ServiceState.Ok && r.Message!.Contains("1 photos in Immich", StringComparison.Ordinal),
            "is OK with the photo in Immich", TimeSpan.FromSeconds(30));
        Assert.NotEmpty(_immich.Scans);
        Assert.Empty(_immich.Violations);
    }

    [Fact]
    public async Task Without_an_API_key_nothing_is_sent_and_the_row_says_why()
    {
        await using var monitor = await StartMonitorAsync(("Monitor:Immich:ApiKey", ""));

        var row = await monitor.WaitForRowAsync(_catalog, CheckNames.ImmichLibrary, r => r.Status == ServiceState.Unknown, "is UNKNOWN", TimeSpan.FromSeconds(30));

        Assert.StartsWith("no Immich API key given", row.Message, StringComparison.Ordinal);
        // Only the health probe's ping, which needs no key.
        Assert.All(_immich.Calls, call => Assert.Equal("GET /api/server/ping", call));
    }

    private Task<MonitorHost> StartMonitorAsync(params (string Key, string? Value)[] settings) =>
        MonitorHost.StartAsync(_catalog, [
            ("Monitor:Targets:immich-server", _immich.Url.ToString()),
            ("Monitor:Immich:ApiKey", ApiKey),
            ("Monitor:Immich:Interval", "00:00:01"),
            ("Monitor:Immich:Timeout", "00:00:01"),
            ("Monitor:Immich:PollInterval", "00:00:01"),
            ("Monitor:Immich:QuietPeriod", "00:00:00"),
            ("Monitor:Immich:ScanInterval", "00:00:01"),
            .. settings,
        ]);

    /// <summary>A photo as the Librarian files it: the file under the originals, then its row in the catalogue.</summary>
    private async Task<Guid> FileAsync(string finalPath)
    {
        var file = Path.Combine(_originals.Path, finalPath);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, Guid.NewGuid().ToByteArray(), TestContext.Current.CancellationToken);
        await using var db = _catalog.CreateContext();
        var asset = new MediaAsset
        {
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken))),
            OriginalName = Path.GetFileName(finalPath),
            OriginalPath = Path.GetFileName(finalPath),
            FinalPath = finalPath,
            IngestedAt = DateTime.UtcNow,
            CreatedAt = DateTime.UtcNow,
        };
        db.MediaAssets.Add(asset);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return asset.Id;
    }

    private async Task<Guid?> ImmichIdAsync(Guid asset)
    {
        await using var db = _catalog.CreateContext();
        return await db.MediaAssets.Where(a => a.Id == asset).Select(a => a.ImmichAssetId).SingleAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _immich.DisposeAsync();
        await _catalog.DisposeAsync();
        _originals.Dispose();
    }
}
