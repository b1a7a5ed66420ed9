using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Rules;
using Blauwdruk.Engine.Tests.Rules;

namespace Blauwdruk.Engine.Tests.Customisation;

/// <summary>
/// The region's own thresholds for the consortium's definition of kwetsbaar (risk factors and few own
/// resources): a setting of the overlay, within the standard's bounds; the definition itself stays.
/// </summary>
public class OverlaySettingsTests
{
    private static readonly string Rijnmond = TestPathways.Region("rijnmond-zuid");

    private static string WithSettings(string settings) =>
        Rijnmond.Replace("\norganisations:\n", $"\nsettings:\n{settings}\norganisations:\n", StringComparison.Ordinal);

    private static int LineOf(string yaml, string text) =>
        yaml.Split('\n').Select((line, i) => (line, i)).First(p => p.line.Contains(text, StringComparison.Ordinal)).i + 1;

    private static bool Vulnerable(PathwayDefinition definition, params string[] yes) =>
        new RecordEvaluation(definition, [Screenings.Completed(yes)]).Facts["kwetsbaar"] is [true];

    [Fact]
    public void A_region_lowers_the_resources_threshold_within_the_bounds_and_the_definition_stays_risk_and_resources()
    {
        var merged = TestPathways.MergeOverlay(WithSettings("  kwetsbaarHulpbronnen: 1\n"));

        Assert.True(merged.IsValid, string.Join("\n", merged.Errors));
        Assert.False(Vulnerable(TestPathways.Standard, "psychosociaal.1", "hulpbronnen.1"));
        Assert.True(Vulnerable(merged.Definition!, "psychosociaal.1", "hulpbronnen.1"));
        // Still both parts: few resources alone, or a risk factor alone, is not kwetsbaar.
        Assert.False(Vulnerable(merged.Definition!, "hulpbronnen.1"));
        Assert.False(Vulnerable(merged.Definition!, "psychosociaal.1"));
        Assert.Equal(1, merged.Definition!.Settings.Single(s => s.Id == "kwetsbaarHulpbronnen").Value);
        Assert.NotEqual(PathwayFingerprint.Of(TestPathways.MergeOverlay(Rijnmond).Definition!), PathwayFingerprint.Of(merged.Definition));
        var change = Assert.Single(PathwayDiff.Compare(TestPathways.Standard, merged.Definition).Changes, c => c.StepId.StartsWith("settings.", StringComparison.Ordinal));
        Assert.Equal(("settings.kwetsbaarHulpbronnen", "2", "1"), (change.StepId, change.Old, change.New));
    }

    [Fact]
    public void A_region_that_asks_for_two_risk_domains_sees_it_in_the_routing()
    {
        var merged = TestPathways.MergeOverlay(WithSettings("  kwetsbaarRisicodomeinen: 2\n")).Definition!;

        Assert.False(Vulnerable(merged, "psychosociaal.1", "hulpbronnen.1", "hulpbronnen.2"));
        Assert.True(Vulnerable(merged, "psychosociaal.1", "middelen.1", "hulpbronnen.1", "hulpbronnen.2"));
    }

    [Theory]
    [InlineData("  kwetsbaarHulpbronnen: 4\n", "kwetsbaarHulpbronnen: 4", 3, "Instelling 'kwetsbaarHulpbronnen' (Aantal antwoorden over eigen hulpbronnen dat samen weinig eigen hulpbronnen betekent) ligt tussen 1 en 3 (de grenzen van de standaard); de overlay zegt 4.")]
    [InlineData("  kwetsbaarRisicodomeinen: 3\n", "kwetsbaarRisicodomeinen: 3", 3, "Instelling 'kwetsbaarRisicodomeinen' (Aantal risicodomeinen (psychopathologie, psychosociale problemen, middelengebruik) dat ten minste positief is voor kwetsbaar) ligt tussen 1 en 2 (de grenzen van de standaard); de overlay zegt 3.")]
    [InlineData("  drempel: 2\n", "drempel: 2", 3, "Onbekende instelling 'drempel'; de standaard kent: kwetsbaarRisicodomeinen, kwetsbaarHulpbronnen, warmeOverdracht.")]
    [InlineData("  kwetsbaarHulpbronnen: twee\n", "kwetsbaarHulpbronnen: twee", 25, "Instelling 'kwetsbaarHulpbronnen' is een heel getal.")]
    public void A_setting_outside_the_bounds_unknown_or_not_a_number_is_refused_at_its_line(string settings, string at, int column, string message)
    {
        var yaml = WithSettings(settings);

        var merged = TestPathways.MergeOverlay(yaml);

        Assert.False(merged.IsValid);
        Assert.Contains($"regio.yaml:{LineOf(yaml, at)}:{column}: {message}", merged.Errors.Select(e => e.ToString()));
    }
}
