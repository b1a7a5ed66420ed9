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

    public static TheoryData<string> Drawn() => ["blauwdruk", "rijnmond-zuid", "drechtsteden"];

    private static PathwayDefinition Load(string name) =>
        name == "blauwdruk" ? Standard : TestPathways.MergeOverlay(TestPathways.Region(name)).Definition!;

    private readonly record struct Box(string Name, double Left, double Top, double Right, double Bottom)
    {
        public bool Contains(DiagramPoint p) => p.X > Left && p.X < Right && p.Y > Top && p.Y < Bottom;

        public bool Overlaps(Box other) => Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;
    }

    [Theory]
    [MemberData(nameof(Drawn))]
    public void No_arrow_runs_through_a_step_and_no_words_lie_on_a_step_or_on_other_words(string name)
    {
        var definition = Load(name);
        var problems = new List<string>();
        foreach (var flow in PathwayLayout.Layout(definition))
        {
            var steps = flow.Steps.Select(s => new Box(s.Step.Id, s.X - (PathwayLayout.NodeWidth / 2), s.Y - (PathwayLayout.NodeHeight / 2),
                s.X + (PathwayLayout.NodeWidth / 2), s.Y + (PathwayLayout.NodeHeight / 2))).ToList();
            var words = flow.Edges.Where(e => e.Label is not null)
                .Select(e => new Box($"woorden {e.From}->{e.To}", e.Label!.Left, e.Label.Top, e.Label.Left + e.Label.Width, e.Label.Top + e.Label.Height)).ToList();
            var all = steps.Concat(words).ToList();
            for (var a = 0; a < all.Count; a++)
            {
                problems.AddRange(all.Skip(a + 1).Where(b => b.Overlaps(all[a])).Select(b => $"{all[a].Name} overlapt {b.Name}"));
            }

            foreach (var edge in flow.Edges)
            {
                // Its own steps too: an arrow leaves at the edge of its step, not through it (a step's bow to itself excepted).
                var crossed = steps.Where(box => !(edge.IsSelfLoop && box.Name == edge.From))
                    .Select(box => box with { Left = box.Left + 1, Top = box.Top + 1, Right = box.Right - 1, Bottom = box.Bottom - 1 })
                    .Where(box => edge.Sample().Any(box.Contains)).Select(box => box.Name);
                problems.AddRange(crossed.Select(box => $"pijl {edge.From}->{edge.To} loopt door {box}"));
                problems.AddRange(words.Where(w => edge.Sample().Any(w.Contains)).Select(w => $"pijl {edge.From}->{edge.To} loopt door {w.Name}"));

                var target = flow.Find(edge.To)!;
                var end = edge.Points[^1];
                var expected = edge.IsSelfLoop ? end.Y : edge.IsLoop ? target.Y + (PathwayLayout.NodeHeight / 2) : target.Y - (PathwayLayout.NodeHeight / 2);
                if (Math.Abs(end.Y - expected) > 0.01 || Math.Abs(end.X - target.X) > PathwayLayout.NodeWidth / 2)
                {
                    problems.Add($"pijl {edge.From}->{edge.To} eindigt niet aan de rand van {edge.To}");
                }
            }

            Assert.Equal(
                flow.Steps.Sum(s => s.Step.Transitions.Count(t => flow.Find(t.To) is not null)),
                flow.Edges.Count);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
