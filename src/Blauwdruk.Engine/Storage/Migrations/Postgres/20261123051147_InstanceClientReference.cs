using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blauwdruk.Engine.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InstanceClientReference : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "client_reference",
                table: "instances",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Instances started before this column: their reference from the snapshot.
            migrationBuilder.Sql("UPDATE instances SET client_reference = COALESCE(LEFT(state::jsonb ->> 'clientReference', 64), '');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "client_reference",
                table: "instances");
        }
    }
}
