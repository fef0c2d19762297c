using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Persistence;
using PhotoFactory.Monitor.Probes;

namespace PhotoFactory.Monitor.Immich;

/// <summary>
/// <c>immich-server/library</c>: what <see cref="ImmichLibrarySync"/> did and where it is stuck. UNKNOWN without an API
/// key (nothing is told to Immich), ERROR while Immich refuses or does not answer (retried at every poll), else OK with
/// the library, the last scan request and how many filed photos Immich has.
/// Details: <c>{"libraryId":"…","library":"…","importPath":"…","created":false,"lastScanAt":"…Z","scans":3,
/// "inImmich":1204,"notYetInImmich":3}</c>.
/// </summary>
public sealed class ImmichLibraryProbe(
    ImmichLibrarySync sync,
    IDbContextFactory<CatalogDbContext> contexts,
    CatalogReadiness readiness,
    IOptions<ImmichOptions> options,
    TimeProvider clock) : IProbe
{
    public IReadOnlyList<string> Names { get; } = [CheckNames.ImmichLibrary];

    public string Kind => CheckNames.Kinds.ImmichLibrary;

    public ProbeOptions Timing => options.Value;

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
    {
        var state = sync.State;
        var settings = options.Value;
        if (!state.Configured)
        {
            return [Row(ServiceState.Unknown,
                "no Immich API key given: new photos reach Immich only with its own nightly scan (set Parameters:immich-api-key)", new JsonObject())];
        }

        if (!readiness.IsReady)
        {
            return [Row(ServiceState.Unknown, $"waiting for the catalogue ({readiness.State})", new JsonObject())];
        }

        var details = new JsonObject
        {
            ["libraryId"] = state.Library?.Id.ToString(),
            ["library"] = state.Library?.Name,
            ["importPath"] = settings.ImportPath,
            ["created"] = state.LibraryCreated,
            ["lastScanAt"] = state.LastScanAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["scans"] = state.Scans,
        };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // One pass for both counts.
            var counts = await db.MediaAssets.GroupBy(a => a.ImmichAssetId != null)
                .Select(g => new { InImmich = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken);
            details["inImmich"] = counts.FirstOrDefault(c => c.InImmich)?.Count ?? 0;
            details["notYetInImmich"] = counts.FirstOrDefault(c => !c.InImmich)?.Count ?? 0;
        }

        if (state.Problem is { } problem)
        {
            var since = state.ProblemSince is { } at ? $" (since {at.UtcDateTime:HH:mm} UTC; tried again every {settings.PollInterval.TotalSeconds:0} s)" : "";
            return [Row(ServiceState.Error, $"{problem}{since}", details)];
        }

        var scanned = state.LastScanAt is { } scan
            ? $"asked to scan {SyncthingDevices.Span(clock.GetUtcNow() - scan)} ago"
            : "no scan asked for yet";
        return [Row(ServiceState.Ok,
            $"library \"{state.Library?.Name}\" at {settings.ImportPath}: {scanned}; {details["inImmich"]} photos in Immich, {details["notYetInImmich"]} not yet",
            details)];
    }

    private CheckResult Row(ServiceState status, string message, JsonObject details) =>
        new(CheckNames.ImmichLibrary, Kind, status, message) { Details = details };
}
