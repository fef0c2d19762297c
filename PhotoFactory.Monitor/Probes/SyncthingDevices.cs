using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// <c>syncthing/device/{short id}</c>: each device paired with the factory's Syncthing (the phones and laptops that
/// send photos), from <c>/rest/config/devices</c> (its name), <c>/rest/system/connections</c> (connected now),
/// <c>/rest/stats/device</c> (last seen) and <c>/rest/db/completion</c> of the inbox folder for that device.
/// A device silent for longer than <see cref="SyncthingProbeOptions.DeviceSilence"/>, or paired and never seen, is a
/// WARNING: nothing fails when a phone stops syncing, its photos just stop arriving.
/// Details: <c>{"deviceId":"…","name":"Anna's phone","paired":true,"connected":false,"paused":false,
/// "lastSeen":"…Z"|null,"address":"…"|null,"clientVersion":"v1.19.2"|null,"sharesInbox":true,"completion":100.0,
/// "needBytes":0,"silenceWarningAfterSeconds":259200}</c>. A device unpaired since the last check is reported once
/// more as UNKNOWN with <c>{"name":"…","paired":false}</c>, so its row no longer claims anything; "since the last check"
/// includes the rows a Monitor before a restart left in the catalogue (<paramref name="earlierRows"/>), so a device
/// unpaired while the Monitor was down is not shown as paired for ever.
/// </summary>
internal sealed class SyncthingDevices(TimeProvider time, Func<CancellationToken, Task<Dictionary<string, string>>>? earlierRows = null)
{
    /// <summary>Syncthing's "never" for a device's last sighting (the Unix epoch, in its local zone).</summary>
    private static readonly DateTimeOffset Never = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The rows reported at the last check and their devices' names, to notice a device that was unpaired.</summary>
    private Dictionary<string, string> _reported = new(StringComparer.Ordinal);

    /// <summary>Whether the rows left by an earlier Monitor have been read (once, when the catalogue answers).</summary>
    private bool _readEarlierRows = earlierRows is null;

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(SyncthingRest rest, SyncthingProbeOptions settings, CancellationToken cancellationToken)
    {
        var (devices, _) = await rest.GetAsync("rest/config/devices", cancellationToken);
        var (status, _) = await rest.GetAsync("rest/system/status", cancellationToken);
        if (devices is not JsonArray paired || status?["myID"]?.GetValue<string>() is not { } myId)
        {
            // Said on the Syncthing row already (the same API answered it); the devices' rows keep their last word.
            return [];
        }

        var (connections, _) = await rest.GetAsync("rest/system/connections", cancellationToken);
        var (stats, _) = await rest.GetAsync("rest/stats/device", cancellationToken);
        var (folder, _) = await rest.GetAsync($"rest/config/folders/{SyncthingRest.Folder(settings.InboxFolderId)}", cancellationToken);
        var sharing = (folder?["devices"] as JsonArray ?? []).Select(d => d?["deviceID"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var results = new List<CheckResult>();
        foreach (var device in paired)
        {
            var id = device?["deviceID"]?.GetValue<string>();
            if (id is null || id == myId)
            {
                continue;
            }

            var paused = device!["paused"]?.GetValue<bool>() == true;
            var sharesInbox = sharing.Contains(id);
            var name = device["name"]?.GetValue<string>() is { Length: > 0 } given ? given : id[..Math.Min(7, id.Length)];
            var connection = connections?["connections"]?[id];
            var connected = connection?["connected"]?.GetValue<bool>() == true;
            var seen = connected ? now : LastSeen(stats?[id]?["lastSeen"]);
            var details = new JsonObject
            {
                ["deviceId"] = id,
                ["name"] = name,
                ["paired"] = true,
                ["connected"] = connected,
                ["paused"] = paused,
                ["lastSeen"] = seen?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["address"] = connected ? connection?["address"]?.GetValue<string>() : null,
                ["clientVersion"] = connected ? connection?["clientVersion"]?.GetValue<string>() : null,
                ["sharesInbox"] = sharesInbox,
                ["silenceWarningAfterSeconds"] = (long)settings.DeviceSilence.TotalSeconds,
            };
            var (completion, _) = sharesInbox
                ? await rest.GetAsync($"rest/db/completion?folder={SyncthingRest.Folder(settings.InboxFolderId)}&device={Uri.EscapeDataString(id)}", cancellationToken)
                : (null, "");
            var percent = completion?["completion"]?.GetValue<double>();
            if (percent is { } value)
            {
                details["completion"] = Math.Round(value, 1);
                details["needBytes"] = completion!["needBytes"]?.GetValue<long>();
            }

            var (state, message) = Judge(name, connected, seen, now, percent, paused, sharesInbox, settings.DeviceSilence);
            results.Add(new CheckResult(CheckNames.SyncthingDevice(id), CheckNames.Kinds.SyncthingDevice, state, message) { Details = details });
        }

        if (!_readEarlierRows)
        {
            try
            {
                foreach (var (row, name) in await earlierRows!(cancellationToken))
                {
                    _reported.TryAdd(row, name);
                }

                _readEarlierRows = true;
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
            {
                // The catalogue is away (its own row says so): the earlier rows are read at a later check.
            }
        }

        var reported = results.ToDictionary(r => r.Name, r => r.Details!["name"]!.GetValue<string>(), StringComparer.Ordinal);
        results.AddRange(_reported.Where(row => !reported.ContainsKey(row.Key)).Select(row =>
            new CheckResult(row.Key, CheckNames.Kinds.SyncthingDevice, ServiceState.Unknown, $"{row.Value}: no longer paired with the factory's Syncthing")
            {
                Details = new JsonObject { ["name"] = row.Value, ["paired"] = false },
            }));
        _reported = reported;
        return results;
    }

    private static (ServiceState State, string Message) Judge(
        string name, bool connected, DateTimeOffset? seen, DateTimeOffset now, double? completion, bool isPaused, bool sharesInbox, TimeSpan allowedSilence)
    {
        var paused = isPaused ? " (paused in Syncthing)" : "";
        var inbox = sharesInbox ? "" : "; it does not share the inbox folder";
        if (connected)
        {
            var done = completion is { } percent ? $", inbox folder {percent:0.#} % in sync" : "";
            return (ServiceState.Ok, $"{name}: connected{done}{inbox}");
        }

        if (seen is not { } last)
        {
            return (ServiceState.Warning, $"{name}: paired, but never connected{paused}{inbox}");
        }

        var silence = now - last;
        return silence > allowedSilence
            ? (ServiceState.Warning, $"{name}: not seen for {Span(silence)} (a warning after {Span(allowedSilence)}){paused}{inbox}")
            : (ServiceState.Ok, $"{name}: last seen {Span(silence)} ago{paused}{inbox}");
    }

    private static DateTimeOffset? LastSeen(JsonNode? value) =>
        value?.GetValue<string>() is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var seen)
        && seen > Never
            ? seen
            : null;

    /// <summary>A silence in the largest unit that fits: "40 s", "12 min", "5 h", "9 days".</summary>
    internal static string Span(TimeSpan span) => span switch
    {
        { TotalMinutes: < 2 } => $"{Math.Max(0, (int)span.TotalSeconds)} s",
        { TotalHours: < 2 } => $"{(int)span.TotalMinutes} min",
        { TotalDays: < 2 } => $"{(int)span.TotalHours} h",
        _ => $"{(int)span.TotalDays} days",
    };
}
