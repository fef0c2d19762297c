using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace PhotoFactory.Dashboard.Stack;

/// <summary>
/// A container's last log lines from the Docker Engine API, read-only. Without a Docker socket (the embedded
/// mode, or a deployment that does not mount it) it says so instead.
/// </summary>
public sealed class ContainerLogs(IOptions<DashboardOptions> options)
{
    public async Task<ContainerLog> ReadAsync(string service, CancellationToken cancellationToken)
    {
        var endpoint = options.Value.DockerEndpoint;
        if (endpoint.Scheme == "unix" && !File.Exists(endpoint.LocalPath))
        {
            return ContainerLog.Unavailable($"No Docker socket at {endpoint.LocalPath}: container logs cannot be read here.");
        }

        try
        {
            using var configuration = new DockerClientConfiguration(endpoint);
            using var docker = configuration.CreateClient();
            var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellationToken);
            if (Find(containers, service) is not { } match)
            {
                return ContainerLog.Unavailable($"Docker has no container for {service}.");
            }

            var container = await docker.Containers.InspectContainerAsync(match.ID, cancellationToken);
            using var stream = await docker.Containers.GetContainerLogsAsync(
                match.ID,
                container.Config?.Tty ?? false,
                new ContainerLogsParameters
                {
                    ShowStdout = true,
                    ShowStderr = true,
                    Timestamps = true,
                    Tail = options.Value.LogLines.ToString(CultureInfo.InvariantCulture),
                },
                cancellationToken);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
            // Each line starts with its RFC 3339 timestamp, so the two streams interleave back in order by sorting.
            var lines = (stdout + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Order(StringComparer.Ordinal)
                .TakeLast(options.Value.LogLines)
                .ToList();
            return new ContainerLog(match.Names?.FirstOrDefault()?.TrimStart('/') ?? match.ID, lines, null);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ContainerLog.Unavailable($"Docker did not answer: {ex.Message}");
        }
    }

    /// <summary>By name, compose service label, or the name plus the suffix Aspire adds, as the Monitor finds them.</summary>
    private static ContainerListResponse? Find(IList<ContainerListResponse> containers, string service) =>
        containers.FirstOrDefault(c => c.Names?.Any(n => n.TrimStart('/') == service) == true)
        ?? containers.FirstOrDefault(c => c.Labels?.TryGetValue("com.docker.compose.service", out var label) == true && label == service)
        ?? containers.FirstOrDefault(c => c.Names?.Any(n => n.TrimStart('/').StartsWith(service + "-", StringComparison.Ordinal)) == true);
}

/// <summary>A container's last log lines, or why there are none.</summary>
public sealed record ContainerLog(string? Container, IReadOnlyList<string> Lines, string? Missing)
{
    public static ContainerLog Unavailable(string why) => new(null, [], why);
}
