using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blauwdruk.Engine.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PathwayVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pathway_versions",
                columns: table => new
                {
                    pathway_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    version = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    template_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    template_version = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    content_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    source = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    published_at = table.Column<long>(type: "INTEGER", nullable: true),
                    published_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pathway_versions", x => new { x.pathway_id, x.version });
                });

            migrationBuilder.CreateIndex(
                name: "ix_pathway_versions_kind_status",
                table: "pathway_versions",
                columns: new[] { "kind", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_pathway_versions_template",
                table: "pathway_versions",
                columns: new[] { "template_id", "template_version" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pathway_versions");
        }
    }
}
