using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace PhotoFactory.Tests.Infrastructure;

/// <summary>
/// A real <c>syncthing</c> with its own home folder, its GUI/REST API on a free loopback port and the API key
/// given as STGUIAPIKEY (as the AppHost does), kept off the network: no discovery, relays or NAT.
/// </summary>
public sealed class SyncthingServer : IAsyncDisposable
{
    private readonly ProcessRun _process;
    private readonly TempDirectory _home;
    private bool _disposed;

    private SyncthingServer(ProcessRun process, TempDirectory home, int port, int syncPort, string apiKey)
    {
        _process = process;
        _home = home;
        Url = new Uri($"http://127.0.0.1:{port}/");
        SyncAddress = $"tcp://127.0.0.1:{syncPort}";
        ApiKey = apiKey;
    }

    public Uri Url { get; }

    public string ApiKey { get; }

    /// <summary>Where other devices reach this one (its only listen address, on loopback).</summary>
    public string SyncAddress { get; }

    public static async Task<SyncthingServer> StartAsync()
    {
        var binary = RequiredBinary.Find("syncthing", "syncthing");
        var home = new TempDirectory("syncthing");
        var generate = ProcessRun.Start(binary, ["generate", "--home", home.Path, "--no-default-folder"]);
        await using (generate)
        {
            Assert.Equal(0, await generate.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        var syncPort = FreePort.Next();
        KeepOffTheNetwork(Path.Combine(home.Path, "config.xml"), syncPort);
        var port = FreePort.Next();
        var apiKey = Guid.NewGuid().ToString("N");
        var process = ProcessRun.Start(binary,
            ["serve", "--home", home.Path, "--no-browser", "--no-restart", "--no-default-folder", $"--gui-address=127.0.0.1:{port}"],
            new Dictionary<string, string?> { ["STGUIAPIKEY"] = apiKey, ["STNOUPGRADE"] = "1" });
        var server = new SyncthingServer(process, home, port, syncPort, apiKey);
        try
        {
            await Eventually.HoldsAsync(server.IsHealthyAsync, $"syncthing answers on port {port}", TimeSpan.FromSeconds(30));
            return server;
        }
        catch
        {
            // Nobody else holds it yet: a server that never answered must not outlive the test.
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client sending the API key, for setting Syncthing up as a test needs.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = Url };
        client.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        return client;
    }

    /// <summary>This device's id, as another device pairs with it.</summary>
    public async Task<string> DeviceIdAsync()
    {
        using var client = CreateClient();
        var status = await client.GetFromJsonAsync<JsonObject>("rest/system/status");
        return status!["myID"]!.GetValue<string>();
    }

    /// <summary>Pairs this device with <paramref name="other"/> under <paramref name="name"/>, reaching it on loopback.</summary>
    public async Task<string> PairAsync(SyncthingServer other, string name)
    {
        var deviceId = await other.DeviceIdAsync();
        await PairAsync(deviceId, name, other.SyncAddress);
        return deviceId;
    }

    /// <summary>Pairs this device with a device id (one that may never connect) under <paramref name="name"/>.</summary>
    public async Task PairAsync(string deviceId, string name, string address)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("rest/config/devices", new { deviceID = deviceId, name, addresses = new[] { address } });
        Assert.True(response.IsSuccessStatusCode, $"pairing with {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Adds a send-receive folder, shared with <paramref name="devices"/>, and waits until Syncthing has scanned it once.</summary>
    public async Task AddFolderAsync(string id, string path, params string[] devices)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("rest/config/folders", new
        {
            id, label = id, path, type = "sendreceive", rescanIntervalS = 3600, fsWatcherEnabled = false,
            devices = devices.Select(device => new { deviceID = device }).ToArray(),
        });
        Assert.True(response.IsSuccessStatusCode, $"adding folder {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await Eventually.HoldsAsync(async () =>
        {
            using var status = await client.GetAsync($"rest/db/status?folder={id}");
            return status.IsSuccessStatusCode
                && JsonNode.Parse(await status.Content.ReadAsStringAsync())?["state"]?.GetValue<string>() == "idle";
        }, $"folder {id} is idle", TimeSpan.FromSeconds(30));
    }

    private async Task<bool> IsHealthyAsync()
    {
        Assert.False(_process.HasExited, $"syncthing exited: {_process.StandardOutput}{_process.StandardError}");
        try
        {
            using var client = CreateClient();
            return (await client.GetAsync("rest/system/ping")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static void KeepOffTheNetwork(string configFile, int syncPort)
    {
        var config = XDocument.Load(configFile);
        var options = config.Root!.Element("options")!;
        options.Elements("listenAddress").Remove();
        options.AddFirst(new XElement("listenAddress", $"tcp://127.0.0.1:{syncPort}"));
        foreach (var (name, value) in new[]
        {
            ("globalAnnounceEnabled", "false"), ("localAnnounceEnabled", "false"), ("relaysEnabled", "false"),
            ("natEnabled", "false"), ("startBrowser", "false"), ("urAccepted", "-1"), ("crashReportingEnabled", "false"),
            // A device that dialled before the other side had paired with it tries again in seconds, not in a minute.
            ("autoUpgradeIntervalH", "0"), ("reconnectionIntervalS", "3"),
        })
        {
            options.Element(name)?.SetValue(value);
        }

        config.Save(configFile);
    }

    /// <summary>Stops Syncthing; a test may stop it early, so a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _process.DisposeAsync();
        _home.Dispose();
    }
}
