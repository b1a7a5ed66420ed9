using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// Without consent, the aandachtsfunctionaris records the legal ground for a handover (e.g. the
/// Meldcode's meldrecht, Wmo 2015 art. 5.2.6) and why it applies.
/// </summary>
public sealed record RecordLegalGround(HandoverKind? Kind, string Ground, string Reason) : InstanceCommand
{
    public const string PermittedRole = "aandachtsfunctionaris";

    internal override string? AccessPurpose(PathwayDefinition? definition) => Access.Meldcode;

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (!By.HasRole(PermittedRole))
        {
            return Decision.Reject(RejectionKind.Forbidden,
                $"Alleen de {definition.RoleLabel(PermittedRole).ToLowerInvariant()} legt een wettelijke grondslag voor gegevensdeling zonder toestemming vast.");
        }

        if (string.IsNullOrWhiteSpace(Ground) || Ground.Length > 200 || string.IsNullOrWhiteSpace(Reason) || Reason.Length > 1000)
        {
            return Decision.Reject(RejectionKind.Invalid, "Noem de wettelijke grondslag (hoogstens 200 tekens) en de reden (hoogstens 1000 tekens).");
        }

        return HandoverReadiness.RecipientOf(definition, state) is { } recipient
            ? Decision.Accept([new LegalGroundRecorded(Kind, recipient, Ground.Trim(), Reason.Trim(), By.OrganisationId) { At = now, By = By.UserId }])
            : Decision.Reject(RejectionKind.Conflict, HandoverReadiness.NoRecipient(state));
    }
}
