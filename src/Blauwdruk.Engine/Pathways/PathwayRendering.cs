using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Blauwdruk.Engine.Pathways;

/// <summary>
/// Draws a pathway as a flowchart, the picture a region puts in its protocol: Mermaid text (for
/// Markdown and wikis) and a self-contained SVG. Steps show their Dutch label, responsible role and
/// deadline; decisions show their conditions in words; locked steps have a dark red border.
/// </summary>
public static class PathwayRendering
{
    public static string ToMermaid(PathwayDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var text = new StringBuilder();
        text.AppendLine("flowchart TD");
        AppendFlow(text, definition, definition.MainSteps, "  ");
        foreach (var subpathway in definition.Subpathways)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  subgraph {subpathway.Id}[\"{Escape(subpathway.Title)}\"]");
            AppendFlow(text, definition, definition.StepsOf(subpathway), "    ");
            text.AppendLine("  end");
        }

        foreach (var signal in definition.Signals)
        {
            var target = signal.Starts is { } starts ? definition.FindSubpathway(starts)?.StartStepId : signal.GoesTo;
            if (target is null)
            {
                continue;
            }

            var id = "signal_" + signal.Id.Replace('-', '_');
            text.AppendLine(CultureInfo.InvariantCulture, $"  {id}>\"Signaal: {Escape(signal.Label)}\"]");
            text.AppendLine(CultureInfo.InvariantCulture, $"  {id} -.->|\"{(signal.Starts is null ? "onderbreekt" : "start, pad gaat door")}\"| {target}");
        }

        var locked = definition.Steps.Where(s => s.Customisation.Locked).Select(s => s.Id).ToList();
        text.AppendLine("  classDef locked stroke:#7a1f1f,stroke-width:3px");
        if (locked.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  class {string.Join(',', locked)} locked");
        }

        return text.ToString();
    }

    private static void AppendFlow(StringBuilder text, PathwayDefinition definition, IEnumerable<StepDefinition> steps, string indent)
    {
        var list = steps.ToList();
        foreach (var step in list)
        {
            var label = Escape(step.Label) + (Details(definition, step) is { Length: > 0 } details ? $"<br/><small>{Escape(details)}</small>" : "");
            var (open, close) = step.Kind switch
            {
                StepKind.Decision => ("{", "}"),
                StepKind.Parallel or StepKind.Join => ("{{", "}}"),
                StepKind.Merge => ("((", "))"),
                StepKind.Wait or StepKind.Timer => ("([", "])"),
                StepKind.Subpathway => ("[[", "]]"),
                StepKind.Handover => ("[/", "/]"),
                StepKind.End => ("(((", ")))"),
                _ => ("(", ")"),
            };
            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}{step.Id}{open}\"{label}\"{close}");
        }

        foreach (var step in list)
        {
            foreach (var transition in step.Transitions)
            {
                var edge = EdgeLabel(definition, step, transition);
                var arrow = edge is null ? "-->" : $"-->|\"{Escape(edge)}\"|";
                text.AppendLine(CultureInfo.InvariantCulture, $"{indent}{step.Id} {arrow} {transition.To}");
            }
        }
    }

    /// <param name="link">For a web page: the address each step links to (its properties), so a click or Enter opens it.</param>
    /// <param name="highlight">Steps drawn as current (thick amber border), e.g. a client's open tasks.</param>
    public static string ToSvg(PathwayDefinition definition, Func<StepDefinition, string>? link = null, IReadOnlySet<string>? highlight = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        XNamespace svg = "http://www.w3.org/2000/svg";
        var flows = PathwayLayout.Layout(definition);
        var width = flows.Max(f => f.Left + f.Width) + PathwayLayout.Margin;
        var signalsHeight = definition.Signals.Count * 20 + (definition.Signals.Count > 0 ? 30 : 0);
        var height = flows.Max(f => f.Height) + PathwayLayout.Margin + signalsHeight;
        var root = new XElement(svg + "svg",
            new XAttribute("width", Number(width)),
            new XAttribute("height", Number(height)),
            new XAttribute("viewBox", $"0 0 {Number(width)} {Number(height)}"),
            new XAttribute("font-family", "system-ui, sans-serif"),
            new XAttribute("role", link is null ? "img" : "group"),
            new XAttribute("aria-label", definition.Title + " — versie " + definition.Version),
            new XElement(svg + "title", definition.Title + " — versie " + definition.Version),
            new XElement(svg + "defs",
                new XElement(svg + "marker",
                    new XAttribute("id", "pijl"), new XAttribute("viewBox", "0 0 10 10"), new XAttribute("refX", "10"), new XAttribute("refY", "5"),
                    new XAttribute("markerWidth", "7"), new XAttribute("markerHeight", "7"), new XAttribute("orient", "auto-start-reverse"),
                    new XElement(svg + "path", new XAttribute("d", "M 0 0 L 10 5 L 0 10 z"), new XAttribute("fill", "#4d5d6e")))),
            new XElement(svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "white")));

        foreach (var flow in flows)
        {
            root.Add(new XElement(svg + "text",
                new XAttribute("x", Number(flow.Left)), new XAttribute("y", Number(PathwayLayout.Margin + 18)),
                new XAttribute("font-size", "18"), new XAttribute("font-weight", "700"), new XAttribute("fill", "#1b2a3a"),
                flow.Title));
            foreach (var edge in flow.Edges)
            {
                root.Add(Edge(svg, edge));
            }

            foreach (var placed in flow.Steps)
            {
                var node = Node(svg, definition, placed, highlight?.Contains(placed.Step.Id) == true);
                // The link's name is the step's visible text, as a screen reader user hears it.
                root.Add(link is null ? node : new XElement(svg + "a", new XAttribute("href", link(placed.Step)), node));
            }
        }

        var y = flows.Max(f => f.Height) + PathwayLayout.Margin;
        foreach (var signal in definition.Signals)
        {
            var effect = signal.Starts is { } starts
                ? $"start {definition.FindSubpathway(starts)?.Title}; het pad gaat door"
                : $"onderbreekt en gaat naar {definition.FindStep(signal.GoesTo!)?.Label ?? signal.GoesTo}";
            root.Add(new XElement(svg + "text",
                new XAttribute("x", Number(PathwayLayout.Margin)), new XAttribute("y", Number(y)),
                new XAttribute("font-size", "13"), new XAttribute("fill", "#1b2a3a"),
                new XAttribute("data-signal", signal.Id),
                $"Signaal ‘{signal.Label}’: {effect}"));
            y += 20;
        }

        return new XDocument(root).ToString();
    }

    private static XElement Node(XNamespace svg, PathwayDefinition definition, PlacedStep placed, bool current)
    {
        var step = placed.Step;
        const double w = PathwayLayout.NodeWidth;
        const double h = PathwayLayout.NodeHeight;
        var (x, y) = (placed.X - (w / 2), placed.Y - (h / 2));
        var stroke = current ? "#b35c00" : step.Customisation.Locked ? "#7a1f1f" : "#1d4f91";
        var strokeWidth = current ? "5" : step.Customisation.Locked ? "3" : "1.5";
        var fill = step.Kind switch
        {
            StepKind.Decision => "#fff7e0",
            StepKind.Parallel or StepKind.Join or StepKind.Merge => "#eef3f8",
            StepKind.End => "#e8f3ea",
            StepKind.Handover => "#f1ecfa",
            _ => "#ffffff",
        };
        XElement shape = step.Kind == StepKind.Decision
            ? new XElement(svg + "polygon", new XAttribute("points",
                $"{Number(placed.X)},{Number(y)} {Number(x + w)},{Number(placed.Y)} {Number(placed.X)},{Number(y + h)} {Number(x)},{Number(placed.Y)}"))
            : new XElement(svg + "rect",
                new XAttribute("x", Number(x)), new XAttribute("y", Number(y)), new XAttribute("width", Number(w)), new XAttribute("height", Number(h)),
                new XAttribute("rx", step.Kind is StepKind.End or StepKind.Wait or StepKind.Timer ? "30" : "8"));
        shape.Add(new XAttribute("fill", fill), new XAttribute("stroke", stroke), new XAttribute("stroke-width", strokeWidth));

        var details = Details(definition, step);
        var group = new XElement(svg + "g", new XAttribute("data-step", step.Id), new XAttribute("data-kind", step.Kind.ToString().ToLowerInvariant()),
            current ? new XAttribute("data-current", "true") : null,
            new XElement(svg + "title", $"{step.Label} — {StepKindLabels.Of(step.Kind)}{(step.Customisation.Locked ? " (vast)" : "")}{(details.Length > 0 ? " · " + details : "")}"),
            shape);
        var lines = PathwayLayout.Wrap(step.Label, step.Kind == StepKind.Decision ? 22 : 30, step.Kind == StepKind.Decision ? 2 : 3);
        var top = placed.Y - ((lines.Count + (details.Length > 0 ? 1 : 0) - 1) * 7.5);
        foreach (var line in lines)
        {
            group.Add(Text(svg, placed.X, top, line, 12.5, "#1b2a3a", bold: true));
            top += 15;
        }

        if (details.Length > 0)
        {
            group.Add(Text(svg, placed.X, top, details.Length > 35 ? details[..34] + "…" : details, 11, "#4d5d6e", bold: false));
        }

        return group;
    }

    private static XElement Edge(XNamespace svg, RoutedEdge edge)
    {
        var points = edge.Points;
        var path = new StringBuilder($"M {Number(points[0].X)} {Number(points[0].Y)}");
        for (var i = 1; i < points.Count; i++)
        {
            var (a, b) = (points[i - 1], points[i]);
            if (!edge.IsCurved(i))
            {
                path.Append(CultureInfo.InvariantCulture, $" L {Number(b.X)} {Number(b.Y)}");
                continue;
            }

            var (c1, c2) = PathwayLayout.Controls(a, b, edge.IsSelfLoop);
            path.Append(CultureInfo.InvariantCulture, $" C {Number(c1.X)} {Number(c1.Y)}, {Number(c2.X)} {Number(c2.Y)}, {Number(b.X)} {Number(b.Y)}");
        }

        var group = new XElement(svg + "g", new XAttribute("data-from", edge.From), new XAttribute("data-to", edge.To),
            new XElement(svg + "path", new XAttribute("d", path.ToString()), new XAttribute("fill", "none"), new XAttribute("stroke", "#4d5d6e"),
                new XAttribute("stroke-width", "1.3"), new XAttribute("marker-end", "url(#pijl)"),
                edge.IsLoop ? new XAttribute("stroke-dasharray", "5 4") : null));
        if (edge.Label is { } label)
        {
            var text = new XElement(svg + "text", new XAttribute("font-size", "10.5"), new XAttribute("fill", "#7a4a00"));
            for (var i = 0; i < label.Lines.Count; i++)
            {
                text.Add(new XElement(svg + "tspan", new XAttribute("x", Number(label.Left)),
                    new XAttribute("y", Number(label.Top + 10 + (i * EdgeLabelBox.LineHeight))), label.Lines[i]));
            }

            group.Add(text);
        }

        return group;
    }

    private static XElement Text(XNamespace svg, double x, double y, string content, double size, string fill, bool bold) =>
        new(svg + "text",
            new XAttribute("x", Number(x)), new XAttribute("y", Number(y + 4)), new XAttribute("text-anchor", "middle"),
            new XAttribute("font-size", Number(size)), new XAttribute("fill", fill),
            bold ? new XAttribute("font-weight", "600") : null,
            content);

    /// <summary>Role and deadline of a step, e.g. "Verloskundige · binnen 2 weken".</summary>
    public static string Details(PathwayDefinition definition, StepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(step);
        var parts = new List<string>();
        if (step.Role is not null)
        {
            parts.Add(definition.RoleLabel(step.Role));
        }

        if ((step.Deadline ?? step.Until) is { } deadline)
        {
            parts.Add(deadline.ToString());
        }

        if (step.Event is not null)
        {
            parts.Add("op: " + (definition.FindSignal(step.Event)?.Label ?? step.Event));
        }

        return string.Join(" · ", parts);
    }

    /// <summary>The words on an arrow: the outcome or the condition, in Dutch; null for a plain arrow.</summary>
    public static string? EdgeLabel(PathwayDefinition definition, StepDefinition step, Transition transition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(transition);
        if (transition.Outcome is { } outcome)
        {
            return step.Outcomes.FirstOrDefault(o => o.Id == outcome)?.Label ?? outcome;
        }

        if (transition.When is { } when)
        {
            return "als " + definition.ConditionInWords(when);
        }

        return transition.IsDefault && step.Transitions.Count > 1 ? "anders" : null;
    }

    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal);

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
