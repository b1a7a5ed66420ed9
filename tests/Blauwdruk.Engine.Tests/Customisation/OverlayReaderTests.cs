using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Tests.Customisation;

/// <summary>What the overlay reader itself refuses in a region's file, each problem at the field to fix.</summary>
public class OverlayReaderTests
{
    private static readonly string Rijnmond = TestPathways.Region("rijnmond-zuid");

    [Theory]
    [InlineData("Kraamzorg-Zuid")]
    [InlineData("kraamzorg_zuid")]
    [InlineData("kraamzorg zuid")]
    [InlineData("-kraamzorg")]
    public void An_organisation_code_is_lower_case_letters_digits_and_dashes(string code)
    {
        var yaml = Rijnmond.Replace("organisations:\n", $"organisations:\n  - id: \"{code}\"\n    name: Kraamzorg Zuid\n", StringComparison.Ordinal);
        var line = yaml.Split('\n').ToList().IndexOf($"  - id: \"{code}\"") + 1;

        var result = OverlayReader.Read(yaml, "regio.yaml", TestPathways.RegionsDirectory);

        var error = Assert.Single(result.Errors);
        Assert.Equal($"regio.yaml:{line}:9: Ongeldige code van organisatie '{code}': gebruik kleine letters, cijfers en streepjes (bijvoorbeeld kraamzorg-zuid).", error.ToString());
    }

    [Theory]
    [InlineData("kraamzorg-zuid")]
    [InlineData("3-kraamzorg")]
    public void A_code_of_lower_case_letters_digits_and_dashes_is_accepted(string code)
    {
        var yaml = Rijnmond.Replace("organisations:\n", $"organisations:\n  - id: \"{code}\"\n    name: Kraamzorg Zuid\n", StringComparison.Ordinal);

        Assert.Empty(OverlayReader.Read(yaml, "regio.yaml", TestPathways.RegionsDirectory).Errors);
    }

    private const string StandardWorkingDays = "workingDays:\n  liberationDayEveryYear: false\n  goodFriday: false\n";

    [Fact]
    public void A_region_chooses_its_working_days_and_the_operational_pathway_counts_them()
    {
        var yaml = Rijnmond.Replace(StandardWorkingDays, "workingDays:\n  liberationDayEveryYear: true\n  goodFriday: true\n", StringComparison.Ordinal);

        var read = OverlayReader.Read(yaml, "regio.yaml", TestPathways.RegionsDirectory);
        var merged = TestPathways.MergeOverlay(yaml);

        Assert.Equal(HolidayCalendar.AlgemeneTermijnenwet, read.Overlay!.WorkingDays);
        Assert.True(merged.IsValid, string.Join("\n", merged.Errors));
        Assert.Equal(HolidayCalendar.AlgemeneTermijnenwet, merged.Definition!.WorkingDays);
        Assert.Equal(HolidayCalendar.Default, TestPathways.Standard.WorkingDays);
    }

    [Fact]
    public void A_region_that_writes_no_working_days_keeps_the_standards()
    {
        var read = OverlayReader.Read(Rijnmond.Replace(StandardWorkingDays, "", StringComparison.Ordinal), "regio.yaml", TestPathways.RegionsDirectory);

        Assert.Null(read.Overlay!.WorkingDays);
    }

    [Fact]
    public void A_regions_working_days_are_checked_like_the_standards()
    {
        var yaml = Rijnmond.Replace(StandardWorkingDays, "workingDays:\n  goodFriday: ja\n  bevrijdingsdag: true\n", StringComparison.Ordinal);
        var line = yaml.Split('\n').ToList().IndexOf("  goodFriday: ja") + 1;

        var result = OverlayReader.Read(yaml, "regio.yaml", TestPathways.RegionsDirectory);

        Assert.Equal(
            [
                $"regio.yaml:{line}:15: Veld 'goodFriday' is true of false, niet 'ja'.",
                $"regio.yaml:{line + 1}:3: Onbekend veld 'bevrijdingsdag' bij workingDays; toegestaan: liberationDayEveryYear, goodFriday.",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Instructions_longer_than_two_thousand_characters_are_refused_at_their_line_with_how_much_to_cut()
    {
        const string Short = "      instructions: Het POP-overleg is elke dinsdag om 8.00 uur; aanmelden tot maandag 12.00 uur via de casemanager.";
        var text = string.Concat(Enumerable.Repeat("Bel de casemanager. ", 110)).TrimEnd(); // 2,199 characters
        var yaml = Rijnmond.Replace(Short, $"      instructions: {text}", StringComparison.Ordinal);
        var line = yaml.Split('\n').ToList().IndexOf($"      instructions: {text}") + 1;

        var error = Assert.Single(OverlayReader.Read(yaml, "regio.yaml", TestPathways.RegionsDirectory).Errors);

        Assert.Equal(
            $"regio.yaml:{line}:21: De tekst bij 'instructions' is 2.199 tekens lang; hoogstens 2.000. Kort hem met 199 tekens in.",
            error.ToString());
        Assert.Empty(OverlayReader.Read(yaml.Replace(text, text[..TextLimits.Instructions], StringComparison.Ordinal), "regio.yaml", TestPathways.RegionsDirectory).Errors);
    }
}
