using System.Security.Cryptography;
using System.Text;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// Builds a handover to JGZ as a FHIR R4 document <see cref="Bundle"/>: a <see cref="Composition"/>
/// with Dutch sections, and the resources it references: the mother (BSN), after the birth the child
/// (linked to the mother), the pregnancy and birth observations, the psychosocial risk factors, the
/// care plan and referrals, the care team, the consent and the provenance. Pure: the same request
/// gives the same document, with ids derived from the document's stable identifier.
/// </summary>
public static class HandoverDocument
{
    /// <summary>The document's identifier, the same for every version: one per instance, kind and child.</summary>
    public static string Identifier(Guid instanceId, HandoverKind kind, Newborn? newborn) =>
        $"urn:uuid:{DeterministicGuid.From($"{instanceId:N}/{kind}/{newborn?.Number ?? 0}")}";

    /// <summary>The documents of one handover, one per child (0: the prenatal one).</summary>
    public static IReadOnlyList<Bundle> BuildEach(
        PathwayDefinition definition, InstanceState state, IReadOnlyList<InstanceEvent> journal, HandoverKind kind, IEnumerable<int> children,
        ClientIdentity mother, HandoverGrant grant, Actor author, DateTimeOffset now, int version)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(children);
        return children.Select(child => Build(new HandoverRequest
        {
            Definition = definition,
            State = state,
            Journal = journal,
            Kind = kind,
            Newborn = child == 0 ? null : state.Newborns.Single(n => n.Number == child),
            Mother = mother,
            Grant = grant,
            Author = author,
            Now = now,
            Version = version,
        })).ToList();
    }

    public static Bundle Build(HandoverRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind == HandoverKind.Postnatal && request.Newborn is null)
        {
            throw new ArgumentException("A postnatal handover is about one child.", nameof(request));
        }

        var recipient = HandoverReadiness.RecipientOf(request.Definition, request.State)
            ?? throw new ArgumentException("The client's municipality has no JGZ organisation, and neither has the care team.", nameof(request));
        return new HandoverDocumentBuilder(request, recipient).Build();
    }

    /// <summary>The section that says who consented; it is not part of what the client consents to.</summary>
    public const string ConsentSection = "Toestemming";

    /// <summary>
    /// The version of what a handover shares, as the client reads it: a hash of every section's
    /// narrative except the consent and who hands over (not her data: a colleague may send what she
    /// saw), over all its documents (one per child). The consent records the
    /// version of the preview the client saw; if the content changes afterwards, it no longer matches.
    /// Her own words are part of her consent, not of the content. With <paramref name="leftOut"/>: the
    /// version of what she shares, which is the version of the documents that leave without those parts.
    /// </summary>
    public static string ContentVersion(IEnumerable<Bundle> documents, IReadOnlyCollection<string>? leftOut = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var text = new StringBuilder();
        foreach (var composition in documents.Select(d => (Composition)d.Entry[0].Resource!))
        {
            foreach (var section in composition.Section.Where(s => s.Code?.Text is not (ConsentSection or SenderSection or OwnWordsSection)
                && (leftOut is null || PartOf(s.Code?.Text) is not { } part || !leftOut.Contains(part))))
            {
                text.Append(section.Title).Append('\n').Append(section.Text?.Div).Append('\n');
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>The codes (text) of the sections, in the order the document has them; readers order them for a first home visit.</summary>
    public const string ClientSection = "Cliënt";
    public const string ContactSection = "Contact";
    public const string FamilySection = "Gezin";
    public const string SenderSection = "Overdrager";
    public const string PsychosocialSection = "Psychosociaal";
    public const string VeiligThuisSection = "VeiligThuis";
    public const string PregnancySection = "Zwangerschap";
    public const string BirthSection = "Geboorte";
    public const string KraamperiodeSection = "Kraamperiode";
    public const string CarePlanSection = "Zorgplan";
    public const string CareTeamSection = "Zorgteam";
    public const string OwnWordsSection = "EigenWoorden";
    public const string OwnWordsTitle = "Wat ik zelf wil dat de jeugdverpleegkundige weet";

    /// <summary>The part (<see cref="Parts"/>) a section belongs to; null for the sections that always go (who she is, who hands over, the consent) and her own words.</summary>
    public static string? PartOf(string? sectionCode) => sectionCode switch
    {
        ContactSection or FamilySection => "contact",
        PsychosocialSection => "psychosociaal",
        VeiligThuisSection => "veilig-thuis",
        PregnancySection => "zwangerschap",
        BirthSection or KraamperiodeSection => "geboorte",
        CarePlanSection => "zorgplan",
        CareTeamSection => "zorgteam",
        _ => null,
    };

    /// <summary>
    /// The region's setting (0 or 1) that asks for a warm handover: with 1, each handover asks the JGZ to
    /// phone the sender before the first contact with the family.
    /// </summary>
    public const string WarmHandoverSetting = "warmeOverdracht";

    /// <summary>
    /// The Meldcode step whose completion means Veilig Thuis is involved (a report was made). Regions
    /// cannot rename or remove it: it is a locked step of the standard.
    /// </summary>
    public const string VeiligThuisReportStep = "VT_REPORT";

    /// <summary>The step where the identity and contact data are checked and recorded (a locked step of the standard).</summary>
    public const string IdentityStep = "ID_BSN";

    /// <summary>The parts of a handover a consent covers and a weighed conflict of duties can name (<see cref="HandoverParts.All"/>).</summary>
    public static IReadOnlyList<HandoverPart> Parts => HandoverParts.All;
}
