using PhotoFactory.Catalog;
using PhotoFactory.Dashboard.Access;

namespace PhotoFactory.Dashboard.Overview;

/// <summary><c>GET /api/summary</c>: the overview's numbers as flat JSON, for Homepage's <c>customapi</c> widget.</summary>
public static class SummaryEndpoint
{
    public const string Path = "/api/summary";

    public static IEndpointRouteBuilder MapSummary(this IEndpointRouteBuilder endpoints)
    {
        // Homepage's widget sends the API key; a browser's sign-in cookie is not enough.
        endpoints.MapGet(Path, ReadAsync).RequireAuthorization(ApiKeyAuthentication.Policy);
        return endpoints;
    }

    private static async Task<IResult> ReadAsync(
        OverviewQuery overview, CatalogReadiness readiness, ILogger<OverviewQuery> logger, CancellationToken cancellationToken)
    {
        if (!readiness.IsReady)
        {
            return Unavailable($"The catalogue is not available: {readiness.State}.");
        }

        try
        {
            var totals = await overview.ReadTotalsAsync(cancellationToken);
            return Results.Ok(new Summary(
                totals.AssetsSecured,
                totals.ProcessedLastHour,
                totals.WaitingInInbox,
                totals.Quarantined,
                totals.Duplicates,
                totals.AssetsWithErrors,
                totals.Librarian?.Status.ToString().ToUpperInvariant(),
                totals.Librarian is { } librarian ? (long)librarian.Age.TotalSeconds : null,
                totals.Librarian?.Signal.ToString().ToLowerInvariant(),
                totals.Originals.OpenFindings,
                totals.Originals.LastComplete?.CompletedAt));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SummaryFailed(logger, ex.Message);
            return Unavailable($"The catalogue could not be read: {ex.Message}");
        }
    }

    private static IResult Unavailable(string error) =>
        Results.Json(new { error }, statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>Flat fields, so each is one <c>field:</c> line in Homepage's widget configuration.</summary>
    internal sealed record Summary(
        long AssetsSecured,
        long ProcessedLastHour,
        int? WaitingInInbox,
        long Quarantined,
        long Duplicates,
        long AssetsWithErrors,
        string? LibrarianStatus,
        long? LibrarianHeartbeatAgeSeconds,
        string? LibrarianHeartbeat,
        int OriginalsNotAsFiled,
        DateTime? OriginalsLastProvedAt);
}
