using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;

namespace Blauwdruk.Engine.Notifications;

/// <summary>
/// A way a message reaches people or systems (e-mail, webhooks, FHIR Subscriptions). The worker asks it once
/// for the message's recipients and then delivers to each of them on its own, with retries.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The channel's name in <see cref="NotificationDelivery.Channel"/> and in the metrics.</summary>
    string Name { get; }

    /// <summary>Who receives the message through this channel (addresses, subscription ids); none is fine.</summary>
    Task<IReadOnlyList<string>> TargetsAsync(Notification notification, BlauwdrukDbContext db, CancellationToken cancellationToken);

    /// <summary>Delivers to one target; throws to retry later, <see cref="PermanentDeliveryException"/> to give up now.</summary>
    Task DeliverAsync(Notification notification, NotificationDelivery delivery, BlauwdrukDbContext db, CancellationToken cancellationToken);
}

/// <summary>A failure that another attempt will not mend (no such mailbox, a subscriber that answers 410 Gone): dead-lettered at once.</summary>
public sealed class PermanentDeliveryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An outbox message with what its channels need to address and word it: the pathway version it came from.</summary>
public sealed record Notification(OutboxMessage Message, PathwayDefinition? Definition)
{
    /// <summary>The recipient organisation as the operational pathway knows it (address, e-mail on/off), if it does.</summary>
    public OrganisationDefinition? Organisation => Definition?.Organisations.FirstOrDefault(o => o.ActorId == Message.OrganisationId);

    /// <summary>The step's label for the message, unless the step is confidential (the Meldcode route).</summary>
    public string? StepLabel(string? stepId) =>
        Message.Confidential || stepId is null ? null : Definition?.FindStep(stepId)?.Label;
}
