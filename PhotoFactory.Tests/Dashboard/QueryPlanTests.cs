using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Dashboard;
using PhotoFactory.Dashboard.Library;
using PhotoFactory.Dashboard.Live;
using PhotoFactory.Dashboard.Originals;
using PhotoFactory.Dashboard.Overview;
using PhotoFactory.Dashboard.Problems;
using PhotoFactory.Dashboard.Stack;
using PhotoFactory.Tests.Catalog;
using PhotoFactory.Tests.Infrastructure;

namespace PhotoFactory.Tests.Dashboard;

/// <summary>
/// Every statement the Dashboard sends about assets, events and history can be answered from an index: each is
/// captured, then explained on PostgreSQL with sequential scans priced out, and no plan may still scan a table.
/// (A table of twenty rows would be scanned whatever its indexes; this asks whether an index exists that serves.)
/// </summary>
public sealed class QueryPlanTests
{
    private static readonly string[] LargeTables = ["media_assets", "ingest_events", "system_status_history", "scrub_findings"];

    [Fact]
    public async Task Every_dashboard_query_on_a_large_table_is_served_by_an_index()
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(CatalogProvider.Postgres, "dashboard_plans");
        var now = DateTime.UtcNow;
        CatalogSeeder.Seeded seeded;
        await using (var db = catalog.CreateContext())
        {
            seeded = await CatalogSeeder.SeedAsync(db, now);
        }

        var recorder = new CommandRecorder();
        await RunEveryQueryAsync(catalog.Contexts(recorder), seeded);
        Assert.NotEmpty(recorder.Commands);

        var scans = new List<string>();
        var explained = 0;
        await using var connection = new NpgsqlConnection(catalog.PostgresConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        foreach (var (sql, parameters) in recorder.Commands.Where(c => LargeTables.Any(t => c.Sql.Contains(t, StringComparison.Ordinal))))
        {
            await using var explain = new NpgsqlCommand("EXPLAIN " + sql, connection);
            foreach (var parameter in parameters)
            {
                explain.Parameters.Add(parameter);
            }

            explained++;
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            {
                while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                {
                    plan.Add(reader.GetString(0));
                }
            }

            if (plan.Any(line => LargeTables.Any(t => line.Contains($"Seq Scan on {t}", StringComparison.Ordinal))))
            {
                scans.Add(sql + "\n" + string.Join("\n", plan));
            }
        }

        Assert.True(explained > 50, $"only {explained} statements were explained");
        Assert.True(scans.Count == 0, "These queries scan a whole table:\n\n" + string.Join("\n\n", scans));
    }

    private static async Task RunEveryQueryAsync(Microsoft.EntityFrameworkCore.IDbContextFactory<PhotoFactory.Catalog.Persistence.CatalogDbContext> contexts, CatalogSeeder.Seeded seeded)
    {
        var options = Options.Create(new DashboardOptions { AggregateRefreshInterval = TimeSpan.Zero });
        var time = TimeProvider.System;
        var token = TestContext.Current.CancellationToken;

        var originals = new OriginalsQuery(contexts);
        var overview = new OverviewQuery(contexts, options, time, Cache<OverviewCounts>(), Cache<OverviewCharts>(), originals);
        await overview.ReadTotalsAsync(token);
        await originals.ReadFindingsAsync(token);
        await overview.ReadRecentAsync(token);
        await overview.ReadChartsAsync(token);

        var library = new LibraryQuery(contexts, options, Cache<CameraList>());
        var cameras = await library.ReadCamerasAsync(token);
        LibraryFilter[] filters =
        [
            LibraryFilter.None,
            new(From: new DateOnly(2021, 1, 1), To: new DateOnly(2021, 12, 31)),
            new(Camera: cameras[0]),
            new(Kind: MediaKind.Raw),
            new(HasLocation: true),
            new(HasErrors: true),
        ];
        foreach (var filter in filters)
        {
            await library.CountAsync(filter, token);
            foreach (var sort in Enum.GetValues<LibrarySort>())
            {
                var first = await library.ReadPageAsync(filter, sort, null, token);
                var after = first.Rows.Count > 0
                    ? sort is LibrarySort.IngestedNewest or LibrarySort.IngestedOldest
                        ? new LibraryCursor(false, first.Rows[^1].IngestedAt, first.Rows[^1].Id)
                        : new LibraryCursor(first.Rows[^1].CapturedAtLocal is null, first.Rows[^1].CapturedAtLocal, first.Rows[^1].Id)
                    : null;
                await library.ReadPageAsync(filter, sort, after, token);
                await library.ReadPageAsync(filter, sort, new LibraryCursor(true, null, Guid.Empty), token);
            }
        }

        await library.ReadAssetAsync(seeded.LocatedAssetId, token);

        var problems = new ProblemsQuery(contexts);
        await problems.ReadQuarantinedAsync(token);
        await problems.ReadDuplicatesAsync(token);
        await problems.ReadAssetsWithErrorsAsync(token);

        var services = new ServicesQuery(contexts, options, time, Cache<UptimeTable>());
        await services.ReadAllAsync(token);
        await services.ReadOneAsync("librarian", token);
        await services.ReadHistoryAsync("librarian", token);
        await services.ReadUptimeAsync(token);
    }

    private static Cached<T> Cache<T>()
        where T : class => new(TimeProvider.System, NullLogger<Cached<T>>.Instance);

    /// <summary>Keeps the text and parameters of every command the queries send.</summary>
    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public List<(string Sql, List<NpgsqlParameter> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            lock (Commands)
            {
                Commands.Add((command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
