using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// The first answer to a mutating call made with an <c>Idempotency-Key</c>; a retry with the same key
/// gets this answer again and changes nothing.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string UserId { get; set; }
    public required string Key { get; set; }

    /// <summary>A hash of method, path and arguments: the same key for another request is an error.</summary>
    public required string RequestHash { get; set; }

    public int StatusCode { get; set; }
    public string? Location { get; set; }
    public string? Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => new { r.UserId, r.Key });
        builder.Property(r => r.UserId).HasMaxLength(100);
        builder.Property(r => r.Key).HasMaxLength(100);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.Location).HasMaxLength(300);
        builder.HasIndex(r => r.CreatedAt).HasDatabaseName("ix_idempotency_records_created_at");
    }
}
