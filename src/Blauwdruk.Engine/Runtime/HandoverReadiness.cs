using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Whether a handover step of a pathway can go ahead: to whom it goes and what it still waits for. The
/// runtime asks this for its own steps (a handover task is done by sending, not by completing it);
/// the handover feature (<c>Handover/</c>) builds on it to prepare and send the documents.
/// </summary>
public static class HandoverReadiness
{
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
    public static string? Blocked(PathwayDefinition definition, InstanceState state, HandoverKind kind)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        if (Unbuildable(definition, state, kind) is { } reason)
        {
            return reason;
        }

        return state.GrantFor(kind, RecipientOf(definition, state)!) is null
            ? $"Er is geen toestemming van de cliënt voor de {(kind == HandoverKind.Prenatal ? "prenatale" : "postnatale")} overdracht aan de JGZ, "
              + "en geen vastgelegde wettelijke grondslag. De overdracht wacht; er gaat niets naar de JGZ. Laat de cliënt het voorbeeld zien en leg haar toestemming vast."
            : null;
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
