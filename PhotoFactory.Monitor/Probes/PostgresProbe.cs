using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// <c>factory-db</c>: a real query through the catalogue's own connection, as the services make them, with its
/// latency. On the embedded SQLite catalogue the same query runs against the file. UNKNOWN until the schema is current.
/// Details: <c>{"provider":"postgresql"|"sqlite","services":n}</c>.
/// </summary>
internal sealed class PostgresProbe(
    IDbContextFactory<CatalogDbContext> contexts, CatalogReadiness readiness, IOptions<CatalogueProbeOptions> options) : IProbe
{
    public IReadOnlyList<string> Names { get; } = [CheckNames.FactoryDb];

    public string Kind => CheckNames.Kinds.Catalogue;

    public ProbeOptions Timing => options.Value;

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
    {
        if (!await ReadyWithinAsync(readiness, options.Value.Timeout / 2, cancellationToken))
        {
            // Before the Librarian has migrated it, a query could only fail on missing tables.
            return [new CheckResult(CheckNames.FactoryDb, Kind, ServiceState.Unknown, $"catalogue not ready: {readiness.State}")];
        }

        var watch = Stopwatch.StartNew();
        string provider = "unknown";
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            provider = db.IsSqlite ? "sqlite" : "postgresql";
            var services = await db.ServiceStatuses.CountAsync(cancellationToken);
            var latency = watch.Elapsed;
            var details = new JsonObject { ["provider"] = provider, ["services"] = services };
            var where = db.IsSqlite ? "embedded SQLite catalogue" : "catalogue";
            var status = latency > options.Value.SlowAfter ? ServiceState.Warning : ServiceState.Ok;
            var message = status == ServiceState.Ok
                ? $"{where} answered in {latency.TotalMilliseconds:0} ms"
                : $"{where} slow: {latency.TotalMilliseconds:0} ms (more than {options.Value.SlowAfter.TotalMilliseconds:0} ms)";
            return [new CheckResult(CheckNames.FactoryDb, Kind, status, message) { Latency = latency, Details = details }];
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return [new CheckResult(CheckNames.FactoryDb, Kind, ServiceState.Error, $"catalogue query failed: {ex.GetBaseException().Message}")
            {
                Latency = watch.Elapsed,
                Details = new JsonObject { ["provider"] = provider },
            }];
        }
    }

    /// <summary>Whether the schema is current, waiting a little for it: the first check runs as the Monitor starts.</summary>
    internal static async Task<bool> ReadyWithinAsync(CatalogReadiness readiness, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await readiness.WhenReady(cancellationToken).WaitAsync(wait, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
