using Blauwdruk.Engine.Conformance;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Runtime.Scenarios;
using Blauwdruk.Engine.Tests.Runtime;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Tests.Conformance;

/// <summary>
/// Every standard scenario that reaches a handover produces documents that Firely's validator accepts
/// against base R4 and the nl-core profiles each resource declares, with every reference resolving inside
/// the document; under consent and under a weighed conflict of duties, in the standard and in a region.
/// </summary>
public class HandoverConformanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    internal static readonly ClientIdentity Mother = new("999911120", "Jansen", "Fatima", new DateOnly(1996, 3, 12))
    {
        Address = new PostalAddress("Dordtselaan", "112b", "3073 GE", "Rotterdam"),
        Phone = "06-12345678",
        Email = "f.jansen@voorbeeld.nl",
        Language = "Arabisch",
        InterpreterNeeded = false,
        Partner = new RelatedContact("Youssef El Idrissi", "06-87654321") { ParentalAuthority = true },
        GeneralPractitioner = new RelatedContact("Huisartsenpraktijk Afrikaanderwijk", "010-4850000"),
        OtherChildren = "een zoon van 3 jaar",
        Children = [new ChildIdentity(1, "Noor", "El Idrissi", "999912021")],
    };

    internal static readonly Actor Midwife = new("verloskundige-maas", ["verloskundige"], "ura:90000101")
    {
        Professional = new Professional("Anouk de Vries") { Uzi = "900000101", Agb = "03000111", Big = "19000010103", Phone = "06-00000101" },
    };

    public static TheoryData<string> Scenarios() =>
        new(Directory.GetFiles(Path.Combine(TestPathways.Directory, "blauwdruk", "scenarios"), "*.yaml").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_handover_of_a_standard_scenario_validates_against_nl_core(string file)
    {
        var read = ScenarioReader.ReadFile(Path.Combine(TestPathways.Directory, "blauwdruk", "scenarios", file), file);
        var played = ScenarioRunner.Run(read.Scenario!, ScenarioFilesTests.PathwayFor(read.Scenario!));
        var definition = ScenarioFilesTests.PathwayFor(read.Scenario!);
        var kinds = played.Journal.OfType<TaskActivated>().Select(a => definition.FindStep(a.StepId)?.Handover).OfType<HandoverKind>().Distinct().ToList();

        var problems = new List<string>();
        foreach (var kind in kinds)
        {
            foreach (var grant in new[] { Consented, Weighed })
            {
                var documents = HandoverDocument.BuildEach(definition, played.State!, played.Journal, kind, HandoverReadiness.ChildrenOf(played.State!, kind), Mother, grant, Midwife, Now, 1);
                foreach (var document in documents)
                {
                    var outcome = TestValidator.Shared.ValidateDocument(document);
                    problems.AddRange(outcome.Issue.Where(NlCoreValidator.IsError).Select(i => $"{kind} {(grant.Consent ? "toestemming" : "weging")}: {TypeAt(document, NlCoreValidator.Location(i))} {NlCoreValidator.Location(i)}: {i.Details?.Text ?? i.Diagnostics}"));
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    /// <summary>The type of the entry a location points into, so a failure names the resource.</summary>
    private static string TypeAt(Bundle document, string location) =>
        System.Text.RegularExpressions.Regex.Match(location, @"^Bundle\.entry\[(\d+)\]") is { Success: true } match
            ? document.Entry[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)].Resource?.TypeName ?? ""
            : "Bundle";

    private static readonly HandoverGrant Consented = new()
    {
        Consent = true,
        RecordedBy = "verloskundige-maas",
        RecordedByOrganisation = "ura:90000101",
        RecordedAt = Now.AddDays(-10),
        PreviewVersion = "0123456789abcdef",
    };

    private static readonly HandoverGrant Weighed = new()
    {
        Consent = false,
        RecordedBy = "aandachtsfunctionaris-maas",
        RecordedByOrganisation = "ura:90000101",
        RecordedAt = Now.AddDays(-1),
        LegalGround = LegalGrounds.Law(LegalBasis.ConflictOfDuties),
        Reason = "Acute onveiligheid van het kind.",
        Weighing = new ConflictOfDutiesWeighing("verloskundige A. de Vries", "Toestemming vragen brengt de cliënt in gevaar.", ["contact", "psychosociaal", "veilig-thuis"], new DateOnly(2027, 1, 31)),
    };
}

/// <summary>
/// The complete journey (every form answered): what the JGZ nurse needs to plan a first home visit is in
/// the document, as data a receiving system can file, section by section (FHIRPath over the Bundle).
/// </summary>
public class CompleteHandoverTests
{
    private static (Bundle Document, ScenarioResult Played) Postnatal()
    {
        var read = ScenarioReader.ReadFile(Path.Combine(TestPathways.Directory, "blauwdruk", "scenarios", "overdracht-compleet.yaml"), "overdracht-compleet.yaml");
        var played = ScenarioRunner.Run(read.Scenario!, TestPathways.Standard);
        Assert.True(played.Passed, string.Join("\n", played.Failures));
        var recipient = HandoverReadiness.RecipientOf(TestPathways.Standard, played.State!)!;
        var grant = HandoverGrant.Of(played.State!.GrantFor(HandoverKind.Postnatal, recipient, played.State.StartedAt.AddMonths(8))!);
        var document = HandoverDocument.Build(new HandoverRequest
        {
            Definition = TestPathways.Standard,
            State = played.State,
            Journal = played.Journal,
            Kind = HandoverKind.Postnatal,
            Newborn = played.State.Newborns.Single(),
            Mother = HandoverConformanceTests.Mother,
            Grant = grant,
            Author = HandoverConformanceTests.Midwife,
            Now = new DateTimeOffset(2026, 10, 8, 10, 0, 0, TimeSpan.Zero),
        });
        return (document, played!);
    }

    private static string Text(Bundle document, string code) =>
        System.Net.WebUtility.HtmlDecode(((Composition)document.Entry[0].Resource!).Section.Single(s => s.Code!.Text == code).Text!.Div) ?? "";

    [Fact]
    public void A_yes_to_the_jgz_in_the_consent_form_is_her_consent_and_the_document_validates()
    {
        var (document, played) = Postnatal();

        var consent = Assert.Single(played.State!.Grants);
        Assert.True(consent is { Consent: true, Kind: null, PreviewVersion: null });
        var outcome = TestValidator.Shared.ValidateDocument(document);
        Assert.True(NlCoreValidator.IsValid(outcome), string.Join("\n", NlCoreValidator.Summary(outcome)));
        Assert.All(document.Entry.Select(e => e.Resource!).Where(r => r is Patient or Practitioner or PractitionerRole or Organization or RelatedPerson or CareTeam or ServiceRequest),
            r => Assert.StartsWith("http://nictiz.nl/fhir/StructureDefinition/nl-core-", r.Meta!.Profile.Single(), StringComparison.Ordinal));
    }

    [Fact]
    public void The_nurse_can_call_the_mother_find_the_house_and_knows_the_family()
    {
        var (document, _) = Postnatal();

        var mother = "entry.resource.ofType(Patient).where(identifier.system = 'http://fhir.nl/fhir/NamingSystem/bsn' and identifier.value = '999911120')";
        Assert.Equal("Dordtselaan 112b", document.Scalar($"{mother}.address.line"));
        Assert.Equal("3073GE", document.Scalar($"{mother}.address.postalCode"));
        Assert.Equal("06-12345678", document.Scalar($"{mother}.telecom.where(system = 'phone').value"));
        Assert.Equal("ar", document.Scalar($"{mother}.communication.language.coding.code"));
        Assert.Equal("Noor", document.Scalar("entry[0].resource.subject.resolve().name.given"));
        Assert.Equal("999912021", document.Scalar("entry[0].resource.subject.resolve().identifier.where(system = 'http://fhir.nl/fhir/NamingSystem/bsn').value"));
        Assert.Equal("female", document.Scalar("entry[0].resource.subject.resolve().gender"));
        Assert.Equal("Youssef El Idrissi", document.Scalar("entry.resource.ofType(RelatedPerson).name.text"));
        Assert.Contains("Ouders met gezag: de moeder en Youssef El Idrissi", Text(document, HandoverDocument.FamilySection), StringComparison.Ordinal);
        Assert.Contains("Huisarts: Huisartsenpraktijk Afrikaanderwijk, tel. 010-4850000", Text(document, HandoverDocument.FamilySection), StringComparison.Ordinal);
    }

    [Fact]
    public void Who_hands_over_is_named_with_her_identifiers_and_a_number_that_reaches_her()
    {
        var (document, _) = Postnatal();

        Assert.Equal("Anouk de Vries", document.Scalar("entry[0].resource.author.resolve().practitioner.resolve().name.text"));
        Assert.Equal("900000101", document.Scalar("entry[0].resource.author.resolve().practitioner.resolve().identifier.where(system = 'http://fhir.nl/fhir/NamingSystem/uzi-nr-pers').value"));
        Assert.Equal("06-00000101", document.Scalar("entry[0].resource.author.resolve().telecom.first().value"));
        Assert.Contains("Direct bereikbaar: 06-00000101", Text(document, HandoverDocument.SenderSection), StringComparison.Ordinal);
    }

    [Fact]
    public void Smoking_alcohol_and_drugs_are_three_facts_with_what_she_answered()
    {
        var (document, _) = Postnatal();

        Assert.Equal("http://nictiz.nl/fhir/StructureDefinition/nl-core-TobaccoUse", document.Scalar("entry.resource.ofType(Observation).where(code.coding.code contains '365980008').meta.profile"));
        Assert.Equal("219006", document.Scalar("entry.resource.ofType(Observation).where(code.coding.code contains '228273003').value.coding.code"));
        Assert.Equal("228367002", document.Scalar("entry.resource.ofType(Observation).where(code.coding.code contains '228366006').value.coding.code"));
        var pregnancy = Text(document, HandoverDocument.PregnancySection);
        Assert.Contains("Roken: rookt, of rookte sinds zij weet dat zij zwanger is", pregnancy, StringComparison.Ordinal);
        Assert.Contains("Drugs: gebruikt geen drugs", pregnancy, StringComparison.Ordinal);
        Assert.DoesNotContain("drugs, medicijnen", Text(document, HandoverDocument.PsychosocialSection), StringComparison.Ordinal);
        Assert.Equal(2, document.Scalar("entry.resource.ofType(Observation).where(code.coding.code contains '161732006').value"));
    }

    [Fact]
    public void The_birth_and_the_kraamperiode_come_from_their_forms()
    {
        var (document, _) = Postnatal();

        Assert.Equal(3280m, document.Scalar("entry.resource.ofType(Observation).where(code.coding.code contains '8339-4').value.value"));
        Assert.Equal(10, document.Scalar("entry.resource.ofType(Observation).where(code.coding.code contains '9274-2').value"));
        Assert.Equal(274m, document.Scalar("entry.resource.ofType(Observation).where(code.coding.code contains '412726003').value.value"));
        var birth = Text(document, HandoverDocument.BirthSection);
        Assert.Contains("Wijze van bevallen: Spontaan vaginaal", birth, StringComparison.Ordinal);
        Assert.Contains("Vitamine K gegeven: ja", birth, StringComparison.Ordinal);
        var kraam = Text(document, HandoverDocument.KraamperiodeSection);
        Assert.Contains("Hielprik gedaan: ja", kraam, StringComparison.Ordinal);
        Assert.Contains("Gehoorscreening: Gedaan, voldoende", kraam, StringComparison.Ordinal);
    }

    [Fact]
    public void The_care_plan_has_its_goals_and_every_referral_its_status()
    {
        var (document, _) = Postnatal();

        Assert.Equal(["Stoppen met roken vóór 20 weken", "Schulden op orde met de schuldhulp"],
            document.Select("entry.resource.ofType(Goal).description.text").OfType<FhirString>().Select(t => t.Value));
        Assert.True(document.Predicate("entry.resource.ofType(ServiceRequest).where(status = 'active' and note.text.contains('Toeleiding naar wijkteam')).exists()"));
        Assert.False(document.Predicate("entry.resource.ofType(ServiceRequest).where(note.text.contains('GGZ')).exists()"));
    }
}
