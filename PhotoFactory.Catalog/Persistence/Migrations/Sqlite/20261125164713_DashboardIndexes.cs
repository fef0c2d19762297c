using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PhotoFactory.Catalog.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_media_assets_camera_make_camera_model_captured_at_local",
                table: "media_assets",
                columns: new[] { "camera_make", "camera_model", "captured_at_local" });

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_captured_at_local_id",
                table: "media_assets",
                columns: new[] { "captured_at_local", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_ingested_at_id",
                table: "media_assets",
                columns: new[] { "ingested_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_kind_captured_at_local",
                table: "media_assets",
                columns: new[] { "kind", "captured_at_local" });

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_located_captured_at_local",
                table: "media_assets",
                columns: new[] { "captured_at_local", "id" },
                filter: "location IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_media_assets_camera_make_camera_model_captured_at_local",
                table: "media_assets");

            migrationBuilder.DropIndex(
                name: "ix_media_assets_captured_at_local_id",
                table: "media_assets");

            migrationBuilder.DropIndex(
                name: "ix_media_assets_ingested_at_id",
                table: "media_assets");

            migrationBuilder.DropIndex(
                name: "ix_media_assets_kind_captured_at_local",
                table: "media_assets");

            migrationBuilder.DropIndex(
                name: "ix_media_assets_located_captured_at_local",
                table: "media_assets");
        }
    }
}
