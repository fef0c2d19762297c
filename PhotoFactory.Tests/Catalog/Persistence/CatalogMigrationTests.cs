using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PhotoFactory.Tests.Catalog.Persistence;

public sealed class CatalogMigrationTests
{
    /// <summary>The original schema's tables and columns (plus this catalogue's additions), which dashboards and scripts query by name.</summary>
    private static readonly Dictionary<string, string[]> OriginalTables = new()
    {
        ["media_assets"] =
        [
            "id", "sha256", "original_name", "original_path", "final_path", "size_bytes", "captured_at_local",
            "capture_offset_minutes", "capture_date_source", "location", "camera_make", "camera_model", "kind",
            "mime_type", "width", "height", "duration_seconds", "ingested_at", "is_ingested", "is_geocoded",
            "geocoded_at", "is_thumbnailed", "thumbnailed_at", "is_curated", "curated_at", "is_backed_up",
            "backed_up_at", "has_errors", "error_message", "created_at",
            // Ours, beyond the original system's: the photo's id in Immich, which the Monitor looks up.
            "immich_asset_id",
            // When the scrub of the originals last read the file and found it as filed.
            "last_proved_at",
        ],
        ["system_status"] =
        [
            "service_name", "status", "message", "current_task", "latency_milliseconds", "queue_length",
            "last_heartbeat", "updated_at", "status_since", "details",
        ],
        ["system_status_history"] =
        [
            "id", "service_name", "status", "message", "current_task", "latency_milliseconds", "heartbeat_timestamp",
            "created_at", "details",
        ],
        ["ingest_events"] =
        [
            "id", "kind", "source_path", "sha256", "size_bytes", "reason", "duplicate_of_asset_id", "quarantine_path",
            "occurred_at",
        ],
        // Ours: what the scrub of the originals found, and how far each of its passes came.
        ["scrub_findings"] = ["id", "kind", "path", "asset_id", "expected", "found", "first_seen_at", "last_seen_at", "resolved_at"],
        ["scrub_passes"] =
        [
            "id", "owner", "started_at", "completed_at", "updated_at", "asset_cursor", "assets_done", "folder_cursor",
            "assets_total", "assets_checked", "bytes_read", "read_seconds", "folders_walked", "findings",
        ],
    };

    [Theory, CatalogProviders]
    public async Task Migrating_an_empty_database_creates_the_original_tables_and_columns(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);

        var columns = await catalog.ReadColumnsAsync();

        foreach (var (table, expected) in OriginalTables)
        {
            Assert.True(columns.ContainsKey(table), $"table {table} missing; found {string.Join(", ", columns.Keys)}");
            Assert.Equal(expected.Order(), columns[table].Order());
        }

        Assert.Contains("__ef_migrations_history", columns.Keys);
    }

    [Theory, CatalogProviders]
    public async Task Every_table_column_and_index_is_named_in_snake_case(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);

        // EF's own bookkeeping tables (__ef_migrations_history, SQLite's __EFMigrationsLock) are not ours to name.
        static bool Ours(string table) => !table.StartsWith("__", StringComparison.Ordinal);
        var names = (await catalog.ReadColumnsAsync())
            .Where(table => Ours(table.Key))
            .SelectMany(table => table.Value.Select(column => $"{table.Key}.{column}").Prepend(table.Key))
            .Concat((await catalog.ReadIndexesAsync()).Where(index => Ours(index.Value)).Select(index => index.Key))
            .ToList();

        Assert.Contains("system_status_history.heartbeat_timestamp", names);

        Assert.All(names, name => Assert.Matches("^[a-z0-9_.]+$", name));
    }

    [Theory, CatalogProviders]
    public async Task The_indexes_behind_the_dashboard_and_retention_queries_exist(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);

        var indexes = await catalog.ReadIndexesAsync();

        Assert.Equal("media_assets", indexes["ix_media_assets_sha256"]);
        Assert.Equal("media_assets", indexes["ix_media_assets_final_path"]);
        Assert.Equal("media_assets", indexes["ix_media_assets_captured_at_local"]);
        Assert.Equal("media_assets", indexes["ix_media_assets_is_geocoded"]);
        Assert.Equal("media_assets", indexes["ix_media_assets_is_backed_up"]);
        Assert.Equal("media_assets", indexes["ix_media_assets_has_errors"]);
        Assert.Equal("system_status_history", indexes["ix_system_status_history_service_name_heartbeat_timestamp"]);
        Assert.Equal("system_status_history", indexes["ix_system_status_history_heartbeat_timestamp"]);
    }

    [Theory, CatalogProviders]
    public async Task Every_entity_the_model_maps_has_its_table_and_columns_after_migrating(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await using var db = catalog.CreateContext();

        var columns = await catalog.ReadColumnsAsync();

        foreach (var entity in db.Model.GetEntityTypes().Where(entity => !entity.IsMappedToJson()))
        {
            var table = entity.GetTableName()!;
            Assert.True(columns.ContainsKey(table), $"{entity.DisplayName()} maps to {table}, which the migrations do not create");
            var tableId = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                Assert.Contains(property.GetColumnName(tableId)!, columns[table]);
            }
        }
    }

    [Theory, CatalogProviders]
    public async Task After_migrating_every_migration_is_applied_and_none_pending(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateMigratedAsync(provider);
        await using var db = catalog.CreateContext();
        var ct = TestContext.Current.CancellationToken;

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(ct));
    }

    [Theory, CatalogProviders]
    public async Task An_empty_database_has_every_migration_pending(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateEmptyAsync(provider);
        await using var db = catalog.CreateContext();

        var pending = await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken);

        Assert.NotEmpty(pending);
        Assert.Equal(db.Database.GetMigrations(), pending);
    }

    /// <remarks>Fails when someone changes the model without adding the migration pair for both providers.</remarks>
    [Theory, CatalogProviders]
    public async Task The_model_has_no_changes_missing_from_the_migrations(CatalogProvider provider)
    {
        await using var catalog = await TestCatalog.CreateEmptyAsync(provider);
        await using var db = catalog.CreateContext();

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {provider} model differs from its migrations snapshot: add a migration for both providers.");
    }

    [Fact]
    public async Task Both_providers_have_the_same_migrations_in_the_same_order()
    {
        await using var sqlite = await TestCatalog.CreateEmptyAsync(CatalogProvider.Sqlite);
        await using var postgres = await TestCatalog.CreateEmptyAsync(CatalogProvider.Postgres);
        await using var sqliteDb = sqlite.CreateContext();
        await using var postgresDb = postgres.CreateContext();

        // Migration ids start with a timestamp taken when each was added; the names must pair up.
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_') + 1)..]);

        Assert.Equal(Names(postgresDb), Names(sqliteDb));
    }
}
