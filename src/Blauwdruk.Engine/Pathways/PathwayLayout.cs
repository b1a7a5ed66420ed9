namespace Blauwdruk.Engine.Pathways;

/// <summary>A step placed on the drawing: its centre, in the layer and position the layout chose.</summary>
public sealed record PlacedStep(StepDefinition Step, int Layer, int Position, double X, double Y);

/// <summary>One flow (the main pathway or a sub-pathway) laid out top to bottom.</summary>
public sealed record FlowLayout(string Title, IReadOnlyList<PlacedStep> Steps, double Left, double Width, double Height)
{
    public PlacedStep? Find(string stepId) => Steps.FirstOrDefault(s => s.Step.Id == stepId);

    /// <summary>Whether an arrow goes back up (a loop, e.g. back to the care plan).</summary>
    public bool IsBackEdge(string from, string to) => Find(from) is { } a && Find(to) is { } b && b.Layer <= a.Layer;
}

/// <summary>
/// A layered (Sugiyama-style) layout of a pathway, the same for the CLI's SVG and the Designer:
/// loops are set aside, each step goes to the layer of its longest path from the start, steps within
/// a layer are ordered by the mean position of their neighbours, and flows stand side by side.
/// </summary>
public static class PathwayLayout
{
    public const double NodeWidth = 230;
    public const double NodeHeight = 66;
    public const double GapX = 40;
    public const double GapY = 54;
    public const double FlowGap = 90;
    public const double Margin = 30;
    public const double TitleHeight = 40;

    public static IReadOnlyList<FlowLayout> Layout(PathwayDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var flows = new List<FlowLayout>();
        var left = Margin;
        var main = LayoutFlow(definition.Title, definition.MainSteps.ToList(), definition.StartStepId, left);
        flows.Add(main);
        left += main.Width + FlowGap;
        foreach (var subpathway in definition.Subpathways)
        {
            var flow = LayoutFlow(subpathway.Title, definition.StepsOf(subpathway).ToList(), subpathway.StartStepId, left);
            flows.Add(flow);
            left += flow.Width + FlowGap;
        }

        return flows;
    }

    private static FlowLayout LayoutFlow(string title, List<StepDefinition> steps, string startId, double left)
    {
        var byId = steps.ToDictionary(s => s.Id);
        // The default arrow is the main line a reader follows; it is walked first, so loops are
        // recognised on the arrows that go back (e.g. "adjust the care plan"), not on the main line.
        var successors = steps.ToDictionary(s => s.Id, s => s.Transitions
            .OrderBy(t => t.IsDefault || t.IsUnconditional ? 0 : 1)
            .Select(t => t.To).Where(byId.ContainsKey).Distinct().ToList());

        // Depth-first from the start (then any step not reached, e.g. a signal's target): arrows to a
        // step still on the stack close a loop and do not count for layering.
        var order = new List<string>();
        var backEdges = new HashSet<(string, string)>();
        var state = new Dictionary<string, int>();
        void Visit(string id)
        {
            state[id] = 1;
            order.Add(id);
            foreach (var next in successors[id])
            {
                if (!state.TryGetValue(next, out var s))
                {
                    Visit(next);
                }
                else if (s == 1)
                {
                    backEdges.Add((id, next));
                }
            }

            state[id] = 2;
        }

        foreach (var id in new[] { startId }.Concat(steps.Select(s => s.Id)).Where(byId.ContainsKey))
        {
            if (!state.ContainsKey(id))
            {
                Visit(id);
            }
        }

        // Longest path layering over the forward arrows, in topological order.
        var layer = order.ToDictionary(id => id, _ => 0);
        foreach (var id in TopologicalOrder(order, successors, backEdges))
        {
            foreach (var next in successors[id].Where(n => !backEdges.Contains((id, n))))
            {
                layer[next] = Math.Max(layer[next], layer[id] + 1);
            }
        }

        var layers = order.GroupBy(id => layer[id]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var predecessors = order.ToDictionary(id => id, id => order.Where(p => successors[p].Contains(id) && !backEdges.Contains((p, id))).ToList());
        for (var sweep = 0; sweep < 4; sweep++)
        {
            for (var i = 1; i < layers.Count; i++)
            {
                Reorder(layers[i], layers[i - 1], predecessors);
            }

            for (var i = layers.Count - 2; i >= 0; i--)
            {
                Reorder(layers[i], layers[i + 1], successors);
            }
        }

        var widest = layers.Count == 0 ? 1 : layers.Max(l => l.Count);
        var width = Math.Max((widest * NodeWidth) + ((widest - 1) * GapX), title.Length * 10.5);
        var placed = new List<PlacedStep>();
        for (var i = 0; i < layers.Count; i++)
        {
            var row = layers[i];
            var rowWidth = (row.Count * NodeWidth) + ((row.Count - 1) * GapX);
            for (var j = 0; j < row.Count; j++)
            {
                var x = left + ((width - rowWidth) / 2) + (j * (NodeWidth + GapX)) + (NodeWidth / 2);
                var y = Margin + TitleHeight + (i * (NodeHeight + GapY)) + (NodeHeight / 2);
                placed.Add(new PlacedStep(byId[row[j]], i, j, x, y));
            }
        }

        var height = Margin + TitleHeight + (layers.Count * (NodeHeight + GapY));
        return new FlowLayout(title, placed, left, width, height);
    }

    private static List<string> TopologicalOrder(List<string> nodes, Dictionary<string, List<string>> successors, HashSet<(string, string)> backEdges)
    {
        var incoming = nodes.ToDictionary(id => id, _ => 0);
        foreach (var id in nodes)
        {
            foreach (var next in successors[id].Where(n => !backEdges.Contains((id, n))))
            {
                incoming[next]++;
            }
        }

        var ready = new Queue<string>(nodes.Where(id => incoming[id] == 0));
        var sorted = new List<string>();
        while (ready.TryDequeue(out var id))
        {
            sorted.Add(id);
            foreach (var next in successors[id].Where(n => !backEdges.Contains((id, n))))
            {
                if (--incoming[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }

        return sorted;
    }

    /// <summary>Orders a layer by the mean position of each step's neighbours in the fixed layer.</summary>
    private static void Reorder(List<string> layer, List<string> fixedLayer, Dictionary<string, List<string>> neighbours)
    {
        var position = fixedLayer.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => (double)p.i);
        var current = layer.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => (double)p.i);
        var keys = layer.ToDictionary(id => id, id =>
        {
            var linked = neighbours[id].Where(position.ContainsKey).ToList();
            return linked.Count == 0 ? current[id] : linked.Average(n => position[n]);
        });
        var sorted = layer.OrderBy(id => keys[id]).ThenBy(id => current[id]).ToList();
        layer.Clear();
        layer.AddRange(sorted);
    }
}
