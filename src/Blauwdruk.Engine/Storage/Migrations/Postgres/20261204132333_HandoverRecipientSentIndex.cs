using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blauwdruk.Engine.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HandoverRecipientSentIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_handover_documents_recipient_sent",
                table: "handover_documents",
                columns: new[] { "recipient", "current", "sent_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_handover_documents_recipient_sent",
                table: "handover_documents");
        }
    }
}
