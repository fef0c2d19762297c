using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>
/// Brings the catalogue schema up to date at start-up (the Librarian owns migrations) or, in the other
/// services, waits until it is. Retries with backoff while the database is unreachable, and reports each
/// step through <see cref="CatalogReadiness"/> so that /health says what is happening.
/// </summary>
internal sealed partial class CatalogSchemaService(
    IDbContextFactory<CatalogDbContext> contexts,
    CatalogReadiness readiness,
    CatalogSchemaMode mode,
    TimeProvider time,
    ILogger<CatalogSchemaService> logger) : BackgroundService
{
    internal static readonly ActivitySource Activity = new("PhotoFactory.Catalog");
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            string state;
            var unreachable = false;
            try
            {
                var waitingFor = await BringUpToDateAsync(stoppingToken);
                if (waitingFor == 0)
                {
                    return;
                }

                // Reachable and healthy, just behind: not a warning, and not to be reported as an outage.
                state = $"waiting for the Librarian to apply {waitingFor} migration(s), checking again in {backoff.TotalSeconds:0.#} s";
                LogWaitingForOwner(logger, waitingFor, backoff);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Timeouts inside the provider can surface as OperationCanceledException; only our own stop ends the loop.
                state = $"catalogue unreachable, retrying in {backoff.TotalSeconds:0.#} s: {ex.Message}";
                unreachable = true;
                LogCatalogUnavailable(logger, backoff, ex.Message);
            }

            readiness.Report(state, unreachable);
            await Task.Delay(backoff, time, stoppingToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    /// <returns>0 once the schema is current; otherwise how many migrations this service is waiting for.</returns>
    private async Task<int> BringUpToDateAsync(CancellationToken cancellationToken)
    {
        using var activity = Activity.StartActivity("catalog schema");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (mode == CatalogSchemaMode.WaitForOwner)
        {
            if (pending.Count == 0)
            {
                readiness.MarkReady($"catalogue schema current ({db.Database.ProviderName})");
            }

            return pending.Count;
        }

        if (pending.Count == 0)
        {
            await GrantAsync(db, cancellationToken);
            readiness.MarkReady($"catalogue schema current ({db.Database.ProviderName})");
            return 0;
        }

        using var exclusive = db.IsSqlite ? await TakeSqliteMigrationLockAsync(db, cancellationToken) : null;
        if (db.IsSqlite)
        {
            // WAL lets the dashboard read while the Librarian writes; the setting persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var migrator = db.GetService<IMigrator>();
        for (var i = 0; i < pending.Count; i++)
        {
            readiness.Report($"applying migration {i + 1} of {pending.Count}: {pending[i]}");
            LogApplyingMigration(logger, i + 1, pending.Count, pending[i]);
            await migrator.MigrateAsync(pending[i], cancellationToken);
        }

        await GrantAsync(db, cancellationToken);
        readiness.MarkReady($"catalogue schema current ({db.Database.ProviderName}, {pending.Count} migration(s) applied)");
        return 0;
    }

    /// <summary>The other services' rights on the tables the migrations made (<see cref="CatalogRoles"/>), before they are told the schema is ready.</summary>
    private async Task GrantAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        if (await CatalogRoles.GrantAsync(db, cancellationToken))
        {
            LogGranted(logger, CatalogRoles.Monitor, CatalogRoles.Dashboard);
        }
    }

    /// <summary>
    /// EF Core marks a SQLite migration in progress with a row in <c>__EFMigrationsLock</c>, and a process killed
    /// mid-migration leaves that row behind for ever. An operating-system lock on a file beside the catalogue is
    /// released when its process dies: whoever holds it is the only live migrator, and may clear a stale row.
    /// </summary>
    private static async Task<IDisposable> TakeSqliteMigrationLockAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        var path = db.Database.GetDbConnection().DataSource + ".migration-lock";
        FileStream held;
        try
        {
            held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException("another process is applying the catalogue migrations", ex);
        }

        await db.Database.ExecuteSqlRawAsync(
            "CREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL CONSTRAINT \"PK___EFMigrationsLock\" PRIMARY KEY, \"Timestamp\" TEXT NOT NULL); DELETE FROM \"__EFMigrationsLock\";",
            cancellationToken);
        return held;
    }

    [LoggerMessage(1, LogLevel.Warning, "Catalogue unavailable, retrying in {Backoff}: {Reason}")]
    private static partial void LogCatalogUnavailable(ILogger logger, TimeSpan backoff, string reason);

    [LoggerMessage(2, LogLevel.Information, "Applying catalogue migration {Index} of {Count}: {Migration}")]
    private static partial void LogApplyingMigration(ILogger logger, int index, int count, string migration);

    [LoggerMessage(4, LogLevel.Information, "Catalogue rights granted: {Monitor} writes the status tables, {Dashboard} reads every table")]
    private static partial void LogGranted(ILogger logger, string monitor, string dashboard);

    [LoggerMessage(3, LogLevel.Information, "Catalogue schema is {Count} migration(s) behind; waiting for the Librarian, checking again in {Backoff}")]
    private static partial void LogWaitingForOwner(ILogger logger, int count, TimeSpan backoff);
}

/// <summary>Whether this service applies migrations or waits for the one that does.</summary>
public enum CatalogSchemaMode
{
    ApplyMigrations,
    WaitForOwner,
}
