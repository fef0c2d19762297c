using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PhotoFactory.Catalog.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MonitorDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "details",
                table: "system_status_history",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "details",
                table: "system_status",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "status_since",
                table: "system_status",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "details",
                table: "system_status_history");

            migrationBuilder.DropColumn(
                name: "details",
                table: "system_status");

            migrationBuilder.DropColumn(
                name: "status_since",
                table: "system_status");
        }
    }
}
