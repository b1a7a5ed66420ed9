using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blauwdruk.Engine.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClientBsnKeyAndSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "bsn_key",
                table: "client_identities",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "secrets",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    @protected = table.Column<string>(name: "protected", type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_secrets", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "ix_client_identities_bsn_key",
                table: "client_identities",
                column: "bsn_key");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "secrets");

            migrationBuilder.DropIndex(
                name: "ix_client_identities_bsn_key",
                table: "client_identities");

            migrationBuilder.DropColumn(
                name: "bsn_key",
                table: "client_identities");
        }
    }
}
