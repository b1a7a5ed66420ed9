using System.Xml.Linq;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Tests.Pathways;

public class PathwayRenderingTests
{
    private static PathwayDefinition Standard => TestPathways.Standard;

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The arrows drawn going back up in the standard: adjusting the plan, escalating to the MDO, re-reporting.</summary>
    private static readonly string[] ExpectedLoops = ["FOLLOWUP->FOLLOWUP", "FOLLOWUP->CAREPLAN", "MDO->CAREPLAN", "VT_MONITOR->VT_REPORT"];

    [Fact]
    public void The_svg_draws_every_step_with_its_label()
    {
        var document = XDocument.Parse(PathwayRendering.ToSvg(Standard));

        var groups = document.Descendants(Svg + "g").Where(g => g.Attribute("data-step") is not null).ToList();
        Assert.Equal(Standard.Steps.Select(s => s.Id).Order(), groups.Select(g => g.Attribute("data-step")!.Value).Order());
        foreach (var step in Standard.Steps)
        {
            var text = string.Join(" ", groups.Single(g => g.Attribute("data-step")!.Value == step.Id).Elements(Svg + "text").Select(t => t.Value));
            Assert.StartsWith(step.Label[..Math.Min(step.Label.Length, 12)], text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_svg_draws_every_arrow_and_names_the_signals()
    {
        var document = XDocument.Parse(PathwayRendering.ToSvg(Standard));

        var arrows = document.Descendants(Svg + "g").Count(g => g.Attribute("data-from") is not null);
        Assert.Equal(Standard.Steps.Sum(s => s.Transitions.Count), arrows);
        Assert.Equal(["birth", "correction-request", "pregnancy-ended", "safety-concern"], document.Descendants(Svg + "text").Select(t => t.Attribute("data-signal")?.Value).OfType<string>().Order());
    }

    [Fact]
    public void The_layout_keeps_steps_apart_and_arrows_forward_except_loops()
    {
        foreach (var flow in PathwayLayout.Layout(Standard))
        {
            var positions = flow.Steps.Select(s => (s.X, s.Y)).ToList();
            Assert.Equal(positions.Count, positions.Distinct().Count());
            var forward = flow.Steps.SelectMany(s => s.Step.Successors.Select(to => (From: s, To: flow.Find(to)!)))
                .Count(e => e.To.Layer > e.From.Layer);
            var loops = flow.Steps.SelectMany(s => s.Step.Successors.Select(to => (From: s, To: flow.Find(to)!)))
                .Where(e => e.To.Layer <= e.From.Layer).Select(e => $"{e.From.Step.Id}->{e.To.Step.Id}").ToList();
            Assert.True(forward > 0);
            Assert.True(loops.All(ExpectedLoops.Contains), "Unexpected loops: " + string.Join(", ", loops));
        }
    }

    [Fact]
    public void Mermaid_names_every_step_and_marks_the_locked_ones()
    {
        var mermaid = PathwayRendering.ToMermaid(Standard);

        Assert.StartsWith("flowchart TD", mermaid);
        Assert.All(Standard.Steps, step => Assert.Contains($"  {step.Id}", mermaid));
        Assert.Contains("subgraph meldcode[\"Meldcode huiselijk geweld en kindermishandeling\"]", mermaid);
        Assert.Contains("SCREEN_RESULT -->|\"als ‘kwetsbaar volgens de definitie van het consortium", mermaid);
        Assert.Contains("SCREEN_RESULT -->|\"als ‘screening positief (ten minste één risicodomein)’\"| RISK_ADVICE", mermaid);
        Assert.DoesNotContain("%", mermaid);
        Assert.Contains("signal_safety_concern -.->|\"start, pad gaat door\"| VT_SIGNALS", mermaid);
        Assert.Matches(@"class [A-Z_,]*VT_REPORT[A-Z_,]* locked", mermaid);
    }

    [Fact]
    public void A_condition_reads_as_words_with_the_facts_labels()
    {
        var fact = Standard.Facts.First(f => f.Id == "ppsPositief");

        var words = Standard.ConditionInWords("%ppsPositief.not() and %onbekend or %ppsPositief");

        Assert.Equal($"niet ‘{fact.Label.ToLowerInvariant()}’ en onbekend of ‘{fact.Label.ToLowerInvariant()}’", words);
    }
}
