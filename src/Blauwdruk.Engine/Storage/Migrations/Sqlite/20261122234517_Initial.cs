using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blauwdruk.Engine.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "instances",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    pathway_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    pathway_version = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    municipality = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    lead_organisation = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_instances", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "journal",
                columns: table => new
                {
                    instance_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_journal", x => new { x.instance_id, x.sequence });
                });

            migrationBuilder.CreateTable(
                name: "tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    instance_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    pathway_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    pathway_version = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    step_id = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    organisation_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    activated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    due_at = table.Column<long>(type: "INTEGER", nullable: true),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tasks", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_instances_lead_organisation_status",
                table: "instances",
                columns: new[] { "lead_organisation", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_instance",
                table: "tasks",
                column: "instance_id");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_organisation_status_due",
                table: "tasks",
                columns: new[] { "organisation_id", "status", "due_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "instances");

            migrationBuilder.DropTable(
                name: "journal");

            migrationBuilder.DropTable(
                name: "tasks");
        }
    }
}
