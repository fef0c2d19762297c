using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PhotoFactory.Catalog;

/// <summary>Unhealthy until the catalogue schema is current, with the migration progress as its description.</summary>
internal sealed class CatalogHealthCheck(CatalogReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy(readiness.State)
            : HealthCheckResult.Unhealthy(readiness.State));
}
