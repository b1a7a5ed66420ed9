using System.Globalization;
using System.Net;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// Draws up one handover document (<see cref="HandoverDocument.Build"/>): the Composition with its Dutch
/// sections, and each resource it references, with ids derived from the document's identifier. Every
/// resource declares its nl-core (zib2020) profile. This part: the document, who it is about and how to
/// reach them, who hands over, and the helpers the sections share. What is not recorded is said to be
/// unknown; nothing is guessed.
/// </summary>
internal sealed partial class HandoverDocumentBuilder
{
    private static readonly FhirJsonDeserializer Parser = new();
    private readonly HandoverRequest request;
    private readonly string recipient;
    private readonly string _identifier;
    private readonly Bundle _bundle = new() { Type = Bundle.BundleType.Document };
    private readonly Dictionary<string, ResourceReference> _organisations = [];
    private readonly IReadOnlyList<Resource> _record;
    private readonly HandoverAnswers _answers;

    public HandoverDocumentBuilder(HandoverRequest request, string recipient)
    {
        this.request = request;
        this.recipient = recipient;
        _identifier = HandoverDocument.Identifier(request.State.Id, request.Kind, request.Newborn);
        _record = request.State.Record.Select(json => Parser.DeserializeResource(json)).ToList();
        _answers = new HandoverAnswers(request.Definition, _record);
    }

    private PathwayDefinition Definition => request.Definition;
    private InstanceState State => request.State;
    private ClientIdentity Identity => request.Mother;

    /// <summary>The child a postnatal document is about, with its name and BSN once recorded.</summary>
    private ChildIdentity? ChildIdentity => request.Newborn is { } newborn ? Identity.Children.FirstOrDefault(c => c.Number == newborn.Number) : null;

    private string Url(string name) => $"urn:uuid:{DeterministicGuid.From($"{_identifier}/{name}")}";

    private ResourceReference Add(string name, Resource resource, string? display = null)
    {
        var url = Url(name);
        _bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = url, Resource = resource });
        return new ResourceReference(url, display);
    }

    private static T Profiled<T>(T resource, string profile) where T : Resource
    {
        resource.Meta = new Meta { Profile = [NlCore.Url(profile)] };
        return resource;
    }

    public Bundle Build()
    {
        var composition = new Composition
        {
            Identifier = new Identifier("urn:ietf:rfc:3986", _identifier),
            Status = request.Version == 1 ? CompositionStatus.Final : CompositionStatus.Amended,
            Type = Concept(NamingSystems.Loinc, "18761-7", "Transfer summary note", "Overdracht aan de jeugdgezondheidszorg"),
            Category = [Concept(NamingSystems.Snomed, "371535009", "Transfer summary report", request.Kind == HandoverKind.Prenatal ? "Prenatale overdracht" : "Overdracht na de geboorte")],
            Date = Moment(request.Now),
            Title = request.Kind == HandoverKind.Prenatal
                ? $"Prenatale overdracht aan de JGZ: {MotherName}"
                : $"Overdracht na de geboorte aan de JGZ: {ChildName} (moeder {MotherName})",
            Confidentiality = Composition.V3ConfidentialityClassification.R,
        };
        _bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = Url("composition"), Resource = composition });

        var sender = Organisation(request.Author.OrganisationId);
        var to = Organisation(recipient);
        var mother = Add("mother", Mother(), MotherName);
        var (author, authorLines) = Author(sender);
        composition.Author = [author];
        composition.Custodian = sender;

        ResourceReference? child = null;
        if (request.Newborn is { } newborn)
        {
            child = Add("child", Child(newborn, mother), ChildName);
        }

        composition.Subject = child ?? mother;
        if (request.Version > 1)
        {
            // A correction replaces the earlier version: the JGZ sees that it does.
            composition.RelatesTo = [new Composition.RelatesToComponent
            {
                Code = DocumentRelationshipType.Replaces,
                Target = new Identifier("urn:ietf:rfc:3986", _identifier),
            }];
        }

        // Each part only when the grant covers it (a weighed conflict of duties names the strictly
        // necessary parts), and nothing of a part that does not leave is even drawn up.
        var grant = request.Grant;
        var sections = new List<Composition.SectionComponent>
        {
            Section(HandoverDocument.ClientSection, child is null ? "Moeder" : "Kind en moeder", Identification(), child is null ? [mother] : [child, mother]),
        };
        if (grant.Covers("contact"))
        {
            sections.Add(Section(HandoverDocument.ContactSection, "Adres en bereikbaarheid", ContactLines(), [mother]));
            var (familyLines, family) = Family(mother, child);
            sections.Add(Section(HandoverDocument.FamilySection, "Gezin, gezag en huisarts", familyLines, family));
        }

        sections.Add(Section(HandoverDocument.SenderSection, "Wie draagt over", authorLines, [author]));

        if (grant.Covers("psychosociaal"))
        {
            var (lines, entries) = Psychosocial(mother);
            sections.Add(Section(HandoverDocument.PsychosocialSection, "Psychosociaal", lines, entries));
        }

        if (grant.Covers("veilig-thuis") && VeiligThuisInvolvement() is { } involvement)
        {
            sections.Add(Section(HandoverDocument.VeiligThuisSection, "Betrokkenheid van Veilig Thuis", involvement.Lines, involvement.Contacts));
        }

        if (grant.Covers("zwangerschap"))
        {
            var (lines, entries) = Pregnancy(mother);
            sections.Add(Section(HandoverDocument.PregnancySection, "Zwangerschap", lines, entries));
        }

        if (request.Kind == HandoverKind.Postnatal && grant.Covers("geboorte"))
        {
            var (lines, entries) = Birth(mother, child!);
            sections.Add(Section(HandoverDocument.BirthSection, "Bevalling en kind", lines, entries));
            var (kraamLines, kraamEntries) = Kraamperiode(mother, child!);
            sections.Add(Section(HandoverDocument.KraamperiodeSection, "Kraamperiode", kraamLines, kraamEntries));
        }

        if (grant.Covers("zorgplan"))
        {
            var (lines, entries) = CarePlanAndReferrals(mother, sender);
            sections.Add(Section(HandoverDocument.CarePlanSection, "Zorgplan en verwijzingen", lines, entries));
        }

        if (grant.Covers("zorgteam"))
        {
            var (lines, careTeam) = CareTeam(mother);
            sections.Add(Section(HandoverDocument.CareTeamSection, "Zorgteam en betrokken hulpverleners", lines, [careTeam]));
        }

        if (grant.Consent && grant.OwnWords is { } words)
        {
            // Her own words, marked as hers: the section's author is the client.
            var own = Section(HandoverDocument.OwnWordsSection, HandoverDocument.OwnWordsTitle,
                words.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Prepend("Geschreven door de cliënt zelf:"), []);
            own.Author = [mother];
            sections.Add(own);
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
        _bundle.Meta = new Meta { VersionId = request.Version.ToString(CultureInfo.InvariantCulture) };
        return _bundle;
    }

    private string MotherName => $"{Identity.GivenName} {Identity.FamilyName}";

    /// <summary>The child by name once recorded, else by its number ("kind 1").</summary>
    private string ChildName => ChildIdentity is { GivenName: { } given } known ? $"{given} {known.FamilyName ?? Identity.FamilyName}" : $"kind {request.Newborn?.Number}";

    private IEnumerable<string> Identification()
    {
        var bsn = Identity.Bsn is { } number
            ? $"BSN {number}"
            : $"nog geen BSN: tijdelijk kenmerk {ClientIdentity.TemporaryIdentifier(State.Id)}. Zodra het BSN bekend is, volgt een nieuwe versie met het BSN";
        yield return $"Moeder: {MotherName}, geboren {Identity.BirthDate:dd-MM-yyyy}, {bsn}.";
        if (request.Newborn is { } newborn)
        {
            var sex = _answers.Own("geslacht", newborn.Number) is { } answer ? HandoverAnswers.Text(answer.Value).ToLowerInvariant() : "geslacht niet vastgelegd";
            var time = _answers.Own("geboortetijd", newborn.Number) is { } clock ? $" om {HandoverAnswers.Text(clock.Value)}" : "";
            yield return $"Kind: {ChildName} ({sex}), geboren {State.BirthDate:dd-MM-yyyy}{time}"
                + (State.Newborns.Count > 1 ? $", kind {newborn.Number} van een meerling van {State.Newborns.Count}" : "")
                + (ChildIdentity?.Bsn is { } childBsn ? $", BSN {childBsn}." : ", BSN nog niet bekend.");
        }
    }

    private IEnumerable<string> ContactLines()
    {
        yield return Identity.Address is { } address
            ? $"Adres: {address.Street} {address.HouseNumber}, {address.Postcode} {address.City}"
            : "Adres: niet vastgelegd";
        yield return $"Telefoon: {Identity.Phone ?? "niet vastgelegd"}";
        yield return $"E-mail: {Identity.Email ?? "niet vastgelegd"}";
        yield return "Taal: " + (Identity.Language ?? "niet vastgelegd") + Identity.InterpreterNeeded switch
        {
            true => "; een tolk is nodig",
            false => "; geen tolk nodig",
            null => "; of een tolk nodig is, is niet vastgelegd",
        };
    }

    private (IEnumerable<string> Lines, List<ResourceReference> Entries) Family(ResourceReference mother, ResourceReference? child)
    {
        var lines = new List<string>();
        var entries = new List<ResourceReference>();
        if (Identity.Partner is { } partner)
        {
            entries.Add(Add("partner", ContactPerson(partner, child ?? mother, "Partner"), partner.Name));
            lines.Add($"Partner: {partner.Name}" + (partner.Phone is { } phone ? $", tel. {phone}" : "") + partner.ParentalAuthority switch
            {
                true => child is null ? "; krijgt na de geboorte het gezag (erkenning)" : "; heeft het gezag",
                false => "; heeft geen gezag",
                null => "; gezag niet vastgelegd",
            });
        }
        else
        {
            lines.Add("Partner: niet vastgelegd");
        }

        // A mother under 18 has no parental authority (BW 1:246): a guardian decides, unless the other parent has it.
        var withAuthority = Identity.Partner?.ParentalAuthority == true ? Identity.Partner.Name : null;
        lines.Add(HandoverParticipant.IsMinor(Identity, request.Now)
            ? (child is null ? "Gezag over het kind na de geboorte: " : "Gezag over het kind: ")
                + "de moeder is minderjarig en heeft geen gezag (BW 1:246); " + (withAuthority is null ? "een voogd beslist voor het kind" : $"{withAuthority} heeft het gezag")
            : child is null
                ? "Gezag over het kind na de geboorte: de moeder" + (withAuthority is null ? "" : " en de partner")
                : "Ouders met gezag: de moeder" + (withAuthority is null ? "" : $" en {withAuthority}"));
        lines.Add($"Andere kinderen in het gezin: {Identity.OtherChildren ?? "niet vastgelegd"}");
        if (Identity.GeneralPractitioner is { } gp)
        {
            entries.Add(GeneralPractitioner(gp));
            lines.Add($"Huisarts: {gp.Name}" + (gp.Phone is { } phone ? $", tel. {phone}" : ""));
        }
        else
        {
            lines.Add("Huisarts: niet vastgelegd");
        }

        return (lines, entries);
    }

    private RelatedPerson ContactPerson(RelatedContact person, ResourceReference patient, string role)
    {
        var related = Profiled(new RelatedPerson
        {
            Active = true,
            Patient = patient,
            Relationship =
            [
                Concept("urn:oid:2.16.840.1.113883.2.4.3.11.22.472", "01", "Eerste relatie/contactpersoon", null),
                Concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", request.Newborn is null ? "SIGOTHR" : "PRN", request.Newborn is null ? "significant other" : "parent", role),
            ],
            Name = [NlCore.Name(person.Name)],
        }, NlCore.ContactPerson);
        if (person.Phone is { } phone)
        {
            related.Telecom = [NlCore.Phone(phone, ContactPoint.ContactPointUse.Mobile)];
        }

        return related;
    }

    private ResourceReference GeneralPractitioner(RelatedContact gp)
    {
        var organisation = Profiled(new Organization
        {
            Active = true,
            Name = gp.Name,
            Type = [Concept("http://nictiz.nl/fhir/NamingSystem/organization-type", "Z3", "Huisartspraktijk (zelfstandig of groepspraktijk)", "Huisartspraktijk")],
        }, NlCore.Organization);
        if (gp.Phone is { } phone)
        {
            organisation.Telecom = [NlCore.Phone(phone, ContactPoint.ContactPointUse.Work)];
        }

        return Add("general-practitioner", organisation, gp.Name);
    }

    private Patient Mother()
    {
        var patient = Profiled(new Patient
        {
            Identifier = [Identity.Bsn is { } bsn ? new Identifier(NamingSystems.Bsn, bsn) : new Identifier(NamingSystems.TemporaryClient, ClientIdentity.TemporaryIdentifier(State.Id))],
            Name = [NlCore.Name(Identity.GivenName, Identity.FamilyName)],
            Gender = AdministrativeGender.Female,
            BirthDate = Identity.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, NlCore.Patient);
        if (Identity.Address is { } address)
        {
            patient.Address = [NlCore.Address(address)];
        }

        if (Identity.Phone is { } phone)
        {
            patient.Telecom.Add(NlCore.Phone(phone, ContactPoint.ContactPointUse.Mobile));
        }

        if (Identity.Email is { } email)
        {
            patient.Telecom.Add(NlCore.Email(email));
        }

        if (Identity.Language is { } language && Languages.CodeOf(language) is { } code)
        {
            // A language not listed is named in the text only: nl-core binds the language to ISO 639-1.
            patient.Communication = [new Patient.CommunicationComponent { Language = Concept(Languages.System, code, language, language), Preferred = true }];
        }

        if (Identity.InterpreterNeeded is { } interpreter)
        {
            patient.AddExtension("http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired", new FhirBoolean(interpreter));
        }

        return patient;
    }

    private Patient Child(Newborn newborn, ResourceReference mother)
    {
        var known = ChildIdentity;
        var patient = Profiled(new Patient
        {
            Identifier = [known?.Bsn is { } bsn ? new Identifier(NamingSystems.Bsn, bsn) : new Identifier(NamingSystems.Newborn, newborn.Id.ToString())],
            BirthDate = State.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Gender = _answers.Own("geslacht", newborn.Number)?.Value is Coding { Code: { } sex } ? sex switch
            {
                "female" => AdministrativeGender.Female,
                "male" => AdministrativeGender.Male,
                _ => AdministrativeGender.Other,
            } : null,
            MultipleBirth = State.Newborns.Count > 1 ? new Integer(newborn.Number) : new FhirBoolean(false),
            Contact =
            [
                new Patient.ContactComponent
                {
                    Relationship = [Concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "MTH", "mother", "Moeder")],
                    Name = NlCore.Name(Identity.GivenName, Identity.FamilyName),
                    Telecom = Identity.Phone is { } phone ? [NlCore.Phone(phone, ContactPoint.ContactPointUse.Mobile)] : [],
                    Address = Identity.Address is { } address ? NlCore.Address(address) : null,
                },
            ],
        }, NlCore.Patient);
        if (known?.GivenName is { } given)
        {
            patient.Name = [NlCore.Name(given, known.FamilyName ?? Identity.FamilyName)];
        }

        if (_answers.Own("geboortetijd", newborn.Number)?.Value is Time { Value: { } clock } && patient.BirthDateElement is { } birthDate && State.BirthDate is { } day)
        {
            // The time of birth, as the core extension on Patient.birthDate.
            birthDate.AddExtension("http://hl7.org/fhir/StructureDefinition/patient-birthTime",
                new FhirDateTime($"{day:yyyy-MM-dd}T{clock}{Offset(day)}"));
        }

        return patient;
    }

    /// <summary>Who hands over: the professional by name, with UZI/AGB/BIG where known, role, organisation and a number that reaches them.</summary>
    private (ResourceReference Reference, List<string> Lines) Author(ResourceReference sender)
    {
        var author = request.Author;
        var professional = author.Professional;
        var practitioner = Profiled(new Practitioner
        {
            Identifier = [.. Identifiers(professional), new Identifier(NamingSystems.User, author.UserId)],
            // Without a name in the token the professional is known by her login only: no name is made up.
            Name = professional is null ? [] : [NlCore.Name(professional.Name)],
        }, NlCore.Practitioner);
        var organisation = Definition.Organisations.FirstOrDefault(o => o.ActorId == author.OrganisationId || o.Id == author.OrganisationId);
        var role = Profiled(new PractitionerRole
        {
            Active = true,
            Practitioner = Add("author-practitioner", practitioner, professional?.Name),
            Organization = sender,
            Code = author.Roles.Select(r => new CodeableConcept { Text = Definition.RoleLabel(r) }).ToList(),
            Telecom = [.. new[] { professional?.Phone, organisation?.Phone }.OfType<string>().Distinct().Select(p => NlCore.Phone(p, ContactPoint.ContactPointUse.Work))],
        }, NlCore.PractitionerRole);
        var roles = string.Join(", ", author.Roles.Select(r => Definition.RoleLabel(r).ToLowerInvariant()));
        var lines = new List<string>
        {
            professional is null ? $"De {roles} van {sender.Display} (naam niet bekend)" : $"{professional.Name}, {roles}, {sender.Display}",
            professional?.Phone is { } direct
                ? $"Direct bereikbaar: {direct}" + (organisation?.Phone is { } practice ? $"; praktijk: {practice}" : "")
                : organisation?.Phone is { } general ? $"Bereikbaar via de praktijk: {general}" : "Geen telefoonnummer vastgelegd",
        };
        if (professional is not null && Identifiers(professional).Any())
        {
            lines.Add(string.Join(", ", new[] { ("UZI", professional.Uzi), ("AGB", professional.Agb), ("BIG", professional.Big) }.Where(p => p.Item2 is not null).Select(p => $"{p.Item1} {p.Item2}")));
        }

        if (Definition.Settings.FirstOrDefault(s => s.Id == HandoverDocument.WarmHandoverSetting) is { Value: >= 1 })
        {
            lines.Add("De regio vraagt een warme overdracht: bel de overdrager vóór het eerste contact met het gezin.");
        }

        return (Add("author", role, professional?.Name ?? sender.Display), lines);
    }

    private static IEnumerable<Identifier> Identifiers(Professional? professional)
    {
        if (professional?.Uzi is { } uzi)
        {
            yield return new Identifier(NamingSystems.Uzi, uzi);
        }

        if (professional?.Agb is { } agb)
        {
            yield return new Identifier(NamingSystems.Agb, agb);
        }

        if (professional?.Big is { } big)
        {
            yield return new Identifier(NamingSystems.Big, big);
        }
    }

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

    private static string Moment(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The Dutch offset on a day (+01:00 in winter, +02:00 in summer).</summary>
    private static string Offset(DateOnly day) =>
        $"+{DutchWorkingDays.OffsetOn(day):hh\\:mm}";

    private static CodeableConcept Concept(string system, string code, string display, string? text) =>
        new() { Coding = [new Coding(system, code, display)], Text = text };
}
