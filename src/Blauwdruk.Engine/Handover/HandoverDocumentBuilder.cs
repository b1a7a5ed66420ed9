using System.Net;
using System.Text;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Rules;
using Blauwdruk.Engine.Runtime;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// Draws up one handover document (<see cref="HandoverDocument.Build"/>): the Composition with its Dutch
/// sections, and each resource it references, with ids derived from the document's identifier. This part:
/// the document, the mother and the child, and the small helpers the sections share.
/// </summary>
internal sealed partial class HandoverDocumentBuilder(HandoverRequest request, string recipient)
{
    private readonly string _identifier = HandoverDocument.Identifier(request.State.Id, request.Kind, request.Newborn);
    private readonly Bundle _bundle = new() { Type = Bundle.BundleType.Document };
    private readonly Dictionary<string, ResourceReference> _organisations = [];
    private PathwayDefinition Definition => request.Definition;
    private InstanceState State => request.State;

    private string Url(string name) => $"urn:uuid:{DeterministicGuid.From($"{_identifier}/{name}")}";

    private ResourceReference Add(string name, Resource resource, string? display = null)
    {
        var url = Url(name);
        _bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = url, Resource = resource });
        return new ResourceReference(url, display);
    }

    public Bundle Build()
    {
        var composition = new Composition
        {
            Identifier = new Identifier("urn:ietf:rfc:3986", _identifier),
            Status = request.Version == 1 ? CompositionStatus.Final : CompositionStatus.Amended,
            Type = Concept(NamingSystems.Loinc, "18761-7", "Provider-unspecified transfer summary", "Overdracht aan de jeugdgezondheidszorg"),
            Category = [Concept(NamingSystems.Snomed, "736377005", "Maternity care plan", "Kwetsbare zwangerschap")],
            Date = request.Now.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            Title = request.Kind == HandoverKind.Prenatal
                ? "Prenatale overdracht aan de JGZ"
                : $"Postnatale overdracht aan de JGZ{(State.Newborns.Count > 1 ? $" — kind {request.Newborn!.Number}" : "")}",
            Confidentiality = Composition.V3ConfidentialityClassification.R,
        };
        _bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = Url("composition"), Resource = composition });

        var mother = Add("mother", Mother(), $"{request.Mother.GivenName} {request.Mother.FamilyName}");
        var sender = Organisation(request.Author.OrganisationId);
        var to = Organisation(recipient);
        var author = Add("author", new PractitionerRole
        {
            Active = true,
            Practitioner = new ResourceReference { Identifier = new Identifier(NamingSystems.User, request.Author.UserId), Display = request.Author.UserId },
            Organization = sender,
            Code = request.Author.Roles.Select(role => new CodeableConcept { Text = Definition.RoleLabel(role) }).ToList(),
        }, request.Author.UserId);
        composition.Author = [author];
        composition.Custodian = sender;

        ResourceReference? child = null;
        if (request.Newborn is { } newborn)
        {
            child = Add("child", Child(newborn, mother), $"kind {newborn.Number}");
            Add("mother-of-child", new RelatedPerson
            {
                Active = true,
                Patient = child,
                Relationship = [Concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "MTH", "mother", "Moeder")],
                Name = [MotherName()],
                Gender = AdministrativeGender.Female,
                BirthDate = request.Mother.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        composition.Subject = child ?? mother;
        var clientSection = Section("Cliënt", "Moeder" + (child is null ? "" : " en kind"),
            [$"Moeder: {request.Mother.GivenName} {request.Mother.FamilyName}, geboren {request.Mother.BirthDate:dd-MM-yyyy}, "
                + (request.Mother.Bsn is { } bsn
                    ? $"BSN {bsn}"
                    : $"nog geen BSN: tijdelijk kenmerk {ClientIdentity.TemporaryIdentifier(State.Id)}. Zodra het BSN bekend is, volgt een nieuwe versie met het BSN."),
             .. child is null ? Array.Empty<string>() : [$"Kind {request.Newborn!.Number}, geboren {State.BirthDate:dd-MM-yyyy}"]],
            child is null ? [mother] : [mother, child]);

        // Each part only when the grant covers it (a weighed conflict of duties names the strictly
        // necessary parts), and nothing of a part that does not leave is even drawn up.
        var grant = request.Grant;
        var sections = new List<Composition.SectionComponent> { clientSection };
        var (pregnancy, birth) = grant.Covers("zwangerschap") || grant.Covers("geboorte") ? Observations(mother, child) : ([], []);
        if (grant.Covers("zwangerschap"))
        {
            sections.Add(Section("Zwangerschap", "Zwangerschap", pregnancy.Select(p => p.Text).DefaultIfEmpty("Geen gegevens over de zwangerschap vastgelegd."), pregnancy.Select(p => p.Reference)));
        }

        if (request.Kind == HandoverKind.Postnatal && grant.Covers("geboorte"))
        {
            sections.Add(Section("Geboorte", "Geboorte", birth.Select(b => b.Text).Prepend($"Geboortedatum: {State.BirthDate:dd-MM-yyyy}"), birth.Select(b => b.Reference)));
        }

        if (grant.Covers("psychosociaal"))
        {
            var riskFactors = RiskFactors(mother);
            sections.Add(Section(HandoverDocument.PsychosocialSection, "Psychosociale risicofactoren", riskFactors.Select(r => r.Text).DefaultIfEmpty("Geen psychosociale risicofactoren gevonden in de screening."), riskFactors.Select(r => r.Reference)));
        }

        if (grant.Covers("zorgplan"))
        {
            var (carePlan, referrals) = CarePlanAndReferrals(mother, sender);
            sections.Add(Section("Zorgplan", "Zorgplan en verwijzingen", referrals.Select(r => r.Text).Prepend($"Zorgpad: {Definition.Title} ({Definition.Id} {Definition.Version})"), referrals.Select(r => r.Reference).Prepend(carePlan)));
        }

        if (grant.Covers("zorgteam"))
        {
            var careTeam = CareTeam(mother);
            sections.Add(Section("Zorgteam", "Zorgteam", _organisations.Values.Select(o => o.Display!), [careTeam, author]));
        }

        // After the care team, whose list names only the care organisations.
        if (grant.Covers("veilig-thuis") && VeiligThuisInvolvement() is { } involvement)
        {
            sections.Add(Section(HandoverDocument.VeiligThuisSection, "Betrokkenheid van Veilig Thuis", involvement.Lines, involvement.Contacts));
        }

        sections.Add(Section(HandoverDocument.ConsentSection, "Toestemming en grondslag", ConsentText(to), [Consent(mother, sender, to)]));
        composition.Section = sections;

        Add("provenance", new Provenance
        {
            Target = [new ResourceReference(Url("composition"))],
            Recorded = request.Now,
            Activity = Concept("http://terminology.hl7.org/CodeSystem/v3-DataOperation", request.Version == 1 ? "CREATE" : "UPDATE", request.Version == 1 ? "create" : "revise", null),
            Agent =
            [
                new Provenance.AgentComponent
                {
                    Type = Concept("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author", null),
                    Who = author,
                    OnBehalfOf = sender,
                },
            ],
        });

        _bundle.Identifier = new Identifier("urn:ietf:rfc:3986", _identifier);
        _bundle.Timestamp = request.Now;
        _bundle.Meta = new Meta { VersionId = request.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return _bundle;
    }

    private Patient Mother() => new()
    {
        Identifier = [request.Mother.Bsn is { } bsn ? new Identifier(NamingSystems.Bsn, bsn) : new Identifier(NamingSystems.TemporaryClient, ClientIdentity.TemporaryIdentifier(State.Id))],
        Name = [MotherName()],
        Gender = AdministrativeGender.Female,
        BirthDate = request.Mother.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    private HumanName MotherName() => new()
    {
        Use = HumanName.NameUse.Official,
        Family = request.Mother.FamilyName,
        Given = [request.Mother.GivenName],
        Text = $"{request.Mother.GivenName} {request.Mother.FamilyName}",
    };

    private Patient Child(Newborn newborn, ResourceReference mother) => new()
    {
        Identifier = [new Identifier(NamingSystems.Newborn, newborn.Id.ToString())],
        BirthDate = State.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        MultipleBirth = State.Newborns.Count > 1 ? new Integer(newborn.Number) : new FhirBoolean(false),
        Contact =
        [
            new Patient.ContactComponent
            {
                Relationship = [Concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "MTH", "mother", "Moeder")],
                Name = new HumanName { Text = mother.Display },
            },
        ],
    };

    private static Composition.SectionComponent Section(string code, string title, IEnumerable<string> lines, IEnumerable<ResourceReference> entries) => new()
    {
        Title = title,
        Code = new CodeableConcept { Text = code },
        Text = new Narrative
        {
            Status = Narrative.NarrativeStatus.Generated,
            Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\"><ul>{string.Concat(lines.Select(l => $"<li>{WebUtility.HtmlEncode(l)}</li>"))}</ul></div>",
        },
        Entry = entries.ToList(),
    };

    private static string ValueText(DataType? value) => value switch
    {
        Quantity quantity => $"{quantity.Value} {quantity.Unit ?? quantity.Code}",
        Integer integer => integer.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        FhirDateTime date => date.Value ?? "",
        FhirBoolean boolean => boolean.Value == true ? "ja" : "nee",
        CodeableConcept concept => concept.Text ?? concept.Coding.FirstOrDefault()?.Display ?? "",
        FhirString text => text.Value ?? "",
        _ => value?.ToString() ?? "",
    };

    private static CodeableConcept Concept(string system, string code, string display, string? text) =>
        new() { Coding = [new Coding(system, code, display)], Text = text };
}
