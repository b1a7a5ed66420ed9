using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Runtime.Scenarios;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>
/// The rule that a handover leaves only with the content the client saw is the decider's: <c>simulate</c>
/// sees it as the runner does, because the scenario draws the documents up before the send, as the runner's
/// handover participant does.
/// </summary>
public sealed class ScenarioPreviewTests
{
    private static readonly string File = Path.Combine(TestPathways.Directory, "blauwdruk", "scenarios", "negatieve-screening.yaml");

    [Fact]
    public void A_consent_to_another_preview_than_the_content_stops_the_send_in_a_scenario()
    {
        var text = System.IO.File.ReadAllText(File).Replace("  - consent: postnatal\n", "  - consent: postnatal\n    preview: \"0000000000000000\"\n", StringComparison.Ordinal);
        Assert.Contains("preview:", text, StringComparison.Ordinal);

        var result = ScenarioRunner.Run(Read(text), TestPathways.Standard);

        Assert.Contains(result.Failures, f => f.Contains("De inhoud van de overdracht is veranderd sinds de cliënt het voorbeeld zag", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Journal, e => e is HandoverSent);
    }

    [Fact]
    public void A_consent_without_a_named_preview_lets_the_scenario_send()
    {
        var result = ScenarioRunner.Run(Read(System.IO.File.ReadAllText(File)), TestPathways.Standard);

        Assert.Empty(result.Failures);
        Assert.Contains(result.Journal, e => e is HandoverSent);
    }

    private static Scenario Read(string text) =>
        ScenarioReader.Read(text, "negatieve-screening.yaml", Path.GetDirectoryName(File)!).Scenario
            ?? throw new InvalidOperationException("The scenario does not read.");
}
