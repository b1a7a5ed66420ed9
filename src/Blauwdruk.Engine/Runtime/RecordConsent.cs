using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// The client consents to a handover to the JGZ organisation of her municipality: one of the two
/// (<see cref="Kind"/>) or both (null), after seeing the preview of what will be shared.
/// </summary>
public sealed record RecordConsent(HandoverKind? Kind) : InstanceCommand
{
    /// <summary>The version of the preview the client saw (see the handover preview).</summary>
    public string? PreviewVersion { get; init; }

    internal Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (!By.Roles.Any(role => definition.FindRole(role) is { CareTeam: true }))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen een zorgverlener van het zorgteam legt de toestemming van de cliënt vast.");
        }

        if (PreviewVersion is { Length: > 100 })
        {
            return Decision.Reject(RejectionKind.Invalid, "De versie van het voorbeeld is hoogstens 100 tekens.");
        }

        return HandoverDocument.RecipientOf(definition, state) is { } recipient
            ? Decision.Accept([new ConsentRecorded(Kind, recipient, PreviewVersion, By.OrganisationId) { At = now, By = By.UserId }])
            : Decision.Reject(RejectionKind.Conflict, NoRecipient(state));
    }

    internal static string NoRecipient(InstanceState state) =>
        $"Dit zorgpad noemt geen JGZ-organisatie voor gemeente {state.Municipality}; vraag de regiocoördinator die vast te leggen.";
}

/// <summary>The client withdraws her consent for a handover (or both); what was not yet sent stays with the midwife.</summary>
public sealed record WithdrawConsent(HandoverKind? Kind) : InstanceCommand
{
    internal Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (!By.Roles.Any(role => definition.FindRole(role) is { CareTeam: true }))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen een zorgverlener van het zorgteam legt het intrekken van de toestemming vast.");
        }

        var recipient = HandoverDocument.RecipientOf(definition, state);
        return recipient is not null && state.Grants.Any(g => g.Consent && g.Recipient == recipient && (Kind is null || g.Kind is null || g.Kind == Kind))
            ? Decision.Accept([new ConsentWithdrawn(Kind, recipient) { At = now, By = By.UserId }])
            : Decision.Reject(RejectionKind.Conflict, "Er is geen toestemming vastgelegd die kan worden ingetrokken.");
    }
}

/// <summary>
/// Without consent, the aandachtsfunctionaris records the legal ground for a handover (e.g. the
/// Meldcode's meldrecht, Wmo 2015 art. 5.2.6) and why it applies.
/// </summary>
public sealed record RecordLegalGround(HandoverKind? Kind, string Ground, string Reason) : InstanceCommand
{
    public const string PermittedRole = "aandachtsfunctionaris";

    internal Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
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

        return HandoverDocument.RecipientOf(definition, state) is { } recipient
            ? Decision.Accept([new LegalGroundRecorded(Kind, recipient, Ground.Trim(), Reason.Trim(), By.OrganisationId) { At = now, By = By.UserId }])
            : Decision.Reject(RejectionKind.Conflict, RecordConsent.NoRecipient(state));
    }
}
