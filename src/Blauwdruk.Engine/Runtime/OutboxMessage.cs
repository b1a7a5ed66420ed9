using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// An external effect of a state change (a reminder, an escalation, a safety concern for the
/// aandachtsfunctionaris), written in the same transaction as the events and delivered later by the
/// <see cref="Notifications.OutboxWorker"/> with retries; nothing external happens from inside a decision.
/// The payload names ids and steps, never client data. The worker fans it out into one
/// <see cref="Notifications.NotificationDelivery"/> per recipient and channel, and marks it dispatched.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string Type { get; set; }

    /// <summary>The organisation it is for.</summary>
    public required string OrganisationId { get; set; }

    /// <summary>The role it is for within the organisation (the task's, the escalation's); null for everyone there.</summary>
    public string? Role { get; set; }

    /// <summary>The task it is about, for the link; null for a safety concern.</summary>
    public Guid? TaskId { get; set; }

    /// <summary>
    /// A step of the Meldcode route (need-to-know): what goes out says only that a confidential task waits,
    /// never the step.
    /// </summary>
    public bool Confidential { get; set; }

    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Attempts to fan the message out into deliveries (the recipients could not be read).</summary>
    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>When the message was fanned out into its deliveries (each then has its own attempts).</summary>
    public DateTimeOffset? DispatchedAt { get; set; }

    /// <summary>Set when dispatching gave up; the message stays, visible, for a person to look at.</summary>
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
        builder.Property(m => m.Role).HasMaxLength(64);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.HasIndex(m => new { m.DispatchedAt, m.DeadLetteredAt, m.NextAttemptAt }).HasDatabaseName("ix_outbox_messages_pending");
        // The bell: an organisation's latest messages.
        builder.HasIndex(m => new { m.OrganisationId, m.CreatedAt }).HasDatabaseName("ix_outbox_messages_organisation_created");
    }
}
