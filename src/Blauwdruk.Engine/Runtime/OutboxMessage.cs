using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// An external effect of a state change (a reminder, an escalation, a safety concern for the
/// aandachtsfunctionaris), written in the same transaction as the events and delivered later by the
/// <see cref="OutboxWorker"/> with retries; nothing external happens from inside a decision.
/// The payload names ids and steps, never client data.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string Type { get; set; }

    /// <summary>The organisation it is for.</summary>
    public required string OrganisationId { get; set; }

    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Set when delivery gave up; the message stays, visible, for a person to look at.</summary>
    public DateTimeOffset? DeadLetteredAt { get; set; }

    public string? LastError { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Type).HasMaxLength(60);
        builder.Property(m => m.OrganisationId).HasMaxLength(64);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.HasIndex(m => new { m.DeliveredAt, m.DeadLetteredAt, m.NextAttemptAt }).HasDatabaseName("ix_outbox_messages_pending");
    }
}
