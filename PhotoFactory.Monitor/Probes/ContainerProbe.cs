using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// <c>containers</c> and <c>container/{service}</c>: each expected container's state, health, restart count, last
/// exit code and start time, from the Docker Engine API. Without a Docker socket it reports <c>containers</c>
/// "not available" once and then nothing until one appears; the other probes carry on regardless.
/// A container is found by its name, its compose service label, or its name plus the suffix Aspire adds.
/// Details of <c>container/{service}</c>: <c>{"id":"…","container":"immich-server-ab12","state":"running",
/// "health":"healthy"|null,"restartCount":0,"exitCode":0,"startedAt":"…Z","finishedAt":"…Z"|null,"image":"…"}</c>;
/// of <c>containers</c>: <c>{"endpoint":"unix:///var/run/docker.sock","total":7,"running":7}</c>.
/// </summary>
internal sealed class ContainerProbe(IOptions<ContainerProbeOptions> options) : IProbe
{
    private bool _reportedUnavailable;

    public IReadOnlyList<string> Names { get; } = [CheckNames.Containers];

    public string Kind => CheckNames.Kinds.Container;

    public ProbeOptions Timing => options.Value;

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var endpoint = settings.Endpoint;
        if (endpoint.Scheme == "unix" && !File.Exists(endpoint.LocalPath))
        {
            if (_reportedUnavailable)
            {
                return [];
            }

            _reportedUnavailable = true;
            return [new CheckResult(CheckNames.Containers, Kind, ServiceState.Unknown, $"not available: no Docker socket at {endpoint.LocalPath}")
            {
                Details = new JsonObject { ["endpoint"] = endpoint.ToString() },
            }];
        }

        _reportedUnavailable = false;
        var watch = Stopwatch.StartNew();
        try
        {
            using var configuration = new DockerClientConfiguration(endpoint, defaultTimeout: settings.Timeout);
            using var docker = configuration.CreateClient();
            var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellationToken);
            var latency = watch.Elapsed;
            var results = new List<CheckResult>
            {
                new(CheckNames.Containers, Kind, ServiceState.Ok,
                    $"Docker answers: {containers.Count(c => c.State == "running")} of {containers.Count} containers running")
                {
                    Latency = latency,
                    Details = new JsonObject
                    {
                        ["endpoint"] = endpoint.ToString(),
                        ["total"] = containers.Count,
                        ["running"] = containers.Count(c => c.State == "running"),
                    },
                },
            };

            foreach (var service in settings.Names)
            {
                var match = Find(containers, service);
                results.Add(match is null
                    ? new CheckResult(CheckNames.Container(service), Kind, ServiceState.Error, "not running: no such container (never created, or removed)")
                    : Judge(service, await docker.Containers.InspectContainerAsync(match.ID, cancellationToken)));
            }

            return results;
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or TimeoutException
            && !cancellationToken.IsCancellationRequested)
        {
            return [new CheckResult(CheckNames.Containers, Kind, ServiceState.Error, $"Docker at {endpoint} did not answer: {ex.GetBaseException().Message}")
            {
                Latency = watch.Elapsed,
                Details = new JsonObject { ["endpoint"] = endpoint.ToString() },
            }];
        }
    }

    private static ContainerListResponse? Find(IList<ContainerListResponse> containers, string service) =>
        containers.FirstOrDefault(c => c.Names?.Any(n => n.TrimStart('/') == service) == true)
        ?? containers.FirstOrDefault(c => c.Labels?.TryGetValue("com.docker.compose.service", out var label) == true && label == service)
        ?? containers.FirstOrDefault(c => c.Names?.Any(n => n.TrimStart('/').StartsWith(service + "-", StringComparison.Ordinal)) == true);

    private CheckResult Judge(string service, ContainerInspectResponse container)
    {
        var state = container.State;
        var health = state?.Health?.Status is { Length: > 0 } h && h != "none" ? h : null;
        var details = new JsonObject
        {
            ["id"] = container.ID,
            ["container"] = container.Name?.TrimStart('/'),
            ["image"] = container.Config?.Image,
            ["state"] = state?.Status,
            ["health"] = health,
            ["restartCount"] = container.RestartCount,
            ["exitCode"] = state?.ExitCode,
            ["startedAt"] = Instant(state?.StartedAt),
            ["finishedAt"] = Instant(state?.FinishedAt),
        };

        var restarts = container.RestartCount > 0 ? $", {container.RestartCount} restart(s)" : "";
        var (status, message) = (state?.Status, health) switch
        {
            ("running", null or "healthy") => (ServiceState.Ok, $"running{(health is null ? "" : ", healthy")}{restarts}"),
            ("running", "starting") => (ServiceState.Warning, $"running, health check starting{restarts}"),
            ("running", _) => (ServiceState.Error, $"running but {health}{restarts}"),
            ("restarting", _) => (ServiceState.Warning, $"restarting (last exit code {state!.ExitCode}){restarts}"),
            ("paused", _) => (ServiceState.Warning, "paused"),
            ("created", _) => (ServiceState.Warning, "created but not started"),
            ("exited" or "dead", _) => (ServiceState.Error, $"{state!.Status} with exit code {state.ExitCode}{restarts}"),
            _ => (ServiceState.Unknown, $"state '{state?.Status}'"),
        };

        return new CheckResult(CheckNames.Container(service), Kind, status, message) { Details = details };
    }

    /// <summary>Docker writes times as RFC 3339 and "0001-01-01T00:00:00Z" for never; the latter becomes null.</summary>
    private static string? Instant(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) && instant.Year > 1
            ? instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)
            : null;
}
