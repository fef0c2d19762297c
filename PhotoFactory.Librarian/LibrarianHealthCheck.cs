using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PhotoFactory.Librarian;

/// <summary>Unhealthy while filing is paused because the catalogue or the originals cannot be used.</summary>
internal sealed class LibrarianHealthCheck(LibrarianStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Problem is { } problem
            ? HealthCheckResult.Unhealthy($"filing paused, {status.Waiting} file(s) waiting in the inbox: {problem}")
            : HealthCheckResult.Healthy($"{status.CurrentTask}; {status.Waiting} file(s) waiting"));
}
