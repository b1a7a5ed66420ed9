using Hl7.Fhir.Serialization;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Whether a handover step of a pathway can go ahead: to whom it goes and what it still waits for. The
/// runtime asks this for its own steps (a handover task is done by sending, not by completing it);
/// the handover feature (<c>Handover/</c>) builds on it to prepare and send the documents.
/// </summary>
public static class HandoverReadiness
{
    /// <summary>The system of the codes Blauwdruk's own forms give the answers a handover reads.</summary>
    public const string HandoverCodes = "https://fhir.blauwdruk.nl/CodeSystem/overdracht";

    /// <summary>
    /// The code of the question "may data go to the JGZ, for the prenatal visit and the handover after the
    /// birth?". Answered yes when a step is completed, it is the client's consent to both handovers to the
    /// JGZ of her municipality (recipient and purpose named), as if recorded at the handover itself.
    /// </summary>
    public const string ConsentToJgz = "toestemming-jgz";

    private static readonly FhirJsonDeserializer Fhir = new();

    /// <summary>Whether a completion's answers give the client's consent to the JGZ (<see cref="ConsentToJgz"/>, answered yes).</summary>
    public static bool ConsentsToJgz(PathwayDefinition definition, StepDefinition step, IEnumerable<string> resources)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(step);
        if (step.Questionnaire is not { } id || definition.FindQuestionnaire(id) is not { } questionnaire)
        {
            return false;
        }

        var question = questionnaire.Resource.Item.Flatten().FirstOrDefault(i => i.Code.Any(c => c.System == HandoverCodes && c.Code == ConsentToJgz))?.LinkId;
        return question is not null && resources.Select(json => Fhir.DeserializeResource(json)).OfType<Hl7.Fhir.Model.QuestionnaireResponse>()
            .Any(r => r.Questionnaire == questionnaire.Url && r.Item.Flatten().Any(i => i.LinkId == question && i.Answer.Any(a => a.Value is Hl7.Fhir.Model.FhirBoolean { Value: true })));
    }

    /// <summary>The JGZ organisation the handover is addressed to: the one of the client's municipality, else the care team's.</summary>
    public static string? RecipientOf(PathwayDefinition definition, InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        var jgz = definition.Municipalities.FirstOrDefault(m => m.Code == state.Municipality)?.Jgz;
        return jgz is not null && definition.FindOrganisation(jgz) is { } organisation
            ? organisation.ActorId
            : state.CareTeam.GetValueOrDefault("jgz-verpleegkundige");
    }

    /// <summary>Why a handover of this kind cannot leave now, in Dutch for the midwife; null when it can.</summary>
    public static string? Blocked(PathwayDefinition definition, InstanceState state, HandoverKind kind, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        if (Unbuildable(definition, state, kind) is { } reason)
        {
            return reason;
        }

        var recipient = RecipientOf(definition, state)!;
        if (state.GrantFor(kind, recipient, now) is not null)
        {
            return null;
        }

        var handover = kind == HandoverKind.Prenatal ? "prenatale" : "postnatale";
        if (state.Refuses(kind))
        {
            return $"De cliënt wil de {handover} overdracht aan de JGZ niet. Er gaat niets naar de JGZ; haar zorg gaat gewoon door. "
                + "Verandert zij van gedachten, dan geeft zij toestemming na het voorbeeld.";
        }

        var expired = state.Grants.LastOrDefault(g => g.Recipient == recipient && (g.Kind is null || g.Kind == kind) && g.Expired(now));
        return expired is { Weighing: { } weighing }
            ? $"De weging van het conflict van plichten voor de {handover} overdracht gold tot en met {weighing.Until:dd-MM-yyyy}. "
              + "Er gaat niets naar de JGZ zonder toestemming van de cliënt of een nieuwe weging met de aandachtsfunctionaris."
            : $"Er is geen toestemming van de cliënt voor de {handover} overdracht aan de JGZ, en geen gewogen conflict van plichten. "
              + "De overdracht wacht; er gaat niets naar de JGZ. Laat de cliënt het voorbeeld zien en leg haar toestemming vast "
              + "(een ja voor de JGZ bij de stap over toestemming telt ook; een 'gegeven' zonder die vraag niet).";
    }

    /// <summary>Why the documents of a handover cannot be drawn up yet (no recipient, no identity, no birth); null when they can.</summary>
    public static string? Unbuildable(PathwayDefinition definition, InstanceState state, HandoverKind kind)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        if (RecipientOf(definition, state) is null)
        {
            return NoRecipient(state);
        }

        if (!state.Identified)
        {
            return "De identiteit van de cliënt (BSN, naam, geboortedatum) is nog niet vastgelegd; zonder die kan de JGZ de overdracht niet aan haar dossier koppelen.";
        }

        return kind == HandoverKind.Postnatal && state.Newborns.IsEmpty ? "De geboorte is nog niet vastgelegd." : null;
    }

    public static string NoRecipient(InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return $"Dit zorgpad noemt geen JGZ-organisatie voor gemeente {state.Municipality}; vraag de regiocoördinator die vast te leggen.";
    }

    /// <summary>The children a handover of this kind has a document for: 0 for the prenatal one, each newborn's number after the birth.</summary>
    public static IReadOnlyList<int> ChildrenOf(InstanceState state, HandoverKind kind)
    {
        ArgumentNullException.ThrowIfNull(state);
        return kind == HandoverKind.Prenatal ? [0] : state.Newborns.Select(n => n.Number).ToList();
    }
}
