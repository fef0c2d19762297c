using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Integrity;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// <c>librarian/originals</c>: what the Librarian's scrub found in the originals. ERROR while any finding stands (a
/// photo that is no longer the photo that was filed is as urgent as a failed service, and calls the webhook the same
/// way); WARNING when no pass has completed for <see cref="OriginalsProbeOptions.StaleAfter"/>; UNKNOWN before the
/// first pass; else OK with the last complete pass and the current one's progress.
/// Details: <c>{"findings":2,"byKind":{"ContentChanged":1,"Missing":1},"lastCompletedAt":"…Z","lastProved":1204,
/// "pass":{"id":3,"checked":120,"total":1204,"bytesRead":…,"bytesPerSecond":…}}</c>.
/// </summary>
public sealed class OriginalsProbe(
    IDbContextFactory<CatalogDbContext> contexts,
    CatalogReadiness readiness,
    IOptions<OriginalsProbeOptions> options,
    TimeProvider clock) : IProbe
{
    public IReadOnlyList<string> Names { get; } = [CheckNames.Originals];

    public string Kind => CheckNames.Kinds.Originals;

    public ProbeOptions Timing => options.Value;

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
    {
        if (!readiness.IsReady)
        {
            return [Row(ServiceState.Unknown, $"waiting for the catalogue ({readiness.State})", new JsonObject())];
        }

        List<(ScrubFindingKind Kind, int Count)> counts;
        ScrubFinding? first;
        ScrubPass? current;
        ScrubPass? completed;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var open = db.ScrubFindings.AsNoTracking().Where(f => f.ResolvedAt == null);
            counts = [.. (await open.GroupBy(f => f.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
                .Select(g => (g.Key, g.Count))];
            first = await open.OrderBy(f => f.FirstSeenAt).ThenBy(f => f.Id).FirstOrDefaultAsync(cancellationToken);
            current = await db.ScrubPasses.AsNoTracking().Where(p => p.CompletedAt == null).OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
            completed = await db.ScrubPasses.AsNoTracking().Where(p => p.CompletedAt != null).OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return [Row(ServiceState.Unknown, $"originals not checked: catalogue unreachable ({ex.GetBaseException().Message})", new JsonObject())];
        }

        var total = counts.Sum(c => c.Count);
        var details = new JsonObject
        {
            ["findings"] = total,
            ["byKind"] = new JsonObject(counts.OrderBy(c => c.Kind).Select(c => KeyValuePair.Create(c.Kind.ToString(), (JsonNode?)c.Count))),
            ["lastCompletedAt"] = completed?.CompletedAt?.ToString("O", CultureInfo.InvariantCulture),
            ["lastProved"] = completed?.AssetsChecked,
            ["pass"] = current is null ? null : new JsonObject
            {
                ["id"] = current.Id,
                ["checked"] = current.AssetsChecked,
                ["total"] = current.AssetsTotal,
                ["bytesRead"] = current.BytesRead,
                ["bytesPerSecond"] = current.Rate,
            },
        };

        var now = clock.GetUtcNow().UtcDateTime;
        var progress = current is null ? "" : $"; pass {current.Id} under way: {Progress(current)}";
        if (total > 0)
        {
            var kinds = string.Join(", ", counts.OrderBy(c => c.Kind).Select(c => $"{c.Count} {ScrubFindingWords.Of(c.Kind)}"));
            return [Row(ServiceState.Error,
                $"{total} file(s) in the originals are not as filed: {kinds}; first: {ScrubFindingWords.Of(first!.Kind)} {first.Path} (found {first.Found})",
                details)];
        }

        if (completed?.CompletedAt is not { } last)
        {
            return [Row(ServiceState.Unknown, current is null ? "no scrub pass yet" : $"first scrub pass under way: {Progress(current)}", details)];
        }

        var ago = SyncthingDevices.Span(now - last);
        return now - last > options.Value.StaleAfter
            ? [Row(ServiceState.Warning, $"no complete scrub pass for {ago} (the Librarian scrubs every 30 days by default){progress}", details)]
            : [Row(ServiceState.Ok, $"every file proved as filed {ago} ago ({completed.AssetsChecked} files){progress}", details)];
    }

    private static string Progress(ScrubPass pass)
    {
        var rate = pass.Rate is { } bytes ? string.Create(CultureInfo.InvariantCulture, $" at {bytes / 1e6:0.0} MB/s") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{pass.Percent:0} % ({pass.AssetsChecked} of {pass.AssetsTotal} files){rate}");
    }

    private CheckResult Row(ServiceState status, string message, JsonObject details) =>
        new(CheckNames.Originals, Kind, status, message) { Details = details };
}
