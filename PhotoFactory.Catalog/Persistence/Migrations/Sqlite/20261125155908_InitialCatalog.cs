using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PhotoFactory.Catalog.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ingest_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    source_path = table.Column<string>(type: "TEXT", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    size_bytes = table.Column<long>(type: "INTEGER", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    duplicate_of_asset_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    quarantine_path = table.Column<string>(type: "TEXT", nullable: true),
                    occurred_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ingest_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "media_assets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    original_name = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    original_path = table.Column<string>(type: "TEXT", nullable: false),
                    final_path = table.Column<string>(type: "TEXT", nullable: false),
                    size_bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    captured_at_local = table.Column<DateTime>(type: "TEXT", nullable: true),
                    capture_offset_minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    capture_date_source = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    camera_make = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    camera_model = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    mime_type = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    width = table.Column<int>(type: "INTEGER", nullable: true),
                    height = table.Column<int>(type: "INTEGER", nullable: true),
                    duration_seconds = table.Column<double>(type: "REAL", nullable: true),
                    ingested_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    is_ingested = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_geocoded = table.Column<bool>(type: "INTEGER", nullable: false),
                    geocoded_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    is_thumbnailed = table.Column<bool>(type: "INTEGER", nullable: false),
                    thumbnailed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    is_curated = table.Column<bool>(type: "INTEGER", nullable: false),
                    curated_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    is_backed_up = table.Column<bool>(type: "INTEGER", nullable: false),
                    backed_up_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    has_errors = table.Column<bool>(type: "INTEGER", nullable: false),
                    error_message = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    location = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_media_assets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "system_status",
                columns: table => new
                {
                    service_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: true),
                    current_task = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    latency_milliseconds = table.Column<double>(type: "REAL", nullable: true),
                    queue_length = table.Column<int>(type: "INTEGER", nullable: true),
                    last_heartbeat = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_system_status", x => x.service_name);
                });

            migrationBuilder.CreateTable(
                name: "system_status_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    service_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    message = table.Column<string>(type: "TEXT", nullable: true),
                    current_task = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    latency_milliseconds = table.Column<double>(type: "REAL", nullable: true),
                    heartbeat_timestamp = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_system_status_history", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ingest_events_kind_occurred_at",
                table: "ingest_events",
                columns: new[] { "kind", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_captured_at_local",
                table: "media_assets",
                column: "captured_at_local");

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_final_path",
                table: "media_assets",
                column: "final_path",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_has_errors",
                table: "media_assets",
                column: "has_errors");

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_ingested_at",
                table: "media_assets",
                column: "ingested_at");

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_is_backed_up",
                table: "media_assets",
                column: "is_backed_up");

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_is_geocoded",
                table: "media_assets",
                column: "is_geocoded");

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_sha256",
                table: "media_assets",
                column: "sha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_system_status_history_heartbeat_timestamp",
                table: "system_status_history",
                column: "heartbeat_timestamp");

            migrationBuilder.CreateIndex(
                name: "ix_system_status_history_service_name_heartbeat_timestamp",
                table: "system_status_history",
                columns: new[] { "service_name", "heartbeat_timestamp" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ingest_events");

            migrationBuilder.DropTable(
                name: "media_assets");

            migrationBuilder.DropTable(
                name: "system_status");

            migrationBuilder.DropTable(
                name: "system_status_history");
        }
    }
}
