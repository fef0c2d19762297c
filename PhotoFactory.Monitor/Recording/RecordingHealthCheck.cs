using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PhotoFactory.Monitor.Recording;

/// <summary>Unhealthy while check results cannot be written to the catalogue, saying since when and how many wait.</summary>
internal sealed class RecordingHealthCheck(StatusWriter writer, StatusBoard board) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(writer.Failure is { } failure
            ? HealthCheckResult.Unhealthy($"catalogue not writable since {writer.FailingSince:O}, {board.PendingCount} results waiting: {failure}")
            : HealthCheckResult.Healthy($"{board.PendingCount} results waiting"));
}
