using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PhotoFactory.Catalog.Assets;
using PhotoFactory.Catalog.Events;
using PhotoFactory.Catalog.Filing;
using PhotoFactory.Catalog.Health;
using PhotoFactory.Catalog.Integrity;

namespace PhotoFactory.Catalog.Persistence;

/// <summary>
/// The catalogue. One model for both providers; <see cref="PostgresCatalogDbContext"/> and
/// <see cref="SqliteCatalogDbContext"/> exist only so that each provider keeps its own migrations.
/// </summary>
public abstract class CatalogDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<MediaAsset> MediaAssets => Set<MediaAsset>();
    public DbSet<ServiceStatus> ServiceStatuses => Set<ServiceStatus>();
    public DbSet<ServiceStatusHistory> ServiceStatusHistory => Set<ServiceStatusHistory>();
    public DbSet<IngestEvent> IngestEvents => Set<IngestEvent>();
    public DbSet<IngestClaim> IngestClaims => Set<IngestClaim>();
    public DbSet<ScrubFinding> ScrubFindings => Set<ScrubFinding>();
    public DbSet<ScrubPass> ScrubPasses => Set<ScrubPass>();

    /// <summary>True on the embedded SQLite catalogue.</summary>
    public bool IsSqlite => Database.IsSqlite();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<ServiceState>().HaveConversion<ServiceStateConverter>().HaveMaxLength(16);
        configurationBuilder.Properties<MediaKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<IngestEventKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<IngestClaimStage>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ScrubFindingKind>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<MediaAsset>(asset =>
        {
            asset.ToTable("media_assets");
            asset.HasKey(a => a.Id);
            asset.Property(a => a.Sha256).HasMaxLength(64).IsFixedLength();
            asset.HasIndex(a => a.Sha256).IsUnique();
            asset.Property(a => a.OriginalName).HasMaxLength(512);
            asset.HasIndex(a => a.FinalPath).IsUnique();
            asset.Property(a => a.CaptureDateSource).HasMaxLength(64);
            asset.Property(a => a.CameraMake).HasMaxLength(CatalogSchema.ShortTextLength);
            asset.Property(a => a.CameraModel).HasMaxLength(CatalogSchema.ShortTextLength);
            asset.Property(a => a.MimeType).HasMaxLength(CatalogSchema.ShortTextLength);
            asset.OwnsOne(a => a.Location, location => location.ToJson("location"));
            asset.Ignore(a => a.CapturedAt);
            asset.HasIndex(a => a.CapturedAtLocal);
            asset.HasIndex(a => a.IngestedAt);
            // What the Monitor still has to find in Immich, newest first, without walking the photos Immich has.
            asset.HasIndex(a => new { a.IngestedAt, a.Id }, "media_assets_awaiting_immich").HasFilter("immich_asset_id IS NULL");
            asset.HasIndex(a => a.IsGeocoded);
            asset.HasIndex(a => a.IsBackedUp);
            asset.HasIndex(a => a.HasErrors);
            // The dashboard's library pages by (sort key, id) and filters by camera, kind and location presence.
            asset.HasIndex(a => new { a.CapturedAtLocal, a.Id });
            asset.HasIndex(a => new { a.IngestedAt, a.Id });
            asset.HasIndex(a => new { a.CameraMake, a.CameraModel, a.CapturedAtLocal });
            asset.HasIndex(a => new { a.Kind, a.CapturedAtLocal });
            asset.HasIndex(a => new { a.CapturedAtLocal, a.Id }, "media_assets_located_captured_at_local")
                .HasFilter("location IS NOT NULL");
        });

        modelBuilder.Entity<ServiceStatus>(status =>
        {
            status.ToTable("system_status");
            status.HasKey(s => s.ServiceName);
            status.Property(s => s.ServiceName).HasMaxLength(64);
            status.Property(s => s.CurrentTask).HasMaxLength(512);
        });

        modelBuilder.Entity<ServiceStatusHistory>(history =>
        {
            history.ToTable("system_status_history");
            history.HasKey(h => h.Id);
            history.Property(h => h.ServiceName).HasMaxLength(64);
            history.Property(h => h.CurrentTask).HasMaxLength(512);
            history.HasIndex(h => new { h.ServiceName, h.HeartbeatTimestamp });
            // Retention deletes by age across all services.
            history.HasIndex(h => h.HeartbeatTimestamp);
        });

        modelBuilder.Entity<IngestEvent>(ingestEvent =>
        {
            ingestEvent.ToTable("ingest_events");
            ingestEvent.HasKey(e => e.Id);
            ingestEvent.HasIndex(e => new { e.Kind, e.OccurredAt });
            ingestEvent.Property(e => e.Sha256).HasMaxLength(64);
        });

        modelBuilder.Entity<IngestClaim>(claim =>
        {
            claim.ToTable("ingest_claims");
            claim.HasKey(c => c.SourcePath);
            claim.Property(c => c.Owner).HasMaxLength(256);
            claim.Property(c => c.Sha256).HasMaxLength(64);
            claim.HasIndex(c => c.RenewedAt);
        });

        modelBuilder.Entity<ScrubFinding>(finding =>
        {
            finding.ToTable("scrub_findings");
            finding.HasKey(f => f.Id);
            finding.Property(f => f.Expected).HasMaxLength(512);
            finding.Property(f => f.Found).HasMaxLength(512);
            // A problem with a file is one row while it stands, however many passes see it.
            finding.HasIndex(f => new { f.Path, f.Kind }, "scrub_findings_open").IsUnique().HasFilter("resolved_at IS NULL");
            // The Dashboard lists what was put right lately, newest first.
            finding.HasIndex(f => f.ResolvedAt);
        });

        modelBuilder.Entity<ScrubPass>(pass =>
        {
            pass.ToTable("scrub_passes");
            pass.HasKey(p => p.Id);
            pass.Property(p => p.Id).ValueGeneratedNever();
            pass.Property(p => p.Owner).HasMaxLength(256);
            pass.Ignore(p => p.Rate);
            pass.Ignore(p => p.Percent);
            pass.HasIndex(p => p.StartedAt);
        });

        ApplyProviderTimeTypes(modelBuilder);
        ApplySnakeCaseNames(modelBuilder);
    }

    /// <summary>
    /// Every timestamp is a UTC instant except <see cref="MediaAsset.CapturedAtLocal"/>, which is a wall-clock
    /// reading with no zone. PostgreSQL keeps that distinction in its column types and refuses a DateTime of
    /// the wrong kind for each; SQLite stores text, so converters refuse the same kinds there and mark instants
    /// read back from it as UTC again.
    /// </summary>
    private void ApplyProviderTimeTypes(ModelBuilder modelBuilder)
    {
        var localProperty = modelBuilder.Entity<MediaAsset>().Property(a => a.CapturedAtLocal).Metadata;
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.ClrType != typeof(DateTime) && property.ClrType != typeof(DateTime?))
            {
                continue;
            }

            if (property == localProperty)
            {
                if (IsSqlite)
                {
                    property.SetValueConverter(WallClockDateTimeConverter.Optional);
                }
                else
                {
                    property.SetColumnType("timestamp without time zone");
                }
            }
            else if (IsSqlite)
            {
                property.SetValueConverter(property.ClrType == typeof(DateTime)
                    ? UtcDateTimeConverters.Required
                    : UtcDateTimeConverters.Optional);
            }
        }
    }

    /// <summary>The original schema spelled every table, column and index in snake_case; so do we.</summary>
    private static void ApplySnakeCaseNames(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.IsMappedToJson())
            {
                continue;
            }

            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.GetColumnName(table) ?? property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnakeCase(key.GetName()!));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName("ix_" + ToSnakeCase(index.GetDatabaseName()!).Replace("ix_", "", StringComparison.Ordinal));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                    || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
