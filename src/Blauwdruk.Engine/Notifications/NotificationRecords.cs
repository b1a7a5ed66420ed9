using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Blauwdruk.Engine.Notifications;

/// <summary>How a delivery stands, for the operations page.</summary>
public enum DeliveryStatus
{
    Pending,
    Failing,
    Delivered,
    DeadLettered,
}

/// <summary>
/// One outbox message on its way to one recipient through one channel (an e-mail address, a webhook, a FHIR
/// Subscription): its own attempts, backoff and dead letter, so a failing subscriber never holds up another.
/// A worker claims a delivery by moving <see cref="NextAttemptAt"/> past its lease in one conditional update,
/// so of several hosts exactly one tries it at a time.
/// </summary>
public sealed class NotificationDelivery
{
    public Guid Id { get; set; }
    public Guid MessageId { get; set; }

    /// <summary><c>email</c>, <c>webhook</c> or <c>fhir-subscription</c> (<see cref="INotificationChannel.Name"/>).</summary>
    public required string Channel { get; set; }

    /// <summary>Who it goes to: an e-mail address, or the id of a webhook or FHIR subscription.</summary>
    public required string Target { get; set; }

    /// <summary>The organisation it is for (the message's), for the functional administrator's view.</summary>
    public required string OrganisationId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The worker that holds the current attempt; only it records the outcome.</summary>
    public Guid? LeaseOwner { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? DeadLetteredAt { get; set; }
    public string? LastError { get; set; }

    public DeliveryStatus Status =>
        DeliveredAt is not null ? DeliveryStatus.Delivered
        : DeadLetteredAt is not null ? DeliveryStatus.DeadLettered
        : LastError is not null ? DeliveryStatus.Failing
        : DeliveryStatus.Pending;
}

/// <summary>A webhook of an organisation's own system: where its events go, signed with the subscription's secret.</summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; set; }
    public required string OrganisationId { get; set; }
    public required string Url { get; set; }

    /// <summary>The signing secret, protected with Data Protection; shown once, when the subscription is made.</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>The message types it receives (<c>task-reminder</c>, …), comma-separated; empty is all.</summary>
    public string Types { get; set; } = "";

    public string? Description { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }

    public bool Wants(string type) => Types.Length == 0 || Types.Split(',').Contains(type, StringComparer.Ordinal);
}

/// <summary>A FHIR Subscription (R4 Subscriptions Backport, topic-based, rest-hook, id-only) of a JGZ system.</summary>
public sealed class FhirSubscriptionRecord
{
    public Guid Id { get; set; }
    public required string OrganisationId { get; set; }
    public required string Topic { get; set; }
    public required string Endpoint { get; set; }

    /// <summary>HTTP headers the subscriber asked to receive with each notification (<c>Authorization: Bearer …</c>), protected.</summary>
    public string? ProtectedHeaders { get; set; }

    /// <summary><c>active</c>, <c>error</c> or <c>off</c>.</summary>
    public required string Status { get; set; }

    public string? Reason { get; set; }

    /// <summary>How many notifications went out (the SubscriptionStatus' eventsSinceSubscriptionStart).</summary>
    public long EventCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? End { get; set; }
}

/// <summary>What a user asked to receive by e-mail, and at which address.</summary>
public sealed class NotificationPreference
{
    /// <summary>The user's subject (the token's <c>sub</c>).</summary>
    public required string UserId { get; set; }

    public required string OrganisationId { get; set; }
    public required string Role { get; set; }
    public string? Email { get; set; }

    /// <summary>The message types she receives by e-mail, comma-separated.</summary>
    public string EmailTypes { get; set; } = "";

    public bool WantsEmail(string type) => Email is not null && EmailTypes.Split(',').Contains(type, StringComparer.Ordinal);
}

/// <summary>That a user has read a notification in the web app (the bell).</summary>
public sealed class NotificationRead
{
    public required string UserId { get; set; }
    public Guid MessageId { get; set; }
    public DateTimeOffset ReadAt { get; set; }
}

internal sealed class NotificationConfigurations :
    IEntityTypeConfiguration<NotificationDelivery>, IEntityTypeConfiguration<WebhookSubscription>,
    IEntityTypeConfiguration<FhirSubscriptionRecord>, IEntityTypeConfiguration<NotificationPreference>, IEntityTypeConfiguration<NotificationRead>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> builder)
    {
        builder.ToTable("notification_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Channel).HasMaxLength(40);
        builder.Property(d => d.Target).HasMaxLength(320);
        builder.Property(d => d.OrganisationId).HasMaxLength(64);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.Ignore(d => d.Status);
        // A message goes to a recipient through a channel once, however many hosts fan it out.
        builder.HasIndex(d => new { d.MessageId, d.Channel, d.Target }).IsUnique().HasDatabaseName("ux_notification_deliveries_message_channel_target");
        builder.HasIndex(d => new { d.DeliveredAt, d.DeadLetteredAt, d.NextAttemptAt }).HasDatabaseName("ix_notification_deliveries_pending");
        builder.HasIndex(d => new { d.OrganisationId, d.CreatedAt }).HasDatabaseName("ix_notification_deliveries_organisation");
    }

    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("webhook_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.OrganisationId).HasMaxLength(64);
        builder.Property(s => s.Url).HasMaxLength(2000);
        builder.Property(s => s.Types).HasMaxLength(400);
        builder.Property(s => s.Description).HasMaxLength(200);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.HasIndex(s => s.OrganisationId).HasDatabaseName("ix_webhook_subscriptions_organisation");
    }

    public void Configure(EntityTypeBuilder<FhirSubscriptionRecord> builder)
    {
        builder.ToTable("fhir_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.OrganisationId).HasMaxLength(64);
        builder.Property(s => s.Topic).HasMaxLength(400);
        builder.Property(s => s.Endpoint).HasMaxLength(2000);
        builder.Property(s => s.Status).HasMaxLength(20);
        builder.Property(s => s.Reason).HasMaxLength(400);
        builder.HasIndex(s => s.OrganisationId).HasDatabaseName("ix_fhir_subscriptions_organisation");
    }

    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.ToTable("notification_preferences");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.UserId).HasMaxLength(200);
        builder.Property(p => p.OrganisationId).HasMaxLength(64);
        builder.Property(p => p.Role).HasMaxLength(64);
        builder.Property(p => p.Email).HasMaxLength(320);
        builder.Property(p => p.EmailTypes).HasMaxLength(400);
        builder.HasIndex(p => p.OrganisationId).HasDatabaseName("ix_notification_preferences_organisation");
    }

    public void Configure(EntityTypeBuilder<NotificationRead> builder)
    {
        builder.ToTable("notification_reads");
        builder.HasKey(r => new { r.UserId, r.MessageId });
        builder.Property(r => r.UserId).HasMaxLength(200);
    }
}
