using System.Text.Json;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Runtime.Scenarios;
using Blauwdruk.Engine.Tests.Runtime;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;

namespace Blauwdruk.Engine.Tests.Handover;

/// <summary>
/// The handover to JGZ for the standard's journeys: each document parses back with Firely, passes its
/// POCO validation, resolves every reference inside the Bundle, and carries what JGZ needs and nothing
/// that was not consented.
/// </summary>
public class HandoverDocumentTests
{
    private const string Bsn = "999911120";
    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);
    private static readonly ClientIdentity Mother = new(Bsn, "Jansen", "Fatima", new DateOnly(1996, 3, 12));
    private static readonly DateTimeOffset Now = new(2026, 6, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly Actor Midwife = new("verloskundige-1", ["verloskundige"], "praktijk");

    private static readonly HandoverGrant Consent = new()
    {
        Consent = true,
        RecordedBy = "verloskundige-1",
        RecordedByOrganisation = "praktijk",
        RecordedAt = new DateTimeOffset(2026, 5, 20, 9, 0, 0, TimeSpan.Zero),
        PreviewVersion = "preview-1",
    };

    private static ScenarioResult Play(string file)
    {
        var read = ScenarioReader.ReadFile(Path.Combine(TestPathways.Directory, "blauwdruk", "scenarios", file), file);
        var result = ScenarioRunner.Run(read.Scenario!, ScenarioFilesTests.PathwayFor(read.Scenario!));
        Assert.True(result.Passed, string.Join("\n", result.Failures));
        return result;
    }

    private static HandoverRequest Request(ScenarioResult played, HandoverKind kind, int child = 0, HandoverGrant? grant = null, PathwayDefinition? definition = null) => new()
    {
        Definition = definition ?? TestPathways.Standard,
        State = played.State!,
        Journal = played.Journal,
        Kind = kind,
        Newborn = child == 0 ? null : played.State!.Newborns[child - 1],
        Mother = Mother,
        Grant = grant ?? Consent,
        Author = Midwife,
        Now = Now,
    };

    /// <summary>Serialised and parsed back, as a receiver would see it.</summary>
    private static Bundle RoundTrip(Bundle bundle) => JsonSerializer.Deserialize<Bundle>(JsonSerializer.Serialize(bundle, Fhir), Fhir)!;

    private static void AssertValidDocument(Bundle bundle)
    {
        Assert.Empty(bundle.Validate(ModelInfo.ModelInspector).Select(p => p.Message));
        Assert.Equal(Bundle.BundleType.Document, bundle.Type);
        Assert.NotNull(bundle.Identifier?.Value);
        Assert.NotNull(bundle.Timestamp);
        Assert.IsType<Composition>(bundle.Entry[0].Resource);

        // Every fullUrl is unique, and every reference anywhere in the document points at one of them.
        var urls = bundle.Entry.Select(e => e.FullUrl).ToList();
        Assert.Equal(urls.Count, urls.Distinct().Count());
        var references = bundle.Select("descendants().ofType(Reference).reference").OfType<FhirString>().Select(s => s.Value!).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, urls));

        // Every section has a readable narrative, and the BSN uses the Dutch identifier system.
        var composition = (Composition)bundle.Entry[0].Resource!;
        Assert.All(composition.Section, s => Assert.StartsWith("<div xmlns=\"http://www.w3.org/1999/xhtml\">", s.Text!.Div, StringComparison.Ordinal));
        Assert.Equal(Bsn, Scalar(bundle, "entry.resource.ofType(Patient).identifier.where(system = 'http://fhir.nl/fhir/NamingSystem/bsn').value"));
    }

    private static object? Scalar(Base focus, string expression) => focus.Scalar(expression);

    private static bool Predicate(Base focus, string expression) => focus.Predicate(expression);

    [Fact]
    public void The_prenatal_handover_after_a_positive_screening_carries_the_due_date_the_risk_factors_and_the_referrals()
    {
        var played = Play("positieve-screening.yaml");

        var bundle = RoundTrip(HandoverDocument.Build(Request(played, HandoverKind.Prenatal)));

        AssertValidDocument(bundle);
        var composition = (Composition)bundle.Entry[0].Resource!;
        Assert.Equal("Prenatale overdracht aan de JGZ: Fatima Jansen", composition.Title);
        Assert.Equal(CompositionStatus.Final, composition.Status);
        Assert.Equal(["Cliënt", "Contact", "Gezin", "Overdrager", "Psychosociaal", "Zwangerschap", "Zorgplan", "Zorgteam", "Toestemming"], composition.Section.Select(s => s.Code!.Text));
        Assert.Equal(played.State!.ExpectedDeliveryDate!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Scalar(bundle, "entry.resource.ofType(Observation).where(code.coding.where(system = 'http://snomed.info/sct' and code = '161714006').exists()).value.toString()"));
        Assert.True(Predicate(bundle, "entry.resource.ofType(Observation).where(category.coding.code = 'social-history' and value = true).exists()"));
        // The referrals of the scenario: the medical one made, the social one dropped out; the care plan lists them.
        Assert.True(Predicate(bundle, "entry.resource.ofType(ServiceRequest).where(status = 'active' and note.text.contains('verwezen')).exists()"));
        Assert.True(Predicate(bundle, "entry.resource.ofType(ServiceRequest).where(status = 'revoked' and note.text.contains('uitgevallen')).exists()"));
        Assert.True(Predicate(bundle, "entry.resource.ofType(CarePlan).activity.reference.resolve().all($this is ServiceRequest)"));
        Assert.Equal("jgz", Scalar(bundle, "entry.resource.ofType(Consent).provision.actor.reference.resolve().identifier.value"));
        Assert.Equal("OPTIN", Scalar(bundle, "entry.resource.ofType(Consent).policyRule.coding.code"));
        Assert.Equal("preview-1", Scalar(bundle, "entry.resource.ofType(Consent).source.identifier.value"));
        Assert.False(Predicate(bundle, "entry.resource.ofType(Patient).where(identifier.system = 'https://fhir.blauwdruk.nl/NamingSystem/newborn').exists()"));
    }

    [Fact]
    public void The_postnatal_handover_is_about_the_child_linked_to_its_mother_with_the_birth_data()
    {
        var played = Play("geboorte-tijdens-zorgplan.yaml");
        var child = played.State!.Newborns.Single();
        var withBirthData = WithRecord(played, BirthWeight(child, 2840), Apgar5(child, 9));

        var bundle = RoundTrip(HandoverDocument.Build(Request(withBirthData, HandoverKind.Postnatal, child: 1)));

        AssertValidDocument(bundle);
        var composition = (Composition)bundle.Entry[0].Resource!;
        Assert.Contains("Geboorte", composition.Section.Select(s => s.Code!.Text));
        Assert.Equal(child.Id.ToString(), Scalar(bundle, "entry[0].resource.subject.resolve().identifier.value"));
        Assert.Equal("2026-06-15", Scalar(bundle, "entry[0].resource.subject.resolve().birthDate.toString()"));
        Assert.Equal("MTH", Scalar(bundle, "entry[0].resource.subject.resolve().contact.relationship.coding.code"));
        Assert.Equal(2840m, Scalar(bundle, "entry.resource.ofType(Observation).where(code.coding.code contains '8339-4').value.value"));
        Assert.Equal(child.Id.ToString(), Scalar(bundle, "entry.resource.ofType(Observation).where(code.coding.code contains '8339-4').subject.resolve().identifier.value"));
        Assert.Equal(9, Scalar(bundle, "entry.resource.ofType(Observation).where(code.coding.code contains '9274-2').value"));
        Assert.Contains("Geboortegewicht: 2840 gram", composition.Section.Single(s => s.Code!.Text == "Geboorte").Text!.Div, StringComparison.Ordinal);
    }

    [Fact]
    public void Twins_get_one_handover_each_with_their_own_birth_data()
    {
        var played = Play("geboorte-tijdens-zorgplan.yaml");
        var first = played.State!.Newborns.Single();
        var second = new Newborn(2, Guid.NewGuid());
        var twins = played with { State = played.State with { Newborns = [first, second] } };
        twins = WithRecord(twins, BirthWeight(first, 2410), BirthWeight(second, 2190));

        var one = RoundTrip(HandoverDocument.Build(Request(twins, HandoverKind.Postnatal, child: 1)));
        var two = RoundTrip(HandoverDocument.Build(Request(twins, HandoverKind.Postnatal, child: 2)));

        AssertValidDocument(one);
        AssertValidDocument(two);
        Assert.NotEqual(one.Identifier!.Value, two.Identifier!.Value);
        Assert.Equal("Overdracht na de geboorte aan de JGZ: kind 2 (moeder Fatima Jansen)", ((Composition)two.Entry[0].Resource!).Title);
        Assert.Equal(2410m, Scalar(one, "entry.resource.ofType(Observation).where(code.coding.code contains '8339-4').value.value"));
        Assert.Equal(2190m, Scalar(two, "entry.resource.ofType(Observation).where(code.coding.code contains '8339-4').value.value"));
        Assert.Equal(2, Scalar(two, "entry[0].resource.subject.resolve().multipleBirth"));
    }

    [Fact]
    public void Without_risk_factors_the_psychosocial_section_says_so()
    {
        var played = Play("negatieve-screening.yaml");

        var bundle = RoundTrip(HandoverDocument.Build(Request(played, HandoverKind.Postnatal, child: 1)));

        AssertValidDocument(bundle);
        var section = ((Composition)bundle.Entry[0].Resource!).Section.Single(s => s.Code!.Text == "Psychosociaal");
        Assert.Empty(section.Entry);
        Assert.Contains("op geen enkele vraag", System.Net.WebUtility.HtmlDecode(section.Text!.Div), StringComparison.Ordinal);
        Assert.False(Predicate(bundle, "entry.resource.ofType(Observation).where(category.coding.code = 'social-history').exists()"));
    }

    private static HandoverGrant Weighed(params string[] data) => new()
    {
        Consent = false,
        RecordedBy = "aandachtsfunctionaris-1",
        RecordedByOrganisation = "praktijk",
        RecordedAt = Now,
        LegalGround = LegalGrounds.Law(LegalBasis.ConflictOfDuties),
        Reason = "Acute onveiligheid van het kind; de JGZ moet het gezin direct na de geboorte kunnen bezoeken.",
        Weighing = new ConflictOfDutiesWeighing("verloskundige M. de Vries", "Toestemming vragen brengt de cliënt in gevaar.", [.. data], new DateOnly(2026, 7, 31)),
    };

    private static List<string> Sections(Bundle bundle) => ((Composition)bundle.Entry[0].Resource!).Section.Select(s => s.Code!.Text!).ToList();

    [Fact]
    public void The_meldcode_route_is_never_shared_and_a_report_reaches_the_jgz_only_as_a_veilig_thuis_involvement_with_whom_to_contact()
    {
        var played = Play("meldcode.yaml");
        var meldcodeSteps = TestPathways.Standard.Steps.Where(s => s.Within == "meldcode").Select(s => s.Label).ToList();
        Assert.NotEmpty(meldcodeSteps);

        foreach (var grant in new[] { Consent, Weighed("zorgplan", "veilig-thuis") })
        {
            var bundle = RoundTrip(HandoverDocument.Build(Request(played, HandoverKind.Prenatal, grant: grant)));

            AssertValidDocument(bundle);
            Assert.True(Predicate(bundle, "entry.resource.ofType(CarePlan).exists()"));
            var json = JsonSerializer.Serialize(bundle, Fhir);
            Assert.All(meldcodeSteps, label => Assert.DoesNotContain(label, json, StringComparison.Ordinal));
            var involvement = ((Composition)bundle.Entry[0].Resource!).Section.Single(s => s.Code!.Text == HandoverDocument.VeiligThuisSection);
            Assert.Contains("Er is een betrokkenheid van Veilig Thuis", involvement.Text!.Div, StringComparison.Ordinal);
            Assert.Contains("aandachtsfunctionaris van", involvement.Text!.Div, StringComparison.Ordinal);
            Assert.NotEmpty(involvement.Entry);
        }

        // A weighing that does not name the involvement says nothing of it.
        var silent = RoundTrip(HandoverDocument.Build(Request(played, HandoverKind.Prenatal, grant: Weighed("zorgplan"))));
        Assert.DoesNotContain(HandoverDocument.VeiligThuisSection, Sections(silent));
        Assert.DoesNotContain("betrokkenheid van Veilig Thuis", JsonSerializer.Serialize(silent, Fhir), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void What_she_leaves_out_does_not_leave_her_own_words_do_marked_as_hers_and_the_version_is_that_of_what_she_shares()
    {
        var played = Play("overdracht-compleet.yaml");
        var preview = HandoverDocument.Build(Request(played, HandoverKind.Prenatal, grant: HandoverGrant.Preview(Midwife, Now)));
        var chosen = Consent with { LeftOut = ["psychosociaal"], OwnWords = "Ik werk 's nachts.\nBel mij na 14 uur." };

        var sent = RoundTrip(HandoverDocument.Build(Request(played, HandoverKind.Prenatal, grant: chosen)));

        AssertValidDocument(sent);
        Assert.Contains(HandoverDocument.PsychosocialSection, Sections(preview));
        Assert.DoesNotContain(HandoverDocument.PsychosocialSection, Sections(sent));
        var own = ((Composition)sent.Entry[0].Resource!).Section.Single(s => s.Code!.Text == HandoverDocument.OwnWordsSection);
        Assert.Equal(HandoverDocument.OwnWordsTitle, own.Title);
        Assert.Contains("Bel mij na 14 uur.", own.Text!.Div, StringComparison.Ordinal);
        Assert.Equal(((Composition)sent.Entry[0].Resource!).Subject!.Reference, Assert.Single(own.Author).Reference);
        // The version she consents to is that of the sections she shares; her words are part of the consent, not of the content.
        Assert.Equal(HandoverDocument.ContentVersion([preview], ["psychosociaal"]), HandoverDocument.ContentVersion([sent]));
        Assert.NotEqual(HandoverDocument.ContentVersion([preview]), HandoverDocument.ContentVersion([sent]));
    }

    [Fact]
    public void After_the_birth_the_document_says_who_consented_for_the_child_and_in_which_capacity()
    {
        var played = Play("overdracht-compleet.yaml");
        var grant = Consent with { ChildConsent = new ConsentGiver(ConsentCapacity.Guardian, "M. Voogd") };

        var bundle = RoundTrip(HandoverDocument.Build(Request(played, HandoverKind.Postnatal, child: 1, grant: grant)));

        var consent = ((Composition)bundle.Entry[0].Resource!).Section.Single(s => s.Code!.Text == HandoverDocument.ConsentSection);
        Assert.Contains("Voor de gegevens van het kind gaf M. Voogd toestemming, als voogd.", consent.Text!.Div, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mother_under_18_is_not_named_as_having_parental_authority()
    {
        var played = Play("overdracht-compleet.yaml");
        var request = Request(played, HandoverKind.Postnatal, child: 1) with { Mother = Mother with { BirthDate = DutchWorkingDays.DateOf(Now).AddYears(-17) } };

        var family = ((Composition)HandoverDocument.Build(request).Entry[0].Resource!).Section.Single(s => s.Code!.Text == HandoverDocument.FamilySection);

        Assert.Contains("Gezag over het kind: de moeder is minderjarig en heeft geen gezag (BW 1:246); een voogd beslist voor het kind", family.Text!.Div, StringComparison.Ordinal);
        Assert.DoesNotContain("Ouders met gezag: de moeder", family.Text.Div, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_report_there_is_no_veilig_thuis_section_even_where_the_grant_would_cover_it()
    {
        var bundle = RoundTrip(HandoverDocument.Build(Request(Play("positieve-screening.yaml"), HandoverKind.Prenatal)));

        Assert.DoesNotContain(HandoverDocument.VeiligThuisSection, Sections(bundle));
    }

    [Fact]
    public void A_conflict_of_duties_shares_only_the_parts_its_weighing_names_and_says_who_weighed_why_and_until_when()
    {
        var played = Play("positieve-screening.yaml");

        var bundle = RoundTrip(HandoverDocument.Build(Request(played, HandoverKind.Prenatal, grant: Weighed("zwangerschap"))));

        AssertValidDocument(bundle);
        Assert.Equal(["Cliënt", "Overdrager", "Zwangerschap", HandoverDocument.ConsentSection], Sections(bundle));
        Assert.False(Predicate(bundle, "entry.resource.ofType(CarePlan).exists()"));
        Assert.False(Predicate(bundle, "entry.resource.ofType(CareTeam).exists()"));
        Assert.False(Predicate(bundle, "entry.resource.ofType(Observation).where(category.coding.code = 'social-history').exists()"));
        Assert.Equal(LegalGrounds.Law(LegalBasis.ConflictOfDuties), Scalar(bundle, "entry.resource.ofType(Consent).policyRule.text"));
        Assert.Equal("2026-07-31", Scalar(bundle, "entry.resource.ofType(Consent).provision.period.end")?.ToString());
        var ground = System.Net.WebUtility.HtmlDecode(((Composition)bundle.Entry[0].Resource!).Section.Single(s => s.Code!.Text == HandoverDocument.ConsentSection).Text!.Div);
        Assert.Contains("verloskundige M. de Vries", ground, StringComparison.Ordinal);
        Assert.Contains("Toestemming vragen brengt de cliënt in gevaar.", ground, StringComparison.Ordinal);
        Assert.Contains("Alleen deze gegevens zijn strikt noodzakelijk en gedeeld: zwangerschap.", ground, StringComparison.Ordinal);
        Assert.Contains("tot en met 31-07-2026", ground, StringComparison.Ordinal);

        var consented = RoundTrip(HandoverDocument.Build(Request(played, HandoverKind.Prenatal)));
        Assert.Equal(["Cliënt", "Contact", "Gezin", "Overdrager", "Psychosociaal", "Zwangerschap", "Zorgplan", "Zorgteam", HandoverDocument.ConsentSection], Sections(consented));
    }

    [Fact]
    public void A_regional_pathway_addresses_the_jgz_of_the_clients_municipality_with_its_ura_and_phone()
    {
        var region = TestPathways.MergeOverlay(TestPathways.Region("rijnmond-zuid")).Definition!;
        var played = Play("positieve-screening.yaml");
        Assert.Equal("GM0599", played.State!.Municipality);

        var bundle = RoundTrip(HandoverDocument.Build(Request(played, HandoverKind.Prenatal, definition: region)));

        AssertValidDocument(bundle);
        Assert.Equal("90000103", Scalar(bundle, "entry.resource.ofType(Consent).provision.actor.reference.resolve().identifier.where(system = 'http://fhir.nl/fhir/NamingSystem/ura').value"));
        Assert.Equal("010-0000103", Scalar(bundle, "entry.resource.ofType(Consent).provision.actor.reference.resolve().telecom.value"));
    }

    [Fact]
    public void The_same_request_gives_the_same_document_and_a_correction_is_an_amended_version_with_the_same_identifier()
    {
        var played = Play("positieve-screening.yaml");
        var first = JsonSerializer.Serialize(HandoverDocument.Build(Request(played, HandoverKind.Prenatal)), Fhir);
        Assert.Equal(first, JsonSerializer.Serialize(HandoverDocument.Build(Request(played, HandoverKind.Prenatal)), Fhir));

        var corrected = RoundTrip(HandoverDocument.Build(Request(played, HandoverKind.Prenatal) with { Version = 2 }));

        AssertValidDocument(corrected);
        var original = RoundTrip(JsonSerializer.Deserialize<Bundle>(first, Fhir)!);
        Assert.Equal(original.Identifier!.Value, corrected.Identifier!.Value);
        Assert.Equal(CompositionStatus.Amended, ((Composition)corrected.Entry[0].Resource!).Status);
        Assert.Equal("2", corrected.Meta!.VersionId);
        Assert.Equal("UPDATE", Scalar(corrected, "entry.resource.ofType(Provenance).activity.coding.code"));
    }

    private static ScenarioResult WithRecord(ScenarioResult played, params Resource[] resources) =>
        played with { State = played.State! with { Record = played.State.Record.AddRange(resources.Select(r => JsonSerializer.Serialize(r, Fhir))) } };

    private static Observation BirthWeight(Newborn child, int grams) => new()
    {
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", "8339-4", "Birth weight Measured"),
        Subject = new ResourceReference($"Patient/{child.Id}"),
        Value = new Quantity(grams, "g") { Unit = "g", System = "http://unitsofmeasure.org" },
    };

    private static Observation Apgar5(Newborn child, int score) => new()
    {
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", "9274-2", "5 minute Apgar Score"),
        Subject = new ResourceReference($"Patient/{child.Id}"),
        Value = new Integer(score),
    };
}
