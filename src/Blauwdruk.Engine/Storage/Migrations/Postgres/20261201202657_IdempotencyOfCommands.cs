using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blauwdruk.Engine.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IdempotencyOfCommands : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "event_count",
                table: "idempotency_records",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "instance_id",
                table: "idempotency_records",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rejection",
                table: "idempotency_records",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rejection_message",
                table: "idempotency_records",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "event_count",
                table: "idempotency_records");

            migrationBuilder.DropColumn(
                name: "instance_id",
                table: "idempotency_records");

            migrationBuilder.DropColumn(
                name: "rejection",
                table: "idempotency_records");

            migrationBuilder.DropColumn(
                name: "rejection_message",
                table: "idempotency_records");
        }
    }
}
