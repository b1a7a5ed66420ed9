using System.Collections.Immutable;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>To whom data about a client could go without her consent; each has its own lawful grounds.</summary>
public enum ShareRecipient
{
    VeiligThuis,
    Jgz,
    Huisarts,
    SocialDomain,
}

/// <summary>A ground for giving data without the client's consent.</summary>
public enum LegalBasis
{
    /// <summary>Wmo 2015 art. 5.2.6: data to Veilig Thuis, on request or on one's own initiative.</summary>
    Meldrecht,

    /// <summary>A conflict of duties, weighed for this client now by the professional with the aandachtsfunctionaris.</summary>
    ConflictOfDuties,
}

/// <summary>
/// What a weighed conflict of duties records (DOMAIN.md §6.2a): with whom it was weighed, why consent
/// could not be asked or was refused, which data are strictly necessary, and until when it holds.
/// Only the named data leave, never the whole file.
/// </summary>
public sealed record ConflictOfDutiesWeighing(string Professional, string WhyNoConsent, ImmutableList<string> Data, DateOnly Until);

/// <summary>
/// Which grounds are lawful toward which recipient (DOMAIN.md §6.2, §6.2a): the meldrecht only toward
/// Veilig Thuis; toward the JGZ, the GP and the social domain the client's consent, or exceptionally a
/// weighed conflict of duties.
/// </summary>
public static class LegalGrounds
{
    /// <summary>The grounds other than consent that are valid toward a recipient.</summary>
    public static IReadOnlyList<LegalBasis> ValidFor(ShareRecipient recipient) =>
        recipient == ShareRecipient.VeiligThuis ? [LegalBasis.Meldrecht] : [LegalBasis.ConflictOfDuties];

    /// <summary>The ground as the law names it, in the journal and the document.</summary>
    public static string Law(LegalBasis basis) => basis switch
    {
        LegalBasis.Meldrecht => "Meldrecht, art. 5.2.6 Wmo 2015",
        _ => "Conflict van plichten (doorbreking van het beroepsgeheim, art. 7:457 BW)",
    };

    public static string Label(ShareRecipient recipient) => recipient switch
    {
        ShareRecipient.VeiligThuis => "Veilig Thuis",
        ShareRecipient.Jgz => "de JGZ",
        ShareRecipient.Huisarts => "de huisarts",
        _ => "het sociaal domein (wijkteam)",
    };

    /// <summary>Why a ground may not be used toward a recipient, in Dutch, naming the rule; null when it may.</summary>
    public static string? Refusal(ShareRecipient recipient, LegalBasis basis) => (recipient, basis) switch
    {
        (not ShareRecipient.VeiligThuis, LegalBasis.Meldrecht) =>
            $"Het meldrecht (art. 5.2.6 Wmo 2015) staat alleen toe gegevens aan Veilig Thuis te geven, niet aan {Label(recipient)}. "
            + $"Voor {Label(recipient)} is toestemming van de cliënt nodig, of bij uitzondering een gewogen conflict van plichten.",
        (ShareRecipient.VeiligThuis, LegalBasis.ConflictOfDuties) =>
            "Voor gegevens aan Veilig Thuis is het meldrecht (art. 5.2.6 Wmo 2015) de grondslag; een conflict van plichten is daarvoor niet nodig.",
        _ => null,
    };

    /// <summary>What is missing from a conflict-of-duties weighing, in Dutch; null when it is complete.</summary>
    public static string? Incomplete(ConflictOfDutiesWeighing? weighing, IReadOnlyCollection<string> knownData, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(knownData);
        if (weighing is null)
        {
            return "Een conflict van plichten vraagt een weging: met wie is gewogen, waarom geen toestemming kon worden gevraagd of waarom zij werd geweigerd, "
                + "welke gegevens strikt noodzakelijk zijn en tot wanneer de weging geldt.";
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(weighing.Professional) || weighing.Professional.Length > 200)
        {
            missing.Add("met wie de aandachtsfunctionaris woog (de behandelend professional, hoogstens 200 tekens)");
        }

        if (string.IsNullOrWhiteSpace(weighing.WhyNoConsent) || weighing.WhyNoConsent.Length > 1000)
        {
            missing.Add("waarom geen toestemming kon worden gevraagd of waarom zij werd geweigerd (hoogstens 1000 tekens)");
        }

        if (weighing.Data.IsEmpty)
        {
            missing.Add("welke gegevens strikt noodzakelijk zijn");
        }
        else if (weighing.Data.FirstOrDefault(d => !knownData.Contains(d)) is { } unknown)
        {
            missing.Add($"'{unknown}' is geen onderdeel van de overdracht; kies uit {string.Join(", ", knownData)}");
        }

        if (weighing.Until < today)
        {
            missing.Add("tot wanneer de weging geldt (een datum vanaf vandaag)");
        }
        else if (weighing.Until > today.AddYears(1))
        {
            missing.Add("tot wanneer de weging geldt (hoogstens een jaar: een weging geldt voor deze cliënt nu, niet voor altijd)");
        }

        return missing.Count == 0 ? null : "De weging van het conflict van plichten is niet compleet: " + string.Join("; ", missing) + ".";
    }

    /// <summary>The organisation that would receive data of a recipient kind for this client; null when the pathway names none.</summary>
    public static string? RecipientOrganisation(PathwayDefinition definition, InstanceState state, ShareRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        var municipality = definition.Municipalities.FirstOrDefault(m => m.Code == state.Municipality);
        string? ActorOf(string? id) => id is not null && definition.FindOrganisation(id) is { } organisation ? organisation.ActorId : null;
        return recipient switch
        {
            ShareRecipient.Jgz => HandoverReadiness.RecipientOf(definition, state),
            ShareRecipient.VeiligThuis => ActorOf(municipality?.VeiligThuis),
            ShareRecipient.SocialDomain => ActorOf(municipality?.Wijkteam),
            _ => state.CareTeam.GetValueOrDefault("huisarts"),
        };
    }
}
