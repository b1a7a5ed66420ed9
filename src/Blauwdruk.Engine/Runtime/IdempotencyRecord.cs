using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blauwdruk.Engine.Runtime;

/// <summary>A client's key for one request (the <c>Idempotency-Key</c> header) and a hash of that request; it travels with the command.</summary>
public sealed record IdempotencyKey(string Key, string RequestHash);

/// <summary>
/// The first answer to a mutating call made with an <c>Idempotency-Key</c>; a retry with the same key
/// gets this answer again and changes nothing. For a command on an instance the runner writes it in the
/// same batch as the command's events (or, for a refusal, its access log entry): what the command did
/// (<see cref="InstanceId"/> and <see cref="EventCount"/>, or the refusal), from which the answer is
/// given again. For other calls the host keeps the answer itself (<see cref="StatusCode"/>, <see cref="Body"/>).
/// </summary>
public sealed class IdempotencyRecord
{
    public required string UserId { get; set; }
    public required string Key { get; set; }

    /// <summary>A hash of method, path and arguments: the same key for another request is an error.</summary>
    public required string RequestHash { get; set; }

    /// <summary>The instance a command ran on, and how many events its journal held right after it.</summary>
    public Guid? InstanceId { get; set; }

    public int? EventCount { get; set; }

    /// <summary>The refusal a command got (<see cref="RejectionKind"/>), and its message.</summary>
    public string? Rejection { get; set; }

    public string? RejectionMessage { get; set; }

    /// <summary>The answer as the host gave it, for calls that are not a command on an instance; 0 for those that are.</summary>
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
        builder.Property(r => r.Rejection).HasMaxLength(20);
        builder.Property(r => r.RejectionMessage).HasMaxLength(2000);
        builder.HasIndex(r => r.CreatedAt).HasDatabaseName("ix_idempotency_records_created_at");
    }
}
