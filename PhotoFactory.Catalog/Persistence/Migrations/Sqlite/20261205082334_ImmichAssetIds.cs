using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PhotoFactory.Catalog.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ImmichAssetIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "immich_asset_id",
                table: "media_assets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_media_assets_awaiting_immich",
                table: "media_assets",
                columns: new[] { "ingested_at", "id" },
                filter: "immich_asset_id IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_media_assets_awaiting_immich",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "immich_asset_id",
                table: "media_assets");
        }
    }
}
