using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Handover;

/// <summary>The client withdraws her consent for a handover (or both); what was not yet sent stays with the midwife. She can do it herself on her page.</summary>
public sealed record WithdrawConsent(HandoverKind? Kind) : InstanceCommand, IClientCommand
{
    internal override string? AccessPurpose(PathwayDefinition? definition) => Access.Handover;

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (!Access.IsClient(state, By) && !Access.HoldsCareRole(definition, By))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen de cliënt zelf of een zorgverlener van het zorgteam legt het intrekken van de toestemming vast.");
        }

        var recipient = HandoverReadiness.RecipientOf(definition, state);
        return recipient is not null && state.Grants.Any(g => g.Consent && g.Recipient == recipient && (Kind is null || g.Kind is null || g.Kind == Kind))
            ? Decision.Accept([new ConsentWithdrawn(Kind, recipient) { At = now, By = By.UserId }])
            : Decision.Reject(RejectionKind.Conflict, "Er is geen toestemming vastgelegd die kan worden ingetrokken.");
    }
}

/// <summary>
/// The client does not want a handover (or both) to leave at all: any consent for it goes, nothing leaves,
/// and her care goes on. A later consent lifts the refusal.
/// </summary>
public sealed record RefuseHandover(HandoverKind? Kind) : InstanceCommand, IClientCommand
{
    internal override string? AccessPurpose(PathwayDefinition? definition) => Access.Handover;

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        var byClient = Access.IsClient(state, By);
        if (!byClient && !Access.HoldsCareRole(definition, By))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen de cliënt zelf of een zorgverlener van het zorgteam legt vast dat de cliënt de overdracht niet wil.");
        }

        return HandoverReadiness.RecipientOf(definition, state) is { } recipient
            ? Decision.Accept([new HandoverRefused(Kind, recipient) { At = now, By = By.UserId, ByClient = byClient }])
            : Decision.Reject(RejectionKind.Conflict, HandoverReadiness.NoRecipient(state));
    }
}
