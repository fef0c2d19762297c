using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// <c>syncthing</c>: <c>/rest/noauth/health</c> (or <c>/rest/system/ping</c> on older versions); with the API key also <c>/rest/db/status</c> and
/// <c>/rest/db/completion</c> of the inbox folder and the files it fails to pull (<c>/rest/folder/errors</c>), and a row
/// for each paired device (<see cref="SyncthingDevices"/>). A folder in error is an ERROR, failing files a WARNING.
/// With the key it also keeps the inbox folder receive-only (<see cref="KeepReceiveOnlyAsync"/>) and the GUI locked
/// (<see cref="KeepGuiLockedAsync"/>).
/// Details: <c>{"folder":"default","state":"idle|scanning|syncing|error|…","completion":100.0,"needBytes":0,
/// "errors":0,"pullErrors":0,"error":"…","failing":["path: why",…],"type":"receiveonly"}</c> (folder fields only with
/// the API key).
/// </summary>
internal sealed class SyncthingProbe(
    Uri baseUrl, ProbeHttp http, IOptions<SyncthingProbeOptions> options, TimeProvider time, IDbContextFactory<CatalogDbContext>? catalogue = null) : IProbe
{
    private const string ReceiveOnly = "receiveonly";

    /// <summary>How many of the inbox folder's failing files the details name; the rest are counted.</summary>
    private const int FailingShown = 5;

    private readonly SyncthingDevices _devices = new(time, catalogue is null ? null : cancellationToken => EarlierDeviceRowsAsync(catalogue, cancellationToken));

    /// <summary>The GUI's password hash last found to match the configured password (bcrypt is slow on purpose).</summary>
    private string? _matchingHash;

    /// <summary>The device rows in the catalogue that still say their device is paired, with the devices' names.</summary>
    private static async Task<Dictionary<string, string>> EarlierDeviceRowsAsync(IDbContextFactory<CatalogDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ServiceStatuses.AsNoTracking()
            .Where(row => row.ServiceName.StartsWith(ResourceNames.SyncthingDevicePrefix))
            .Select(row => new { row.ServiceName, row.Details })
            .ToListAsync(cancellationToken);
        var earlier = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var details = row.Details is { Length: > 0 } text ? JsonNode.Parse(text) : null;
            if (details?["paired"]?.GetValue<bool>() == true && details["name"]?.GetValue<string>() is { } name)
            {
                earlier[row.ServiceName] = name;
            }
        }

        return earlier;
    }

    public IReadOnlyList<string> Names { get; } = [CheckNames.Syncthing];

    public string Kind => CheckNames.Kinds.Syncthing;

    public ProbeOptions Timing => options.Value;

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var details = new JsonObject();
        try
        {
            var settings = options.Value;
            var (healthy, why) = await HealthAsync(settings.ApiKey, cancellationToken);
            if (healthy is not ServiceState.Ok)
            {
                return [Result(healthy, why)];
            }

            var latency = watch.Elapsed;
            if (string.IsNullOrWhiteSpace(settings.ApiKey))
            {
                return [Result(ServiceState.Ok, "healthy (inbox folder and devices not checked: no API key configured)", latency)];
            }

            var rest = new SyncthingRest(baseUrl, http.Client, settings.ApiKey);
            // The devices first: locking the GUI (in the folder's check) restarts Syncthing's REST API.
            var devices = await _devices.CheckAsync(rest, settings, cancellationToken);
            var (state, message) = await CheckInboxFolderAsync(rest, settings, details, cancellationToken);
            return [Result(state, message, latency), .. devices];
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return [Result(ServiceState.Error, $"no answer from {baseUrl}: {ex.GetBaseException().Message}")];
        }
        catch (JsonException ex)
        {
            return [Result(ServiceState.Warning, $"healthy, but its folder status could not be read: {ex.Message}")];
        }

        CheckResult Result(ServiceState state, string message, TimeSpan? latency = null) =>
            new(CheckNames.Syncthing, Kind, state, message) { Latency = latency ?? watch.Elapsed, Details = details };
    }

    private async Task<(ServiceState State, string Message)> CheckInboxFolderAsync(
        SyncthingRest rest, SyncthingProbeOptions settings, JsonObject details, CancellationToken cancellationToken)
    {
        var folder = SyncthingRest.Folder(settings.InboxFolderId);
        details["folder"] = settings.InboxFolderId;
        var (status, statusError) = await rest.GetAsync($"rest/db/status?folder={folder}", cancellationToken);
        if (status is null)
        {
            return (ServiceState.Warning, $"healthy, but the inbox folder '{settings.InboxFolderId}' could not be read: {statusError}");
        }

        var (folderType, configProblem) = await KeepReceiveOnlyAsync(rest, folder, settings.ApiKey!, cancellationToken);
        details["type"] = folderType;
        var (completion, _) = await rest.GetAsync($"rest/db/completion?folder={folder}", cancellationToken);
        var failing = await FailingFilesAsync(rest, folder, cancellationToken);
        // Last: a change of the GUI's settings restarts Syncthing's GUI, and with it the REST API.
        var guiProblem = await KeepGuiLockedAsync(rest, settings, details, cancellationToken);
        configProblem = configProblem is null ? guiProblem : guiProblem is null ? configProblem : $"{configProblem}; and {guiProblem}";
        var state = status["state"]?.GetValue<string>() ?? "unknown";
        var errors = Number(status, "errors");
        var pullErrors = Number(status, "pullErrors");
        var folderError = status["error"]?.GetValue<string>();
        details["state"] = state;
        details["errors"] = errors;
        details["pullErrors"] = pullErrors;
        if (!string.IsNullOrEmpty(folderError))
        {
            details["error"] = folderError;
        }

        if (failing.Count > 0)
        {
            details["failing"] = new JsonArray([.. failing.Take(FailingShown).Select(f => (JsonNode?)JsonValue.Create(f))]);
        }

        var percent = completion?["completion"]?.GetValue<double>();
        if (percent is { } p)
        {
            details["completion"] = Math.Round(p, 1);
            details["needBytes"] = completion!["needBytes"]?.GetValue<long>();
        }

        var done = percent is { } value ? $", {value:0.#} % complete" : "";
        if (state.Contains("error", StringComparison.OrdinalIgnoreCase) || !string.IsNullOrEmpty(folderError))
        {
            return (ServiceState.Error, $"inbox folder in error: {folderError ?? state}");
        }

        var failingCount = Math.Max(Math.Max(errors, pullErrors), failing.Count);
        if (failingCount > 0)
        {
            var first = failing.Count > 0 ? $", e.g. {failing[0]}" : "";
            return (ServiceState.Warning, $"inbox folder {state}{done}, {failingCount} file(s) failing{first}");
        }

        return configProblem is not null
            ? (ServiceState.Warning, $"inbox folder {state}{done}, but {configProblem}")
            : (ServiceState.Ok, $"inbox folder {state}{done}, receive-only");
    }

    /// <summary>
    /// <c>/rest/folder/errors</c>: the files Syncthing could not pull into the inbox, as "path: why". Without this a
    /// photo that never arrives (a disk full, a name the file system refuses) shows up nowhere in the factory.
    /// </summary>
    private static async Task<IReadOnlyList<string>> FailingFilesAsync(SyncthingRest rest, string folder, CancellationToken cancellationToken)
    {
        var (body, _) = await rest.GetAsync($"rest/folder/errors?folder={folder}", cancellationToken);
        return body?["errors"] is JsonArray errors
            ? [.. errors.Select(e => $"{e?["path"]?.GetValue<string>()}: {e?["error"]?.GetValue<string>()}")]
            : [];
    }

    /// <summary>
    /// <c>/rest/noauth/health</c>. Older Syncthing (Debian's 1.19) has no such path and guards every REST path
    /// with its CSRF check, so there the key is sent along and <c>/rest/system/ping</c> answers instead.
    /// </summary>
    private async Task<(ServiceState State, string Why)> HealthAsync(string? apiKey, CancellationToken cancellationToken)
    {
        foreach (var path in new[] { "rest/noauth/health", "rest/system/ping" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, path));
            if (!string.IsNullOrWhiteSpace(apiKey))
            {
                request.Headers.Add("X-API-Key", apiKey);
            }

            using var response = await http.Client.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return (ServiceState.Ok, "");
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return (ServiceState.Warning, string.IsNullOrWhiteSpace(apiKey)
                    ? $"answers, but wants an API key: HTTP {(int)response.StatusCode} {await ProbeHttp.SnippetAsync(response, cancellationToken)}"
                    : "answers, but the API key was refused");
            }

            if (response.StatusCode != HttpStatusCode.NotFound || path != "rest/noauth/health")
            {
                return (ServiceState.Error, $"{path}: HTTP {(int)response.StatusCode} {await ProbeHttp.SnippetAsync(response, cancellationToken)}");
            }
        }

        return (ServiceState.Error, "no health endpoint answered");
    }

    /// <summary>
    /// Makes the factory's side of the inbox folder receive-only where it is not (Syncthing's default is send and
    /// receive). The Librarian removes every file it files from the inbox; in a send-and-receive folder each removal
    /// would travel back and delete the photo on the phone it came from. The user only pairs devices and shares their
    /// folders into this one. Idempotent: a folder already receive-only is left alone, one changed back is changed again.
    /// </summary>
    private async Task<(string? Type, string? Problem)> KeepReceiveOnlyAsync(SyncthingRest rest, string folder, string apiKey, CancellationToken cancellationToken)
    {
        var (config, error) = await rest.GetAsync($"rest/config/folders/{folder}", cancellationToken);
        var type = config?["type"]?.GetValue<string>();
        if (config is null || type == ReceiveOnly)
        {
            return (type, config is null ? $"its configuration could not be read ({error}), so it may not be receive-only" : null);
        }

        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(baseUrl, $"rest/config/folders/{folder}"))
        {
            Content = JsonContent.Create(new JsonObject { ["type"] = ReceiveOnly }),
        };
        request.Headers.Add("X-API-Key", apiKey);
        using var response = await http.Client.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode
            ? (ReceiveOnly, null)
            : (type, $"it is {type} and could not be made receive-only (HTTP {(int)response.StatusCode}): files filed from the inbox would be deleted on the devices");
    }

    /// <summary>
    /// Locks Syncthing's GUI with the configured user and password, so nobody on the network meets an open GUI (whoever
    /// holds it can write anything into the inbox). Syncthing stores the password as a bcrypt hash; the GUI is changed
    /// only when its user differs or its hash does not match the configured password (a new one in the settings takes
    /// at the next check), since every change restarts Syncthing's GUI.
    /// </summary>
    private async Task<string?> KeepGuiLockedAsync(SyncthingRest rest, SyncthingProbeOptions settings, JsonObject details, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.GuiUser) || string.IsNullOrEmpty(settings.GuiPassword))
        {
            return null;
        }

        var (gui, error) = await rest.GetAsync("rest/config/gui", cancellationToken);
        if (gui is null)
        {
            return $"its GUI settings could not be read ({error}), so the GUI may be open to anyone on the network";
        }

        var hash = gui["password"]?.GetValue<string>();
        var hasPassword = !string.IsNullOrEmpty(hash);
        if (gui["user"]?.GetValue<string>() == settings.GuiUser && hasPassword && Matches(settings.GuiPassword, hash!))
        {
            details["gui"] = "locked";
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(baseUrl, "rest/config/gui"))
        {
            Content = JsonContent.Create(new JsonObject { ["user"] = settings.GuiUser, ["password"] = settings.GuiPassword }),
        };
        request.Headers.Add("X-API-Key", settings.ApiKey);
        using var response = await http.Client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            details["gui"] = hasPassword ? "locked, another password" : "open";
            return $"its GUI could not be locked with the configured password (HTTP {(int)response.StatusCode})"
                + (hasPassword ? "" : ": anyone on the network can change Syncthing's settings");
        }

        details["gui"] = "locked";
        return null;
    }

    private bool Matches(string password, string hash)
    {
        if (hash == _matchingHash)
        {
            return true;
        }

        bool matches;
        try
        {
            matches = BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            // Not a bcrypt hash (a password someone wrote into config.xml in the clear): set ours.
            matches = false;
        }

        _matchingHash = matches ? hash : _matchingHash;
        return matches;
    }

    private static long Number(JsonNode body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<long>(out var number) ? number : 0;
}
