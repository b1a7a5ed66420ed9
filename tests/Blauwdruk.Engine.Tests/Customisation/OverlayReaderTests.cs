using Blauwdruk.Engine.Customisation;

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
}
