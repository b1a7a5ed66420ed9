using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Handover;

/// <summary>A group of a handover's sections as the JGZ reads them; without a title its sections stand on their own.</summary>
public sealed record HandoverSectionGroup(string Id, string? Title, IReadOnlyList<string> Codes);

/// <summary>One group of a document's sections, in reading order.</summary>
public sealed record ArrangedSections(HandoverSectionGroup Group, IReadOnlyList<Composition.SectionComponent> Sections);

/// <summary>
/// The order in which the JGZ nurse reads a handover, for planning the first home visit: whom and where
/// (the identification, the contact data, who hands over), then what to watch for, then the rest, and the
/// consent or ground last. The one place of that order, for the web page and a printout. Sections are
/// known by their code (<c>section.code.text</c>); a code not listed keeps its document order after the
/// known ones of the rest, before the consent.
/// </summary>
public static class HandoverSections
{
    /// <summary>The group the sections of unknown codes join.</summary>
    public const string RestGroup = "verder";

    public static readonly IReadOnlyList<HandoverSectionGroup> ReadingOrder =
    [
        new("contact", "Contact en adres", [HandoverDocument.ClientSection, HandoverDocument.ContactSection, HandoverDocument.FamilySection, HandoverDocument.SenderSection]),
        new("letten", "Waar op te letten", [HandoverDocument.OwnWordsSection, HandoverDocument.PsychosocialSection, HandoverDocument.VeiligThuisSection]),
        new(RestGroup, null, [HandoverDocument.BirthSection, HandoverDocument.KraamperiodeSection, HandoverDocument.PregnancySection, HandoverDocument.CarePlanSection, HandoverDocument.CareTeamSection]),
        new("grondslag", null, [HandoverDocument.ConsentSection]),
    ];

    /// <summary>A Composition's sections in <see cref="ReadingOrder"/>, group by group; groups without sections are left out.</summary>
    public static IReadOnlyList<ArrangedSections> Arrange(Composition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        var known = ReadingOrder.SelectMany(g => g.Codes).ToHashSet(StringComparer.Ordinal);
        return ReadingOrder
            .Select(group => new ArrangedSections(group,
                [
                    .. group.Codes.SelectMany(code => composition.Section.Where(s => s.Code?.Text == code)),
                    .. group.Id == RestGroup ? composition.Section.Where(s => s.Code?.Text is not { } code || !known.Contains(code)) : [],
                ]))
            .Where(arranged => arranged.Sections.Count > 0)
            .ToList();
    }
}
