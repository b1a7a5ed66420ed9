using Blauwdruk.Engine.Conformance;
using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Tests.Conformance;

/// <summary>
/// The handover's resources against R4 and nl-core (zib2020), through one validator for the whole run: the
/// snapshots are generated once and cached on disk (<see cref="NlCoreValidator"/>), so the first run of these
/// tests is slow (about a minute) and later runs are not.
/// </summary>
public sealed class NlCoreValidatorTests
{
    private const string NlCore = "http://nictiz.nl/fhir/StructureDefinition/";
    private const string Bsn = "http://fhir.nl/fhir/NamingSystem/bsn";
    private const string Ura = "http://fhir.nl/fhir/NamingSystem/ura";
    private const string EnQualifier = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-qualifier";
    private const string Snomed = "http://snomed.info/sct";

    private static NlCoreValidator Validator => TestValidator.Shared;

    [Fact]
    public void A_hand_built_nl_core_Patient_validates_without_errors()
    {
        var outcome = Validator.Validate(Mother());

        ThenValid(outcome);
    }

    [Fact]
    public void A_given_name_without_its_qualifier_is_an_error_at_the_name()
    {
        var mother = Mother();
        mother.Name[0].GivenElement[0].Extension.Clear();

        var outcome = Validator.Validate(mother);

        Assert.False(NlCoreValidator.IsValid(outcome));
        Assert.Contains(outcome.Issue, i => NlCoreValidator.IsError(i) && NlCoreValidator.Location(i).StartsWith("Patient.name[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void In_a_document_the_error_points_at_the_entry_and_the_name()
    {
        var mother = Mother();
        mother.Name[0].GivenElement[0].Extension.Clear();

        var outcome = Validator.ValidateDocument(Document(mother));

        Assert.Contains(outcome.Issue, i => NlCoreValidator.IsError(i) && NlCoreValidator.Location(i).StartsWith("Bundle.entry[1].resource.name[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void A_section_entry_that_is_not_in_the_document_is_reported()
    {
        var missing = $"urn:uuid:{Guid.NewGuid()}";
        var document = Document(Mother(), composition => composition.Section[0].Entry.Add(new ResourceReference(missing)));

        var outcome = Validator.ValidateDocument(document);

        var issue = Assert.Single(outcome.Issue, i => i.Details?.Text?.Contains(missing, StringComparison.Ordinal) == true);
        Assert.Equal(OperationOutcome.IssueSeverity.Error, issue.Severity);
        Assert.Equal("Bundle.entry[0].resource.section[0].entry[1]", NlCoreValidator.Location(issue));
    }

    [Fact]
    public void A_document_whose_references_all_resolve_has_no_reference_issue()
    {
        var outcome = Validator.ValidateDocument(Document(Mother()));

        Assert.DoesNotContain(outcome.Issue, i => i.Details?.Text?.Contains("wijst niet naar een entry", StringComparison.Ordinal) == true);
        ThenValid(outcome);
    }

    [Fact]
    public void A_resource_declaring_an_unknown_profile_is_an_error()
    {
        var mother = Mother();
        mother.Meta = Profiled("nl-core-Bestaat-Niet");

        var outcome = Validator.Validate(mother);

        var issue = Assert.Single(outcome.Issue, NlCoreValidator.IsError);
        Assert.Equal($"profiel onbekend: {NlCore}nl-core-Bestaat-Niet", issue.Details?.Text);
        Assert.Equal("Patient.meta.profile[0]", NlCoreValidator.Location(issue));
    }

    [Fact]
    public void A_minimal_TobaccoUse_validates()
    {
        var tobacco = Observed("nl-core-TobaccoUse", "365980008", "Tobacco use and exposure - finding");
        tobacco.Value = Concept(Snomed, "8517006", "Ex-smoker");

        ThenValid(Validator.Validate(tobacco));
    }

    [Fact]
    public void A_minimal_BodyWeight_validates()
    {
        var weight = Observed("nl-core-BodyWeight", "29463-7", "Body weight", "http://loinc.org");
        weight.Category = [Concept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")];
        weight.Value = new Quantity { Value = 3.45m, Unit = "kg", System = "http://unitsofmeasure.org", Code = "kg" };
        weight.Effective = new FhirDateTime("2026-11-30T10:00:00+01:00");

        ThenValid(Validator.Validate(weight));
    }

    [Fact]
    public void A_minimal_HealthcareProvider_Organization_with_its_URA_validates()
    {
        var organisation = new Organization
        {
            Meta = Profiled("nl-core-HealthcareProvider-Organization"),
            Identifier = [new Identifier(Ura, "90000101")],
            Name = "Verloskundigenpraktijk De Maas",
        };

        ThenValid(Validator.Validate(organisation));
    }

    [Fact]
    public void The_mobile_phone_fits_the_telephone_profile_and_FHIRs_mobile_use_does_not()
    {
        // Patient.telecom is sliced openly by profile: a phone that fits no slice passes the Patient unnoticed.
        const string telephone = NlCore + "nl-core-ContactInformation-TelephoneNumbers";
        var fhirMobile = new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Mobile, "0612345678");

        ThenValid(Validator.ValidateAgainst(MobilePhone(), telephone));
        var outcome = Validator.ValidateAgainst(fhirMobile, telephone);
        Assert.Contains(outcome.Issue, i => NlCoreValidator.IsError(i) && NlCoreValidator.Location(i) == "ContactPoint.use");
    }

    [Fact]
    public void Locations_name_severity_place_and_code_but_no_value()
    {
        var mother = Mother();
        mother.Name[0].GivenElement[0].Extension.Clear();

        var lines = NlCoreValidator.Locations(Validator.Validate(mother));

        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.DoesNotContain("Anna", line, StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("error Patient.name[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void A_generated_snapshot_is_written_to_the_cache_directory()
    {
        _ = Validator.Validate(Mother());

        Assert.Contains(Directory.GetFiles(Validator.CacheDirectory, "*.json"), f => Path.GetFileName(f).StartsWith("nl-core-Patient-", StringComparison.Ordinal));
    }

    /// <summary>The messages in full: these are made-up test data, and a failure should say what is missing.</summary>
    private static void ThenValid(OperationOutcome outcome) =>
        Assert.True(NlCoreValidator.IsValid(outcome), string.Join("\n", outcome.Issue.Select(i => $"{i.Severity} {NlCoreValidator.Location(i)}: {i.Details?.Text}")));

    private static Meta Profiled(string profile) => new() { Profile = [NlCore + profile] };

    private static CodeableConcept Concept(string system, string code, string display) => new(system, code, display);

    /// <summary>The mother as nl-core-Patient: BSN, official name with qualified given names, address, mobile phone.</summary>
    private static Patient Mother()
    {
        var given = new FhirString("Anna");
        given.Extension.Add(new Extension(EnQualifier, new Code("BR")));
        return new Patient
        {
            Id = "moeder",
            Meta = Profiled("nl-core-Patient"),
            Identifier = [new Identifier(Bsn, "999911120")],
            Name =
            [
                new HumanName
                {
                    Use = HumanName.NameUse.Official,
                    Text = "Anna Jansen",
                    Family = "Jansen",
                    GivenElement = [given],
                },
            ],
            Telecom = [MobilePhone()],
            Gender = AdministrativeGender.Female,
            BirthDate = "1995-04-01",
            Address =
            [
                new Address
                {
                    Use = Address.AddressUse.Home,
                    Line = ["Hoofdstraat 1"],
                    City = "Utrecht",
                    PostalCode = "3511 AA",
                    Country = "NL",
                },
            ],
        };
    }

    /// <summary>
    /// nl-core's mobile number: use is home, work or temp (never FHIR's 'mobile'); that it is a mobile phone is said
    /// by the telecom type MC on <c>system</c>.
    /// </summary>
    private static ContactPoint MobilePhone()
    {
        var system = new Code<ContactPoint.ContactPointSystem>(ContactPoint.ContactPointSystem.Phone);
        system.Extension.Add(new Extension(NlCore + "ext-CodeSpecification", Concept("http://terminology.hl7.org/CodeSystem/v3-AddressUse", "MC", "Mobile Phone")));
        return new ContactPoint { SystemElement = system, Use = ContactPoint.ContactPointUse.Home, Value = "0612345678" };
    }

    private static Observation Observed(string profile, string code, string display, string system = Snomed) => new()
    {
        Meta = Profiled(profile),
        Status = ObservationStatus.Final,
        Code = Concept(system, code, display),
        Subject = new ResourceReference("Patient/moeder"),
    };

    /// <summary>A document with a Composition about <paramref name="subject"/> and one section listing it.</summary>
    private static Bundle Document(Patient subject, Action<Composition>? change = null)
    {
        var patientUrl = $"urn:uuid:{Guid.NewGuid()}";
        var composition = new Composition
        {
            Status = CompositionStatus.Final,
            Type = Concept("http://loinc.org", "34133-9", "Summary of episode note"),
            Subject = new ResourceReference(patientUrl),
            DateElement = new FhirDateTime("2026-12-01T09:00:00+01:00"),
            Author = [new ResourceReference(patientUrl)],
            Title = "Overdracht",
            Section = [new Composition.SectionComponent { Title = "Cliënt", Entry = [new ResourceReference(patientUrl)], Text = SectionText("Cliënt") }],
        };
        change?.Invoke(composition);
        return new Bundle
        {
            Type = Bundle.BundleType.Document,
            Identifier = new Identifier("urn:ietf:rfc:3986", $"urn:uuid:{Guid.NewGuid()}"),
            Timestamp = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(1)),
            Entry =
            [
                new Bundle.EntryComponent { FullUrl = $"urn:uuid:{Guid.NewGuid()}", Resource = composition },
                new Bundle.EntryComponent { FullUrl = patientUrl, Resource = subject },
            ],
        };
    }

    private static Narrative SectionText(string text) => new()
    {
        Status = Narrative.NarrativeStatus.Generated,
        Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\">{text}</div>",
    };
}
