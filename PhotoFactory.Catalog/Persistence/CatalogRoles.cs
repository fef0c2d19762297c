using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using PhotoFactory.Catalog.Health;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>
/// The catalogue's PostgreSQL roles, one per service, as the factory-db init script (<c>factory-db/roles.psql</c>
/// beside the AppHost) makes them: the Librarian owns the database and its tables; the Dashboard reads every table;
/// the Monitor may write only the status tables, read what the scrub of the originals found, and of the photos read where
/// they are and write their Immich id, which it gets here from their owner once the migrations made them.
/// </summary>
public static class CatalogRoles
{
    public const string Librarian = ResourceNames.Librarian;
    public const string Monitor = ResourceNames.Monitor;
    public const string Dashboard = ResourceNames.Dashboard;

    /// <summary>
    /// Grants the Monitor the status tables (and reading the migration history, to see that the schema is current)
    /// and the Dashboard reading every table; the Librarian runs it after each migration check. Does nothing on
    /// SQLite or where the roles do not exist (a PostgreSQL without the init script, such as a test server).
    /// </summary>
    /// <returns>Whether the roles were there to be granted to.</returns>
    public static async Task<bool> GrantAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        if (db.IsSqlite)
        {
            return false;
        }

        var roles = await db.Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_roles WHERE rolname IN ({Monitor}, {Dashboard})")
            .SingleAsync(cancellationToken);
        if (roles < 2)
        {
            return false;
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var monitor = sql.DelimitIdentifier(Monitor);
        var status = db.Table<ServiceStatus>();
        var history = db.Table<ServiceStatusHistory>();
        var historyId = db.Model.FindEntityType(typeof(ServiceStatusHistory))!.FindPrimaryKey()!.Properties.Single().GetColumnName();
        var assets = db.Table<Assets.MediaAsset>();
        var asset = db.Model.FindEntityType(typeof(Assets.MediaAsset))!;
        string Column(string property) => sql.DelimitIdentifier(asset.FindProperty(property)!.GetColumnName());
        var immichId = Column(nameof(Assets.MediaAsset.ImmichAssetId));
        var scrub = $"{db.Table<Integrity.ScrubFinding>()}, {db.Table<Integrity.ScrubPass>()}";
        var located = string.Join(", ", new[] { nameof(Assets.MediaAsset.Id), nameof(Assets.MediaAsset.FinalPath), nameof(Assets.MediaAsset.IngestedAt) }.Select(Column));
        // Every name comes from the EF model or the constants above, none from input.
        var grants =
            $"""
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO {sql.DelimitIdentifier(Dashboard)};
            GRANT SELECT ON {sql.DelimitIdentifier(CatalogSchema.MigrationsHistoryTable)} TO {monitor};
            GRANT SELECT, INSERT, UPDATE, DELETE ON {status}, {history} TO {monitor};
            GRANT SELECT ({located}, {immichId}), UPDATE ({immichId}) ON {assets} TO {monitor};
            GRANT SELECT ON {scrub} TO {monitor};
            DO $grant$ BEGIN
              EXECUTE format('GRANT USAGE ON SEQUENCE %s TO {monitor}', pg_get_serial_sequence('{history}', '{historyId}'));
            END $grant$;
            """;
        await db.Database.ExecuteSqlRawAsync(grants, cancellationToken);
        return true;
    }
}
