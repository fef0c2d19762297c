using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Persistence;

namespace PhotoFactory.Monitor.Probes;

/// <summary>
/// <c>factory-db</c>: a real query through the catalogue's own connection, as the services make them, with its
/// latency. On the embedded SQLite catalogue the same query runs against the file.
/// Details: <c>{"provider":"postgresql"|"sqlite","services":n}</c>.
/// </summary>
internal sealed class PostgresProbe(IDbContextFactory<CatalogDbContext> contexts, IOptions<CatalogueProbeOptions> options) : IProbe
{
    public IReadOnlyList<string> Names { get; } = [CheckNames.FactoryDb];

    public string Kind => CheckNames.Kinds.Catalogue;

    public ProbeOptions Timing => options.Value;

    public async Task<IReadOnlyList<CheckResult>> CheckAsync(CancellationToken cancellationToken)
    {
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
}
