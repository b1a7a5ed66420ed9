using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime.Scenarios;
using CsCheck;

namespace Blauwdruk.Engine.Tests.Pathways;

/// <summary>
/// Every entry point of the pathway language — pathway, overlay, scenario and the Designer's overlay
/// editor — loads its YAML in one place, so broken YAML gets the same positioned error from each,
/// never an exception.
/// </summary>
public class PositionedYamlTests
{
    /// <summary>One text for each way YamlDotNet fails; the property tests found them in mangled pathway files (minimised here).</summary>
    public static TheoryData<string> BrokenYaml() =>
    [
        "id: proef\nsteps: [unclosed\n", // a syntax error, with its position
        "id: proef\nid: proef\n", // a duplicate key
        ": {\nl", // the scanner's InvalidOperationException, without a position
        ": >\n  e\n *r", // the representation model's ArgumentException, without a position
        "? &a [*a]\n: 1\n", // a node that refers to itself: the representation model would overflow the stack
    ];

    private static List<(string Entry, IReadOnlyList<PathwayError> Errors)> ReadEverywhere(string yaml) =>
    [
        ("pathway", PathwayReader.Read(yaml, "kapot.yaml").Errors),
        ("overlay", OverlayReader.Read(yaml, "kapot.yaml").Errors),
        ("scenario", ScenarioReader.Read(yaml, "kapot.yaml", TestPathways.Directory).Errors),
        ("overlay editor", OverlayDocument.Parse(yaml, "kapot.yaml", out var error) is null && error is not null ? [error] : []),
    ];

    [Theory]
    [MemberData(nameof(BrokenYaml))]
    public void Broken_yaml_gets_the_same_positioned_error_from_every_entry_point(string yaml)
    {
        var answers = ReadEverywhere(yaml);

        var expected = Assert.Single(answers[0].Errors);
        Assert.StartsWith("Geen geldige YAML:", expected.Message, StringComparison.Ordinal);
        Assert.Equal("kapot.yaml", expected.File);
        Assert.True(expected.Line >= 1 && expected.Column >= 1, expected.ToString());
        Assert.All(answers, answer => Assert.True(answer.Errors.SequenceEqual([expected]), $"{answer.Entry}: {string.Join("; ", answer.Errors)}"));
    }

    [Fact]
    public void Mangled_overlays_never_make_the_overlay_reader_or_editor_throw()
    {
        var overlay = TestPathways.Region("rijnmond-zuid");
        var mangle =
            from position in Gen.Int[0, overlay.Length - 1]
            from length in Gen.Int[0, 40]
            from insert in Gen.String[Gen.Char["abc:-[]{}\n '\"%&*!|>PD0123456789#"], 0, 12]
            select overlay[..position] + insert + overlay[Math.Min(overlay.Length, position + length)..];

        mangle.Sample(yaml =>
        {
            var read = OverlayReader.Read(yaml, "regio.yaml", TestPathways.RegionsDirectory);
            Assert.True(read.Overlay is not null || read.Errors.Count > 0);
            Assert.All(read.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, e.ToString()));
            if (OverlayDocument.Parse(yaml, "regio.yaml", out var error) is { } document)
            {
                Assert.NotNull(document.ToYaml());
            }
            else
            {
                Assert.True(error!.Line >= 1 && error.Column >= 1, error.ToString());
            }
        }, iter: 300);
    }
}
