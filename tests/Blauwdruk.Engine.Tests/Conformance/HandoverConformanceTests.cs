using Blauwdruk.Engine.Conformance;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Runtime.Scenarios;
using Blauwdruk.Engine.Tests.Runtime;
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
        Language = "Arabisch en Nederlands",
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
