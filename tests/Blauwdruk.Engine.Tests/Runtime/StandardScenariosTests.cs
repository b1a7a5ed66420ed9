using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime.Scenarios;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>The standard's scenarios as the Designer offers them: listed, read by name, and a text written on the page read beside them.</summary>
public class StandardScenariosTests
{
    private static StandardScenarios In(string directory) => new(Options.Create(new PathwayOptions { Directory = directory }));

    private static readonly StandardScenarios Scenarios = In(TestPathways.Directory);

    [Fact]
    public void The_standards_scenarios_are_listed_by_file_name_in_order()
    {
        var names = Scenarios.Names();

        Assert.Contains("meldcode.yaml", names);
        Assert.Contains("negatieve-screening.yaml", names);
        Assert.All(names, name => Assert.EndsWith(".yaml", name, StringComparison.Ordinal));
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void Pathways_without_scenarios_offer_none()
    {
        Assert.Empty(In(Path.Combine(TestPathways.Directory, "does-not-exist")).Names());
    }

    [Fact]
    public async Task A_scenario_is_read_by_its_name_and_no_name_leads_outside_the_folder()
    {
        Assert.Contains("Meldcode", await Scenarios.ReadAsync("meldcode.yaml", CancellationToken.None), StringComparison.Ordinal);

        Assert.Null(await Scenarios.ReadAsync("../blauwdruk.yaml", CancellationToken.None));
        Assert.Null(await Scenarios.ReadAsync("blauwdruk.yaml", CancellationToken.None));
        Assert.Null(await Scenarios.ReadAsync("", CancellationToken.None));
    }

    [Fact]
    public async Task A_scenario_read_from_the_page_finds_the_standard_beside_its_folder()
    {
        var text = (await Scenarios.ReadAsync("meldcode.yaml", CancellationToken.None))!;

        var read = Scenarios.Read(text);

        Assert.Empty(read.Errors);
        Assert.Equal(Path.GetFullPath(TestPathways.StandardFile), read.Scenario!.PathwayFile);
        Assert.True(ScenarioRunner.Run(read.Scenario, TestPathways.Standard).Passed);
    }

    [Fact]
    public void A_broken_scenario_names_the_line_of_its_problem()
    {
        var read = Scenarios.Read("title: Zonder start\npathway: ../blauwdruk.yaml\nsteps: []\n");

        Assert.Null(read.Scenario);
        Assert.Contains(read.Errors, e => e.Line == 1 && e.Message.Contains("'start'", StringComparison.Ordinal));
    }
}
