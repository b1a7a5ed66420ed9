using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// The client consents to a handover to the JGZ organisation of her municipality: one of the two
/// (<see cref="Kind"/>) or both (null), after seeing the preview of what will be shared. She may leave
/// parts out (not those the region's privacy framework requires), add her own words, and after the birth
/// a parent with parental authority, or the guardian, consents for the child's data. She gives it herself
/// on her own page, or a professional of the care team records it with her in the practice.
/// </summary>
public sealed record RecordConsent(HandoverKind? Kind) : InstanceCommand, IClientCommand
{
    /// <summary>The version of the preview she saw (see the handover preview).</summary>
    public string? PreviewVersion { get; init; }

    /// <summary>The parts (<see cref="HandoverDocument.Parts"/>) she leaves out.</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];

    /// <summary>What she herself wants the JGZ nurse to know; at most <see cref="OwnWordsLength"/> characters.</summary>
    public string? OwnWords { get; init; }

    public const int OwnWordsLength = 2000;

    /// <summary>For a handover after the birth: who consents for the child's data; null: the client herself, as its mother.</summary>
    public ConsentGiver? ChildConsent { get; init; }

    /// <summary>
    /// The preview as it is now, drawn up before the decision by the handover's participant (null in a
    /// scenario or when it cannot be drawn up): its version, and the version of what she shares.
    /// </summary>
    public ConsentCheck? Check { get; init; }

    internal override string? AccessPurpose(PathwayDefinition? definition) => Access.Handover;

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        var byClient = Access.IsClient(state, By);
        if (!byClient && !Access.HoldsCareRole(definition, By))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen de cliënt zelf of een zorgverlener van het zorgteam legt de toestemming van de cliënt vast.");
        }

        if (PreviewVersion is { Length: > 100 })
        {
            return Decision.Reject(RejectionKind.Invalid, "De versie van het voorbeeld is hoogstens 100 tekens.");
        }

        if (LeftOut.FirstOrDefault(part => HandoverDocument.Parts.All(p => p.Id != part)) is { } unknown)
        {
            return Decision.Reject(RejectionKind.Invalid, $"Onbekend onderdeel '{unknown}'; de onderdelen zijn: {string.Join(", ", HandoverDocument.Parts.Select(p => p.Id))}.");
        }

        if (Required(definition, Kind).Where(LeftOut.Contains).ToList() is { Count: > 0 } required)
        {
            return Decision.Reject(RejectionKind.Invalid,
                $"Het privacykader van de regio vraagt {Titles(required)} voor een bruikbare overdracht; dat kan niet worden weggelaten. "
                + "De cliënt kan de overdracht wel helemaal weigeren.");
        }

        if (OwnWords is { Length: > OwnWordsLength })
        {
            return Decision.Reject(RejectionKind.Invalid, $"De eigen woorden van de cliënt zijn hoogstens {OwnWordsLength} tekens.");
        }

        var coversChild = Kind == HandoverKind.Postnatal || (Kind is null && state.Phase == InstancePhase.Postnatal);
        if (ChildConsent is { } giver && giver.Problem(coversChild) is { } problem)
        {
            return Decision.Reject(RejectionKind.Invalid, problem);
        }

        if (coversChild && Check is { MotherMinor: true } && (ChildConsent ?? ConsentGiver.Mother).Capacity == ConsentCapacity.Mother)
        {
            return Decision.Reject(RejectionKind.Conflict, ConsentGiver.MinorMother);
        }

        if (Check is { } check && PreviewVersion is { } seen && check.FullVersion is { } current && seen != current)
        {
            return Decision.Reject(RejectionKind.Conflict,
                "De inhoud van de overdracht is veranderd sinds het voorbeeld werd getoond. Bekijk het nieuwe voorbeeld en geef dan opnieuw toestemming; er is niets vastgelegd.");
        }

        if (HandoverReadiness.RecipientOf(definition, state) is not { } recipient)
        {
            return Decision.Reject(RejectionKind.Conflict, HandoverReadiness.NoRecipient(state));
        }

        var organisation = byClient ? state.LeadOrganisation : By.OrganisationId;
        return Decision.Accept([new ConsentRecorded(Kind, recipient, Check?.SharedVersion ?? PreviewVersion, organisation)
        {
            At = now,
            By = By.UserId,
            LeftOut = [.. HandoverDocument.Parts.Select(p => p.Id).Where(LeftOut.Contains)],
            OwnWords = string.IsNullOrWhiteSpace(OwnWords) ? null : OwnWords.Trim(),
            ChildConsent = coversChild ? ChildConsent ?? ConsentGiver.Mother : null,
            ByClient = byClient,
        }]);
    }

    /// <summary>The parts the region's privacy framework requires for handovers of a kind (null: both).</summary>
    public static IReadOnlyList<string> Required(PathwayDefinition definition, HandoverKind? kind)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return [.. definition.Steps.Where(s => s.Handover is { } k && (kind is null || k == kind)).SelectMany(s => s.RequiredSections).Distinct()];
    }

    private static string Titles(IEnumerable<string> parts) =>
        string.Join(" en ", HandoverDocument.Parts.Where(p => parts.Contains(p.Id)).Select(p => $"'{p.Title.ToLowerInvariant()}'"));
}

/// <summary>The preview as it is at the moment of consent: its version, the version of the sections she shares, and whether the mother is a minor.</summary>
public sealed record ConsentCheck(string? FullVersion, string? SharedVersion, bool MotherMinor);

