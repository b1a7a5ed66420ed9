using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// The client consents to a handover to the JGZ organisation of her municipality: one of the two
/// (<see cref="Kind"/>) or both (null), after seeing the preview of what will be shared.
/// </summary>
public sealed record RecordConsent(HandoverKind? Kind) : InstanceCommand
{
    /// <summary>The version of the preview the client saw (see the handover preview).</summary>
    public string? PreviewVersion { get; init; }

    internal override string? AccessPurpose(PathwayDefinition? definition) => Access.Handover;

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (!Access.HoldsCareRole(definition, By))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen een zorgverlener van het zorgteam legt de toestemming van de cliënt vast.");
        }

        if (PreviewVersion is { Length: > 100 })
        {
            return Decision.Reject(RejectionKind.Invalid, "De versie van het voorbeeld is hoogstens 100 tekens.");
        }

        return HandoverReadiness.RecipientOf(definition, state) is { } recipient
            ? Decision.Accept([new ConsentRecorded(Kind, recipient, PreviewVersion, By.OrganisationId) { At = now, By = By.UserId }])
            : Decision.Reject(RejectionKind.Conflict, HandoverReadiness.NoRecipient(state));
    }
}
