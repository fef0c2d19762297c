using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PhotoFactory.Catalog.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IngestClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ingest_claims",
                columns: table => new
                {
                    source_path = table.Column<string>(type: "TEXT", nullable: false),
                    owner = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    claimed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    renewed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    stage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    transfers = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ingest_claims", x => x.source_path);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ingest_claims_renewed_at",
                table: "ingest_claims",
                column: "renewed_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ingest_claims");
        }
    }
}
