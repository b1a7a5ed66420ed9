using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime.Scenarios;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>Every scenario under pathways/**/scenarios/ runs through the pure core and passes, and its journal replays to the same state.</summary>
public class ScenarioFilesTests
{
    public static TheoryData<string> ScenarioFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestPathways.Directory, "*.yaml", SearchOption.AllDirectories)
                     .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "scenarios"))
        {
            data.Add(Path.GetRelativePath(TestPathways.Directory, file));
        }

        return data;
    }

    internal static PathwayDefinition PathwayFor(Scenario scenario)
    {
        if (OverlayReader.IsOverlay(File.ReadAllText(scenario.PathwayFile)))
        {
            var templates = OperationalPathways.ReadTemplates(Path.Combine(TestPathways.Directory, "blauwdruk"));
            return OperationalPathways.ReadFile(scenario.PathwayFile, templates).Definition!;
        }

        return PathwayReader.ReadFile(scenario.PathwayFile).GetValidDefinition();
    }

    [Theory]
    [MemberData(nameof(ScenarioFiles))]
    public void Every_scenario_passes(string file)
    {
        var read = ScenarioReader.ReadFile(Path.Combine(TestPathways.Directory, file), file);
        Assert.True(read.Errors.Count == 0, string.Join("\n", read.Errors));

        var result = ScenarioRunner.Run(read.Scenario!, PathwayFor(read.Scenario!));

        Assert.True(result.Failures.Count == 0, string.Join("\n", result.Failures) + "\n\n" + string.Join("\n", result.Timeline.Select(t => t.Text)));
        Assert.True(result.ReplayMatches, "the journal does not rebuild the state");
    }

    public static TheoryData<string, string> StandardScenariosOnEveryRegion()
    {
        var data = new TheoryData<string, string>();
        foreach (var region in Directory.GetFiles(Path.Combine(TestPathways.Directory, "regio"), "*.yaml"))
        {
            foreach (var file in Directory.GetFiles(Path.Combine(TestPathways.Directory, "blauwdruk", "scenarios"), "*.yaml"))
            {
                data.Add(Path.GetFileName(region), Path.GetFileName(file));
            }
        }

        return data;
    }

    /// <summary>
    /// What publishing a region's pathway asks: every scenario of the standard, adapted to the region, passes or is
    /// named as not testable there; none fails on the example regions.
    /// </summary>
    [Theory]
    [MemberData(nameof(StandardScenariosOnEveryRegion))]
    public void Every_scenario_of_the_standard_passes_on_each_region_or_is_named_not_testable(string region, string file)
    {
        var templates = OperationalPathways.ReadTemplates(Path.Combine(TestPathways.Directory, "blauwdruk"));
        var operational = OperationalPathways.ReadFile(Path.Combine(TestPathways.Directory, "regio", region), templates).Definition!;
        var read = ScenarioReader.ReadFile(Path.Combine(TestPathways.Directory, "blauwdruk", "scenarios", file), file);

        var result = ScenarioRunner.Run(read.Scenario!, operational, PathwayFor(read.Scenario!));

        Assert.True(result.Failures.Count == 0 || result.NotApplicable is not null,
            string.Join("\n", result.Failures) + "\n\n" + string.Join("\n", result.Adaptations) + "\n\n" + string.Join("\n", result.Timeline.Select(t => t.Text)));
        Assert.True(result.NotApplicable is not null || result.ReplayMatches, "the journal does not rebuild the state");
    }

    [Fact]
    public void The_main_journeys_of_the_standard_are_there()
    {
        var files = ((IEnumerable<object[]>)ScenarioFiles()).Select(row => (string)row[0]).ToList();

        Assert.True(files.Count >= 5, string.Join(", ", files));
    }

    private static ScenarioResult RunFile(string name)
    {
        var read = ScenarioReader.ReadFile(Path.Combine(TestPathways.Directory, "blauwdruk", "scenarios", name), name);
        return ScenarioRunner.Run(read.Scenario!, PathwayFor(read.Scenario!));
    }

    [Fact]
    public void A_wrong_expectation_fails_with_its_line_and_what_was_found()
    {
        var yaml = """
            title: Fout verwacht
            pathway: ../blauwdruk.yaml
            start: { at: 2026-03-02T09:00:00+01:00, municipality: GM0599 }
            steps:
              - expect: { open: [CLOSE], status: completed }
              - complete: SCREEN_PPS
            """;
        var read = ScenarioReader.Read(yaml, "fout.yaml", Path.Combine(TestPathways.Directory, "blauwdruk", "scenarios"));

        var result = ScenarioRunner.Run(read.Scenario!, TestPathways.Standard);

        Assert.False(result.Passed);
        Assert.Equal(
            [
                "fout.yaml:5: verwacht open: 'Afsluiten verloskundig traject'; open zijn: 'Intake eerste zwangerschapscontrole'",
                "fout.yaml:5: verwachte status completed; status is active (open: 'Intake eerste zwangerschapscontrole'; wacht bij: niets)",
                "fout.yaml:6: taak 'Screening psychopathologie, psychosociale problemen en middelengebruik' is niet open (open: 'Intake eerste zwangerschapscontrole')",
            ],
            result.Failures);
    }

    [Fact]
    public void The_timeline_says_what_happened_when_and_why()
    {
        var result = RunFile("geboorte-tijdens-zorgplan.yaml");
        var lines = result.Timeline.Select(t => $"{Engine.Runtime.Timeline.Local(t.At)}  {t.Text}").ToList();

        Assert.Contains(lines, l => l.StartsWith("2026-05-04 09:00  beslissing Uitkomst screening → Uitkomst bespreken met de zwangere: want ‘kwetsbaar", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("taak vervallen: Aanbod prenataal huisbezoek JGZ — Vervallen: Bevalling", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2026-06-24 00:00  herinnering: Postnatale overdracht aan de JGZ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2026-06-26 00:00  termijn verstreken: Postnatale overdracht aan de JGZ — escalatie naar Zorgcoördinator (regiehouder), vsv", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("termijn verschoven: Aanbod prenataal huisbezoek JGZ, uiterlijk 30 juni 2026", StringComparison.Ordinal));
    }

    [Fact]
    public void The_meldcode_runs_beside_the_pathway_for_the_organisation_that_raised_it()
    {
        var result = RunFile("meldcode.yaml");

        Assert.Contains(result.Journal.OfType<Blauwdruk.Engine.Runtime.TaskActivated>(), t => t.StepId == "VT_SIGNALS" && t.OrganisationId == "praktijk" && t.Calls.SequenceEqual(["@praktijk"]));
        var escalation = Assert.Single(result.State!.Tasks, t => t.EscalationOf is not null);
        Assert.Equal(("aandachtsfunctionaris", "VT_FOLLOW"), (escalation.Role, escalation.StepId));
    }
}
