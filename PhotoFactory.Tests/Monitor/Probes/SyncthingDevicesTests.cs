using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor.Probes;

/// <summary>
/// The factory's Syncthing paired with a "phone": two real Syncthings from Debian's package on loopback, sharing the
/// inbox folder, as a family's phone and the factory do.
/// </summary>
public sealed class SyncthingDevicesTests : IAsyncLifetime
{
    private const string PhoneName = "Anna's phone";
    private readonly TempDirectory _inbox = new("inbox");
    private readonly TempDirectory _camera = new("camera");
    private SyncthingServer _factory = null!;
    private SyncthingServer _phone = null!;
    private string _phoneId = "";

    public async ValueTask InitializeAsync()
    {
        _factory = await SyncthingServer.StartAsync();
        _phone = await SyncthingServer.StartAsync();
        _phoneId = await _factory.PairAsync(_phone, PhoneName);
        var factoryId = await _phone.PairAsync(_factory, "Photo Factory");
        await _factory.AddFolderAsync("inbox", _inbox.Path, _phoneId);
        await _phone.AddFolderAsync("inbox", _camera.Path, factoryId);
    }

    [Fact]
    public async Task A_connected_phone_is_a_row_with_its_name_and_its_share_of_the_inbox_in_sync()
    {
        var probe = Probe(new FakeTimeProvider(DateTimeOffset.UtcNow));

        var device = await Eventually.ReturnsAsync(async () => Device(await CheckAsync(probe)),
            d => d.Details!["connected"]!.GetValue<bool>(), "the phone connects to the factory", TimeSpan.FromSeconds(60));

        Assert.Equal(CheckNames.SyncthingDevice(_phoneId), device.Name);
        Assert.Equal((ServiceState.Ok, CheckNames.Kinds.SyncthingDevice), (device.Status, device.Kind));
        Assert.StartsWith($"{PhoneName}: connected", device.Message, StringComparison.Ordinal);
        Assert.Equal(PhoneName, device.Details!["name"]!.GetValue<string>());
        Assert.Equal(_phoneId, device.Details["deviceId"]!.GetValue<string>());
        Assert.True(device.Details["sharesInbox"]!.GetValue<bool>());
        Assert.Equal(100, device.Details["completion"]!.GetValue<double>());
        Assert.StartsWith("v1.", device.Details["clientVersion"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_phone_gone_quiet_is_last_seen_then_a_warning_once_silent_longer_than_configured()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var probe = Probe(clock);
        await Eventually.ReturnsAsync(async () => Device(await CheckAsync(probe)),
            d => d.Details!["connected"]!.GetValue<bool>(), "the phone connects to the factory", TimeSpan.FromSeconds(60));
        var stoppedAt = DateTimeOffset.UtcNow;

        await _phone.DisposeAsync();
        var gone = await Eventually.ReturnsAsync(async () => Device(await CheckAsync(probe)),
            d => !d.Details!["connected"]!.GetValue<bool>(), "the factory notices the phone has gone", TimeSpan.FromSeconds(60));

        Assert.Equal(ServiceState.Ok, gone.Status);
        Assert.Matches($"^{PhoneName}: last seen \\d+ s ago$", gone.Message);
        var lastSeen = DateTimeOffset.Parse(gone.Details!["lastSeen"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(lastSeen, stoppedAt.AddMinutes(-2), DateTimeOffset.UtcNow.AddSeconds(5));

        // Nine days later, by the Monitor's clock: past the three days it was told to allow. From now, not from when the
        // clock was made: the phone was last seen after that.
        clock.SetUtcNow(DateTimeOffset.UtcNow + TimeSpan.FromDays(9));
        var silent = Device(await CheckAsync(probe));

        Assert.Equal(ServiceState.Warning, silent.Status);
        Assert.Equal($"{PhoneName}: not seen for 9 days (a warning after 3 days)", silent.Message);
    }

    [Fact]
    public async Task A_device_paired_but_never_seen_is_a_warning_and_an_unpaired_one_says_so_once()
    {
        await using var laptop = await SyncthingServer.StartAsync();
        var laptopId = await laptop.DeviceIdAsync();
        // Paired on the factory's side only, at an address nobody answers: it never connects.
        await _factory.PairAsync(laptopId, "Laptop", $"tcp://127.0.0.1:{FreePort.Next()}");
        var probe = Probe(TimeProvider.System);

        var results = await CheckAsync(probe);
        var never = Assert.Single(results, r => r.Name == CheckNames.SyncthingDevice(laptopId));

        Assert.Equal((ServiceState.Warning, "Laptop: paired, but never connected; it does not share the inbox folder"), (never.Status, never.Message));
        Assert.Null(never.Details!["lastSeen"]);

        using (var client = _factory.CreateClient())
        {
            using var removed = await client.DeleteAsync($"rest/config/devices/{laptopId}", TestContext.Current.CancellationToken);
            removed.EnsureSuccessStatusCode();
        }

        var after = await CheckAsync(probe);
        var unpaired = Assert.Single(after, r => r.Name == CheckNames.SyncthingDevice(laptopId));
        Assert.Equal((ServiceState.Unknown, "Laptop: no longer paired with the factory's Syncthing"), (unpaired.Status, unpaired.Message));
        Assert.False(unpaired.Details!["paired"]!.GetValue<bool>());
        Assert.DoesNotContain(await CheckAsync(probe), r => r.Name == CheckNames.SyncthingDevice(laptopId));
        Assert.Contains(after, r => r.Name == CheckNames.SyncthingDevice(_phoneId));
    }

    [Fact]
    public async Task A_device_unpaired_while_the_Monitor_was_down_says_so_once_after_its_restart()
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Postgres, "devices");
        await using var laptop = await SyncthingServer.StartAsync();
        var laptopId = await laptop.DeviceIdAsync();
        await _factory.PairAsync(laptopId, "Laptop", $"tcp://127.0.0.1:{FreePort.Next()}");

        // The Monitor before its restart: its rows are what it leaves in the catalogue.
        var before = await CheckAsync(Probe(TimeProvider.System, catalog));
        await using (var db = catalog.CreateContext())
        {
            db.ServiceStatuses.AddRange(before.Where(result => result.Kind == CheckNames.Kinds.SyncthingDevice).Select(result => new ServiceStatus
            {
                ServiceName = result.Name,
                Status = result.Status,
                Message = result.Message,
                Details = result.Details!.ToJsonString(),
                LastHeartbeat = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
            }));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using (var client = _factory.CreateClient())
        {
            using var removed = await client.DeleteAsync($"rest/config/devices/{laptopId}", TestContext.Current.CancellationToken);
            removed.EnsureSuccessStatusCode();
        }

        var restarted = Probe(TimeProvider.System, catalog);
        var first = await CheckAsync(restarted);

        var unpaired = Assert.Single(first, r => r.Name == CheckNames.SyncthingDevice(laptopId));
        Assert.Equal((ServiceState.Unknown, "Laptop: no longer paired with the factory's Syncthing"), (unpaired.Status, unpaired.Message));
        Assert.Contains(first, r => r.Name == CheckNames.SyncthingDevice(_phoneId) && r.Status != ServiceState.Unknown);
        Assert.DoesNotContain(await CheckAsync(restarted), r => r.Name == CheckNames.SyncthingDevice(laptopId));
    }

    [Fact]
    public async Task A_photo_the_factory_cannot_take_in_is_named_on_the_Syncthing_row()
    {
        var probe = Probe(TimeProvider.System);
        // The Monitor's first check makes the inbox receive-only, which restarts and rescans the folder; the phone is
        // connected before anything is put in the way, so that what the factory's Syncthing meets when it pulls is an
        // item it never scanned, not one it could take for a local change of its own.
        await Eventually.ReturnsAsync(async () => Device(await CheckAsync(probe)),
            d => d.Details!["connected"]!.GetValue<bool>(), "the phone connects to the factory", TimeSpan.FromSeconds(90));
        await Eventually.ReturnsAsync(async () => (await CheckAsync(probe)).Single(r => r.Name == CheckNames.Syncthing),
            r => r.Details?["type"]?.GetValue<string>() == "receiveonly" && r.Details["state"]?.GetValue<string>() == "idle",
            "the factory's inbox is receive-only and idle", TimeSpan.FromSeconds(60));

        // Something in the inbox that is not the phone's, where the phone's photo must go: a folder of that name with a
        // file inside, which Syncthing will not delete to make room.
        var blocker = Directory.CreateDirectory(Path.Combine(_inbox.Path, "IMG_0001.JPG"));
        await File.WriteAllTextAsync(Path.Combine(blocker.FullName, "keep.txt"), "not the phone's", TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(_camera.Path, "IMG_0001.JPG"), [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], TestContext.Current.CancellationToken);
        using (var client = _phone.CreateClient())
        {
            using var scan = await client.PostAsync("rest/db/scan?folder=inbox", null, TestContext.Current.CancellationToken);
            scan.EnsureSuccessStatusCode();
        }

        CheckResult row;
        try
        {
            row = await Eventually.ReturnsAsync(async () => (await CheckAsync(probe)).Single(r => r.Name == CheckNames.Syncthing),
                r => r.Details?["failing"] is JsonArray, "the factory's Syncthing reports the file it cannot pull", TimeSpan.FromSeconds(120));
        }
        catch (Exception timedOut) when (timedOut is not OperationCanceledException)
        {
            // What each side knew, for whoever reads a failure in CI.
            throw new Xunit.Sdk.XunitException($"{timedOut.Message}\n{await StateAsync("factory", _factory)}\n{await StateAsync("phone", _phone)}");
        }

        Assert.Equal(ServiceState.Warning, row.Status);
        Assert.Contains("1 file(s) failing, e.g. IMG_0001.JPG: ", row.Message, StringComparison.Ordinal);
        Assert.StartsWith("IMG_0001.JPG: ", row.Details!["failing"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<string> StateAsync(string who, SyncthingServer server)
    {
        using var client = server.CreateClient();
        var state = new System.Text.StringBuilder($"{who}:");
        foreach (var path in new[] { "rest/system/connections", "rest/db/status?folder=inbox", "rest/folder/errors?folder=inbox" })
        {
            try
            {
                state.Append($"\n  {path}: {await client.GetStringAsync(path, TestContext.Current.CancellationToken)}");
            }
            catch (HttpRequestException e)
            {
                state.Append($"\n  {path}: {e.Message}");
            }
        }

        return state.ToString();
    }

    private SyncthingProbe Probe(TimeProvider clock, TestCatalog? catalog = null) =>
        new(_factory.Url, new ProbeHttp(), Options.Create(new SyncthingProbeOptions
        {
            ApiKey = _factory.ApiKey, InboxFolderId = "inbox", DeviceSilence = TimeSpan.FromDays(3),
        }), clock, catalog?.Contexts());

    private static async Task<IReadOnlyList<CheckResult>> CheckAsync(SyncthingProbe probe) =>
        await probe.CheckAsync(TestContext.Current.CancellationToken);

    private CheckResult Device(IReadOnlyList<CheckResult> results) =>
        Assert.Single(results, r => r.Name == CheckNames.SyncthingDevice(_phoneId));

    public async ValueTask DisposeAsync()
    {
        await _phone.DisposeAsync();
        await _factory.DisposeAsync();
        _inbox.Dispose();
        _camera.Dispose();
    }
}
