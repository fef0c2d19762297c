using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PhotoFactory.Catalog.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OriginalsScrub : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "last_proved_at",
                table: "media_assets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "scrub_findings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    path = table.Column<string>(type: "text", nullable: false),
                    asset_id = table.Column<Guid>(type: "uuid", nullable: true),
                    expected = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    found = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    first_seen_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scrub_findings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scrub_passes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    owner = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    asset_cursor = table.Column<Guid>(type: "uuid", nullable: true),
                    assets_done = table.Column<bool>(type: "boolean", nullable: false),
                    folder_cursor = table.Column<string>(type: "text", nullable: true),
                    assets_total = table.Column<long>(type: "bigint", nullable: false),
                    assets_checked = table.Column<long>(type: "bigint", nullable: false),
                    bytes_read = table.Column<long>(type: "bigint", nullable: false),
                    read_seconds = table.Column<double>(type: "double precision", nullable: false),
                    folders_walked = table.Column<long>(type: "bigint", nullable: false),
                    findings = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scrub_passes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_scrub_findings_open",
                table: "scrub_findings",
                columns: new[] { "path", "kind" },
                unique: true,
                filter: "resolved_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_scrub_findings_resolved_at",
                table: "scrub_findings",
                column: "resolved_at");

            migrationBuilder.CreateIndex(
                name: "ix_scrub_passes_started_at",
                table: "scrub_passes",
                column: "started_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "scrub_findings");

            migrationBuilder.DropTable(
                name: "scrub_passes");

            migrationBuilder.DropColumn(
                name: "last_proved_at",
                table: "media_assets");
        }
    }
}
