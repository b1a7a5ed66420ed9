using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Handover;

/// <summary>The client withdraws her consent for a handover (or both); what was not yet sent stays with the midwife.</summary>
public sealed record WithdrawConsent(HandoverKind? Kind) : InstanceCommand
{
    internal override string? AccessPurpose(PathwayDefinition? definition) => Access.Handover;

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (!Access.HoldsCareRole(definition, By))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen een zorgverlener van het zorgteam legt het intrekken van de toestemming vast.");
        }

        var recipient = HandoverReadiness.RecipientOf(definition, state);
        return recipient is not null && state.Grants.Any(g => g.Consent && g.Recipient == recipient && (Kind is null || g.Kind is null || g.Kind == Kind))
            ? Decision.Accept([new ConsentWithdrawn(Kind, recipient) { At = now, By = By.UserId }])
            : Decision.Reject(RejectionKind.Conflict, "Er is geen toestemming vastgelegd die kan worden ingetrokken.");
    }
}
