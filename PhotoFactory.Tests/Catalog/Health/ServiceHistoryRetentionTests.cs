using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Tests.Catalog.Health;

public sealed class ServiceHistoryRetentionTests
{
    private static readonly DateTimeOffset Cutoff = new(2026, 9, 26, 0, 0, 0, TimeSpan.Zero);

    [Theory, CatalogProviders]
    public async Task History_older_than_the_cutoff_is_deleted_and_the_rest_kept(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await AddHistoryAsync(catalog, Enumerable.Range(1, 10).Select(i => Cutoff.AddMinutes(-i)));
        await AddHistoryAsync(catalog, [Cutoff, Cutoff.AddTicks(10), Cutoff.AddDays(1)]);

        var deleted = await new ServiceHistoryRetention(catalog.Contexts())
            .DeleteOlderThanAsync(Cutoff, batchSize: 4, TestContext.Current.CancellationToken);

        Assert.Equal(10, deleted);
        await using var db = catalog.CreateContext();
        var kept = await db.ServiceStatusHistory.OrderBy(h => h.HeartbeatTimestamp).Select(h => h.HeartbeatTimestamp).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([Cutoff.UtcDateTime, Cutoff.AddTicks(10).UtcDateTime, Cutoff.AddDays(1).UtcDateTime], kept);
    }

    [Theory, CatalogProviders]
    public async Task Each_delete_statement_removes_at_most_one_batch(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await AddHistoryAsync(catalog, Enumerable.Range(1, 9).Select(i => Cutoff.AddHours(-i)));
        var deletes = new DeleteRecorder();

        var deleted = await new ServiceHistoryRetention(catalog.Contexts(deletes))
            .DeleteOlderThanAsync(Cutoff, batchSize: 3, TestContext.Current.CancellationToken);

        Assert.Equal(9, deleted);
        // Three full batches, then one that finds nothing left and ends the loop.
        Assert.Equal([3, 3, 3, 0], deletes.RowsAffected);
    }

    [Theory, CatalogProviders]
    public async Task Nothing_is_deleted_when_all_history_is_recent(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await AddHistoryAsync(catalog, [Cutoff.AddSeconds(1)]);

        var deleted = await new ServiceHistoryRetention(catalog.Contexts())
            .DeleteOlderThanAsync(Cutoff, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, deleted);
        await using var db = catalog.CreateContext();
        Assert.Equal(1, await db.ServiceStatusHistory.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory, CatalogProviders]
    public async Task Old_history_is_found_through_the_heartbeat_timestamp_index(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await AddHistoryAsync(catalog, [Cutoff.AddDays(-1)]);
        var deletes = new DeleteRecorder();
        await new ServiceHistoryRetention(catalog.Contexts(deletes)).DeleteOlderThanAsync(Cutoff, cancellationToken: TestContext.Current.CancellationToken);

        var plan = await ExplainAsync(catalog, deletes.Commands.First());

        Assert.Contains("ix_system_status_history_heartbeat_timestamp", plan);
    }

    private static async Task AddHistoryAsync(TestCatalog catalog, IEnumerable<DateTimeOffset> heartbeats)
    {
        await using var db = catalog.CreateContext();
        db.ServiceStatusHistory.AddRange(heartbeats.Select(at => new ServiceStatusHistory
        {
            ServiceName = "librarian",
            Status = ServiceState.Ok,
            HeartbeatTimestamp = at.UtcDateTime,
            CreatedAt = at.UtcDateTime,
        }));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The database's own plan for a recorded statement, as text.</summary>
    private static async Task<string> ExplainAsync(TestCatalog catalog, RecordedCommand recorded)
    {
        await using var db = catalog.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        if (catalog.Provider == CatalogProvider.Postgres)
        {
            // A table this small is cheaper to scan; forbid that to see the plan a large table would get.
            await using var noScans = connection.CreateCommand();
            noScans.CommandText = "SET enable_seqscan = off";
            await noScans.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var explain = connection.CreateCommand();
        explain.CommandText = (catalog.Provider == CatalogProvider.Postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + recorded.Text;
        foreach (var (name, value) in recorded.Parameters)
        {
            var parameter = explain.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            explain.Parameters.Add(parameter);
        }

        await using var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var lines = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            lines.Add(reader.GetString(reader.FieldCount - 1));
        }

        return string.Join('\n', lines);
    }

    private sealed record RecordedCommand(string Text, IReadOnlyList<(string Name, object? Value)> Parameters);

    /// <summary>Sees every DELETE the retention runs and how many rows each removed.</summary>
    private sealed class DeleteRecorder : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<(RecordedCommand Command, int Rows)> _deletes = new();

        public IEnumerable<RecordedCommand> Commands => _deletes.Select(delete => delete.Command);

        public IEnumerable<int> RowsAffected => _deletes.Select(delete => delete.Rows);

        public override ValueTask<int> NonQueryExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.TrimStart().StartsWith("DELETE", StringComparison.OrdinalIgnoreCase))
            {
                var parameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList();
                _deletes.Enqueue((new RecordedCommand(command.CommandText, parameters), result));
            }

            return ValueTask.FromResult(result);
        }
    }
}
