using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.EndToEnd;

/// <summary>
/// A second Syncthing, the user's phone: a container of the same image on the factory's compose network, its camera
/// folder a host folder the test writes into. Paired with the factory's Syncthing the way a user pairs a device,
/// through both REST APIs: each learns the other's device ID, and the phone shares its camera folder into the
/// factory's default folder (the inbox). Nothing else of the factory's Syncthing is touched.
/// </summary>
internal sealed class Phone : IAsyncDisposable
{
    private const string Folder = "default";
    private const string Name = "photofactory-e2e-phone";

    private readonly string _container;
    private readonly HttpClient _client;

    private Phone(string container, string camera, int port, string apiKey)
    {
        _container = container;
        Camera = camera;
        Port = port;
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        _client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
    }

    public string Container => _container;

    /// <summary>The loopback port the test reaches the phone's REST API on (the test's own, not the factory's).</summary>
    public int Port { get; }

    /// <summary>The phone's camera folder, on this machine.</summary>
    public string Camera { get; }

    public static async Task<Phone> StartAsync(FactoryDeployment factory)
    {
        var camera = await factory.FolderAsync("phone-camera");
        var config = await factory.FolderAsync("phone-config");
        var apiKey = Guid.NewGuid().ToString("N");
        var port = FreePort.Next();
        await DockerEngine.TryAsync("docker", ["rm", "--force", Name]);
        var container = (await DockerEngine.DockerAsync("run", "--detach", "--name", Name, "--network", factory.Network,
            "--env", $"STGUIAPIKEY={apiKey}", "--env", $"PUID={FactoryDeployment.Owner}", "--env", $"PGID={FactoryDeployment.Owner}",
            "--volume", $"{config}:/var/syncthing/config", "--volume", $"{camera}:/var/syncthing/Sync",
            "--publish", $"127.0.0.1:{port}:8384", Tag)).Trim();
        var phone = new Phone(container, camera, port, apiKey);
        await Eventually.HoldsAsync(phone.AnswersAsync, "the phone's Syncthing answers", TimeSpan.FromMinutes(1));
        return phone;
    }

    private static string Tag => StandInServiceImages.Syncthing;

    /// <summary>
    /// Once the factory has made its inbox folder receive-only (the Monitor does, with the API key it was given) and its
    /// GUI is locked (Syncthing's start script does; the user only pairs devices), a phone started and paired with it.
    /// </summary>
    public static async Task<Phone> PairedAsync(FactoryDeployment factory, HttpClient syncthing, TimeSpan timeout)
    {
        await Eventually.HoldsAsync(async () =>
            (await syncthing.GetFromJsonAsync<JsonObject>($"rest/config/folders/{Folder}", TestContext.Current.CancellationToken))?["type"]?.GetValue<string>() == "receiveonly",
            "the factory has made its Syncthing inbox folder receive-only", timeout);
        // Three answers in a row, so the pairing below meets no restart: were the GUI settings to differ from the
        // factory's, the Monitor would set them, and Syncthing restarts its listener a moment after such a change.
        await Eventually.HoldsSteadilyAsync(async () => await factory.SyncthingGuiAsync() == HttpStatusCode.Unauthorized,
            "the factory has locked its Syncthing GUI", timeout);
        var phone = await StartAsync(factory);
        try
        {
            await phone.PairAsync(syncthing);
            return phone;
        }
        catch
        {
            // Left running, it would keep the compose network from being taken down.
            await phone.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pairs the two devices and shares the camera folder into the factory's default folder.</summary>
    public async Task PairAsync(HttpClient factory)
    {
        var factoryId = await DeviceIdAsync(factory);
        var phoneId = await DeviceIdAsync(_client);
        await SendAsync(_client, HttpMethod.Post, "rest/config/devices", new JsonObject { ["deviceID"] = factoryId, ["name"] = "factory", ["addresses"] = new JsonArray("tcp://syncthing:22000") });
        await SendAsync(factory, HttpMethod.Post, "rest/config/devices", new JsonObject { ["deviceID"] = phoneId, ["name"] = "phone", ["addresses"] = new JsonArray($"tcp://{Name}:22000") });
        await SendAsync(_client, HttpMethod.Patch, $"rest/config/folders/{Folder}", new JsonObject { ["label"] = "Camera", ["devices"] = Devices(phoneId, factoryId) });
        await SendAsync(factory, HttpMethod.Patch, $"rest/config/folders/{Folder}", new JsonObject { ["devices"] = Devices(factoryId, phoneId) });
    }

    /// <summary>Asks the phone to look at its camera folder now (its watcher would, a few seconds later).</summary>
    public Task ScanAsync() => SendAsync(_client, HttpMethod.Post, $"rest/db/scan?folder={Folder}", null);

    /// <summary>The files the phone still has in its camera folder (Syncthing's own hidden entries left out).</summary>
    public IReadOnlyList<string> Files() =>
        [.. Directory.EnumerateFiles(Camera, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(Camera, file))
            .Where(file => !file.StartsWith('.')).Order(StringComparer.Ordinal)];

    /// <summary>The phone's view of the folder: <c>state</c>, <c>needFiles</c>, <c>globalFiles</c>, …</summary>
    public async Task<JsonObject> FolderStatusAsync() =>
        (await _client.GetFromJsonAsync<JsonObject>($"rest/db/status?folder={Folder}", TestContext.Current.CancellationToken))!;

    /// <summary>How complete the factory is, as the phone sees it (100 once the factory has every file it shares).</summary>
    public async Task<double> FactoryCompletionAsync(HttpClient factory)
    {
        var factoryId = await DeviceIdAsync(factory);
        var completion = await _client.GetFromJsonAsync<JsonObject>($"rest/db/completion?folder={Folder}&device={factoryId}", TestContext.Current.CancellationToken);
        return completion!["completion"]!.GetValue<double>();
    }

    private static JsonArray Devices(params string[] ids) => [.. ids.Select(id => (JsonNode)new JsonObject { ["deviceID"] = id })];

    private static async Task<string> DeviceIdAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonObject>("rest/system/status", TestContext.Current.CancellationToken))!["myID"]!.GetValue<string>();

    private static async Task SendAsync(HttpClient client, HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{method} {client.BaseAddress}{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<bool> AnswersAsync()
    {
        try
        {
            return (await _client.GetAsync("rest/system/ping")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await DockerEngine.TryAsync("docker", ["rm", "--force", "--volumes", _container]);
    }
}
