using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Monitor;
using PhotoFactory.Monitor.Probes;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Monitor.Probes;

/// <summary>Against a real syncthing from Debian's package, one per test class.</summary>
public sealed class SyncthingProbeTests : IAsyncLifetime
{
    private readonly TempDirectory _inbox = new("inbox");
    private SyncthingServer _syncthing = null!;

    public async ValueTask InitializeAsync()
    {
        _syncthing = await SyncthingServer.StartAsync();
        await _syncthing.AddFolderAsync("inbox", _inbox.Path);
    }

    [Fact]
    public async Task With_the_API_key_an_idle_inbox_folder_is_OK_and_complete()
    {
        var result = await CheckAsync(new SyncthingProbeOptions { ApiKey = _syncthing.ApiKey, InboxFolderId = "inbox" });

        Assert.Equal(ServiceState.Ok, result.Status);
        Assert.Equal("inbox folder idle, 100 % complete, receive-only", result.Message);
        Assert.Equal("idle", result.Details!["state"]!.GetValue<string>());
        Assert.Equal(100, result.Details["completion"]!.GetValue<double>());
    }

    [Fact]
    public async Task With_the_API_key_the_send_and_receive_inbox_folder_is_made_receive_only_so_devices_keep_their_photos()
    {
        var options = new SyncthingProbeOptions { ApiKey = _syncthing.ApiKey, InboxFolderId = "inbox" };
        Assert.Equal("sendreceive", await FolderTypeAsync());

        await CheckAsync(options);
        Assert.Equal("receiveonly", await FolderTypeAsync());

        // A user who sets it back gets it changed again at the next check; a receive-only folder is left as it is.
        using (var client = _syncthing.CreateClient())
        {
            using var back = await client.PatchAsJsonAsync("rest/config/folders/inbox", new { type = "sendreceive" }, TestContext.Current.CancellationToken);
            back.EnsureSuccessStatusCode();
        }

        var result = await CheckAsync(options);
        Assert.Equal(("receiveonly", "receiveonly"), (await FolderTypeAsync(), result.Details!["type"]!.GetValue<string>()));
    }

    private async Task<string?> FolderTypeAsync()
    {
        using var client = _syncthing.CreateClient();
        var folder = await client.GetFromJsonAsync<JsonObject>("rest/config/folders/inbox", TestContext.Current.CancellationToken);
        return folder?["type"]?.GetValue<string>();
    }

    [Fact]
    public async Task A_wrong_API_key_is_a_warning_that_the_key_was_refused()
    {
        var result = await CheckAsync(new SyncthingProbeOptions { ApiKey = "wrong", InboxFolderId = "inbox" });

        Assert.Equal(ServiceState.Warning, result.Status);
        Assert.Contains("API key was refused", result.Message);
    }

    [Fact]
    public async Task An_unknown_inbox_folder_id_is_a_warning_naming_it()
    {
        var result = await CheckAsync(new SyncthingProbeOptions { ApiKey = _syncthing.ApiKey, InboxFolderId = "no-such-folder" });

        Assert.Equal(ServiceState.Warning, result.Status);
        Assert.Contains("no-such-folder", result.Message);
    }

    [Fact]
    public async Task An_inbox_folder_whose_directory_vanished_is_an_error()
    {
        Directory.Delete(_inbox.Path, recursive: true);
        using (var client = _syncthing.CreateClient())
        {
            await client.PostAsync("rest/db/scan?folder=inbox", null, TestContext.Current.CancellationToken);
        }

        var options = new SyncthingProbeOptions { ApiKey = _syncthing.ApiKey, InboxFolderId = "inbox" };
        CheckResult? result = null;
        await Eventually.HoldsAsync(async () => (result = await CheckAsync(options)).Status == ServiceState.Error,
            "the vanished inbox folder is reported as an error");

        Assert.Contains("inbox folder in error", result!.Message);
    }

    [Fact]
    public async Task A_stopped_syncthing_is_an_error()
    {
        await _syncthing.DisposeAsync();

        var result = await CheckAsync(new SyncthingProbeOptions { ApiKey = _syncthing.ApiKey });

        Assert.Equal(ServiceState.Error, result.Status);
        Assert.Contains("no answer", result.Message);
    }

    [Fact]
    public async Task Without_the_API_key_only_health_is_checked_and_it_says_so()
    {
        // Debian's Syncthing (1.19) refuses even /rest/noauth/health without a key (CSRF); the AppHost's image
        // (1.27) answers it openly, as this stand-in does.
        await using var syncthing = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/rest/noauth/health", () => Results.Json(new { status = "OK" })));
        var probe = new SyncthingProbe(syncthing.Url, new ProbeHttp(), Options.Create(new SyncthingProbeOptions()), TimeProvider.System);

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal((CheckNames.Syncthing, ServiceState.Ok), (result.Name, result.Status));
        Assert.Contains("no API key", result.Message);
    }

    [Fact]
    public async Task With_a_GUI_user_and_password_the_GUI_is_locked_so_nobody_on_the_network_meets_it_open()
    {
        Assert.Equal(HttpStatusCode.OK, await GuiStatusAsync(credentials: null));
        var probe = Probe(new SyncthingProbeOptions { ApiKey = _syncthing.ApiKey, InboxFolderId = "inbox", GuiUser = "photofactory", GuiPassword = "first-password-0123456789" });

        var result = Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ServiceState.Ok, result.Status);
        Assert.Equal("locked", result.Details!["gui"]!.GetValue<string>());
        await WaitForGuiAsync(HttpStatusCode.Unauthorized, "the GUI asks who you are");
        Assert.Equal(HttpStatusCode.Unauthorized, await GuiStatusAsync(("photofactory", "wrong")));
        Assert.Equal(HttpStatusCode.OK, await GuiStatusAsync(("photofactory", "first-password-0123456789")));
        var (user, hash) = await GuiConfigAsync();
        Assert.Equal("photofactory", user);
        Assert.StartsWith("$2", hash, StringComparison.Ordinal);

        // Locked as configured: the next check changes nothing (each change restarts Syncthing's GUI; a new bcrypt
        // hash would show one).
        await probe.CheckAsync(TestContext.Current.CancellationToken);
        Assert.Equal(("photofactory", hash), await GuiConfigAsync());
    }

    [Fact]
    public async Task A_GUI_password_removed_by_hand_or_changed_in_the_settings_is_set_again_at_the_next_check()
    {
        var options = new SyncthingProbeOptions { ApiKey = _syncthing.ApiKey, InboxFolderId = "inbox", GuiUser = "photofactory", GuiPassword = "first-password-0123456789" };
        await Probe(options).CheckAsync(TestContext.Current.CancellationToken);
        // The GUI restarts with its new settings; until then it refuses connections.
        await WaitForGuiAsync(HttpStatusCode.Unauthorized, "the GUI is locked");
        using (var client = _syncthing.CreateClient())
        {
            using var open = await client.PatchAsJsonAsync("rest/config/gui", new { user = "", password = "" }, TestContext.Current.CancellationToken);
            open.EnsureSuccessStatusCode();
        }

        await WaitForGuiAsync(HttpStatusCode.OK, "the GUI was opened by hand");

        // The Monitor restarted with a new password in its settings.
        await Probe(new SyncthingProbeOptions { ApiKey = _syncthing.ApiKey, InboxFolderId = "inbox", GuiUser = "photofactory", GuiPassword = "second-password-0123456789" }).CheckAsync(TestContext.Current.CancellationToken);

        await WaitForGuiAsync(HttpStatusCode.Unauthorized, "the GUI is locked again");
        Assert.Equal(HttpStatusCode.Unauthorized, await GuiStatusAsync(("photofactory", "first-password-0123456789")));
        Assert.Equal(HttpStatusCode.OK, await GuiStatusAsync(("photofactory", "second-password-0123456789")));
    }

    /// <summary>Waits until the GUI answers <paramref name="expected"/> steadily (it restarts after new settings).</summary>
    private Task WaitForGuiAsync(HttpStatusCode expected, string what) =>
        Eventually.HoldsSteadilyAsync(async () => await GuiStatusAsync(credentials: null) == expected, what);

    /// <summary>The GUI's front page, as a browser on the network would ask for it: no API key.</summary>
    private async Task<HttpStatusCode> GuiStatusAsync((string User, string Password)? credentials)
    {
        using var client = new HttpClient { BaseAddress = _syncthing.Url };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (credentials is var (user, password))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        try
        {
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // The GUI restarts after each change of its settings.
            return 0;
        }
    }

    private async Task<(string? User, string? Hash)> GuiConfigAsync()
    {
        using var client = _syncthing.CreateClient();
        var gui = await client.GetFromJsonAsync<JsonObject>("rest/config/gui", TestContext.Current.CancellationToken);
        return (gui?["user"]?.GetValue<string>(), gui?["password"]?.GetValue<string>());
    }

    private SyncthingProbe Probe(SyncthingProbeOptions options) => new(_syncthing.Url, new ProbeHttp(), Options.Create(options), TimeProvider.System);

    private async Task<CheckResult> CheckAsync(SyncthingProbeOptions options)
    {
        var probe = new SyncthingProbe(_syncthing.Url, new ProbeHttp(), Options.Create(options), TimeProvider.System);
        return Assert.Single(await probe.CheckAsync(TestContext.Current.CancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        await _syncthing.DisposeAsync();
        _inbox.Dispose();
    }
}
