namespace Blauwdruk.Engine.Pathways;

/// <summary>A step placed on the drawing: its centre, in the layer and position the layout chose.</summary>
public sealed record PlacedStep(StepDefinition Step, int Layer, int Position, double X, double Y);

/// <summary>A point of the drawing.</summary>
public readonly record struct DiagramPoint(double X, double Y);

/// <summary>An arrow's words in a slot of their own, to the right of the arrow: no other arrow or step is there.</summary>
public sealed record EdgeLabelBox(IReadOnlyList<string> Lines, double Left, double Top, double Width, double Height)
{
    public const double LineHeight = 13;
}

/// <summary>
/// An arrow routed between the steps. <see cref="Points"/> go from the step it leaves to the step it
/// enters: the first and the last stretch are curves that leave and arrive vertically (in the gap next
/// to the step), the stretches between are straight (through the slots kept for the arrow, or straight
/// past steps and words where nothing is in the way). A loop (an arrow back up, e.g. "adjust the care
/// plan") is drawn dashed and leaves from the top; a step that loops to itself has a bow at its right.
/// </summary>
public sealed record RoutedEdge(string From, string To, Transition Transition, bool IsLoop, IReadOnlyList<DiagramPoint> Points, EdgeLabelBox? Label)
{
    /// <summary>Points along the drawn line, for checking where it goes (the curves as <see cref="PathwayRendering"/> draws them).</summary>
    public IEnumerable<DiagramPoint> Sample(int perSegment = 16)
    {
        for (var i = 1; i < Points.Count; i++)
        {
            var (a, b) = (Points[i - 1], Points[i]);
            for (var s = 0; s <= perSegment; s++)
            {
                yield return PathwayLayout.OnSegment(a, b, (double)s / perSegment, IsCurved(i), IsSelfLoop);
            }
        }
    }

    public bool IsSelfLoop => From == To;

    /// <summary>Whether the stretch ending at point <paramref name="end"/> is drawn as a curve.</summary>
    public bool IsCurved(int end) => IsSelfLoop || ((end == 1 || end == Points.Count - 1) && Points[end].X != Points[end - 1].X);
}

/// <summary>One flow (the main pathway or a sub-pathway) laid out top to bottom.</summary>
public sealed record FlowLayout(string Title, IReadOnlyList<PlacedStep> Steps, IReadOnlyList<RoutedEdge> Edges, double Left, double Width, double Height)
{
    public PlacedStep? Find(string stepId) => Steps.FirstOrDefault(s => s.Step.Id == stepId);
}

/// <summary>
/// A layered (Sugiyama) layout of a pathway, the same for the CLI's SVG and the Designer. Loops are
/// turned round; each step goes to the layer of its longest path from the start; between two layers of
/// steps is a layer for the arrows' words; an arrow that passes a layer gets a slot of its own there, so
/// it never runs through a step; the order within layers follows the neighbours (fewest crossings of a
/// few sweeps); the horizontal positions are the least-squares nearest to the neighbours' that keep the
/// order and the distances (isotonic regression per layer). Flows stand side by side.
/// </summary>
public static class PathwayLayout
{
    public const double NodeWidth = 230;
    public const double NodeHeight = 76;
    public const double GapY = 24;
    public const double FlowGap = 90;
    public const double Margin = 30;
    public const double TitleHeight = 40;

    private const double NodeGap = 34;
    private const double SlotGap = 10;
    private const double CharWidth = 6.1;
    private const int LabelLineLength = 28;
    private const double SelfLoopReach = 30;

    public static IReadOnlyList<FlowLayout> Layout(PathwayDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var flows = new List<FlowLayout>();
        var left = Margin;
        var main = LayoutFlow(definition, definition.Title, definition.MainSteps.ToList(), definition.StartStepId, left);
        flows.Add(main);
        left += main.Width + FlowGap;
        foreach (var subpathway in definition.Subpathways)
        {
            var flow = LayoutFlow(definition, subpathway.Title, definition.StepsOf(subpathway).ToList(), subpathway.StartStepId, left);
            flows.Add(flow);
            left += flow.Width + FlowGap;
        }

        return flows;
    }

    /// <summary>A point of a segment at <paramref name="t"/> (0..1): a line when vertical, else a curve with vertical ends.</summary>
    internal static DiagramPoint OnSegment(DiagramPoint a, DiagramPoint b, double t, bool curved, bool selfLoop)
    {
        if (!curved)
        {
            return new DiagramPoint(a.X + ((b.X - a.X) * t), a.Y + ((b.Y - a.Y) * t));
        }

        var (c1, c2) = Controls(a, b, selfLoop);
        var u = 1 - t;
        return new DiagramPoint(
            (u * u * u * a.X) + (3 * u * u * t * c1.X) + (3 * u * t * t * c2.X) + (t * t * t * b.X),
            (u * u * u * a.Y) + (3 * u * u * t * c1.Y) + (3 * u * t * t * c2.Y) + (t * t * t * b.Y));
    }

    /// <summary>The control points of a segment's curve (a self-loop bulges out to the right).</summary>
    internal static (DiagramPoint, DiagramPoint) Controls(DiagramPoint a, DiagramPoint b, bool selfLoop)
    {
        if (selfLoop)
        {
            return (new DiagramPoint(a.X + SelfLoopReach * 1.4, a.Y), new DiagramPoint(b.X + SelfLoopReach * 1.4, b.Y));
        }

        var middle = (a.Y + b.Y) / 2;
        return (new DiagramPoint(a.X, middle), new DiagramPoint(b.X, middle));
    }

    /// <summary>A step, or a point an arrow passes (with its words when it carries them).</summary>
    private sealed class Node(string id, StepDefinition? step, int layer)
    {
        public string Id { get; } = id;
        public StepDefinition? Step { get; } = step;
        public int Layer { get; } = layer;
        public double LeftExtent { get; set; }
        public double RightExtent { get; set; }
        public double X { get; set; }
        public List<Node> Up { get; } = [];
        public List<Node> Down { get; } = [];
        public IReadOnlyList<string>? Label { get; set; }
        public bool IsStep => Step is not null;
    }

    /// <summary>An arrow as a chain of nodes from its upper to its lower end.</summary>
    private sealed record Chain(string From, string To, Transition Transition, bool IsLoop, List<Node> Nodes);

    private static FlowLayout LayoutFlow(PathwayDefinition definition, string title, List<StepDefinition> steps, string startId, double left)
    {
        var byId = steps.ToDictionary(s => s.Id);
        // The default arrow is the main line a reader follows; it is walked first, so loops are
        // recognised on the arrows that go back (e.g. "adjust the care plan"), not on the main line.
        var successors = steps.ToDictionary(s => s.Id, s => s.Transitions
            .OrderBy(t => t.IsDefault || t.IsUnconditional ? 0 : 1)
            .Select(t => t.To).Where(byId.ContainsKey).Distinct().ToList());
        var (order, backEdges) = DepthFirst(startId, steps, successors);
        var stepLayer = LongestPathLayers(order, successors, backEdges);

        // Steps on the even layers; the odd layers between them carry the arrows' words.
        var nodes = order.ToDictionary(id => id, id => new Node(id, byId[id], stepLayer[id] * 2)
        {
            LeftExtent = NodeWidth / 2,
            RightExtent = NodeWidth / 2,
        });
        var chains = new List<Chain>();
        var selfLoops = new List<(StepDefinition Step, Transition Transition, IReadOnlyList<string>? Label)>();
        foreach (var id in order)
        {
            foreach (var transition in byId[id].Transitions.Where(t => byId.ContainsKey(t.To)))
            {
                if (transition.To == id)
                {
                    var loopWords = PathwayRendering.EdgeLabel(definition, byId[id], transition);
                    selfLoops.Add((byId[id], transition, loopWords is null ? null : Wrap(loopWords, LabelLineLength, 3)));
                    continue;
                }

                var isLoop = backEdges.Contains((id, transition.To));
                var (upper, lower) = isLoop ? (nodes[transition.To], nodes[id]) : (nodes[id], nodes[transition.To]);
                var chain = new List<Node> { upper };
                for (var layer = upper.Layer + 1; layer < lower.Layer; layer++)
                {
                    chain.Add(new Node($"{id}->{transition.To}#{layer}", null, layer) { LeftExtent = 2, RightExtent = 2 });
                }

                chain.Add(lower);
                for (var i = 1; i < chain.Count; i++)
                {
                    chain[i - 1].Down.Add(chain[i]);
                    chain[i].Up.Add(chain[i - 1]);
                }

                // The words sit next to the step the arrow leaves: below it, or above it for a loop.
                if (PathwayRendering.EdgeLabel(definition, byId[id], transition) is { } words)
                {
                    var slot = isLoop ? chain[^2] : chain[1];
                    slot.Label = Wrap(words, LabelLineLength, 3);
                    slot.RightExtent = 6 + (slot.Label.Max(l => l.Length) * CharWidth);
                }

                chains.Add(new Chain(id, transition.To, transition, isLoop, chain));
            }
        }

        foreach (var (step, _, label) in selfLoops)
        {
            var node = nodes[step.Id];
            node.RightExtent = Math.Max(node.RightExtent, (NodeWidth / 2) + SelfLoopReach + 8 + (label is null ? 0 : label.Max(l => l.Length) * CharWidth));
        }

        var layers = nodes.Values.Concat(chains.SelectMany(c => c.Nodes.Skip(1).SkipLast(1)))
            .GroupBy(n => n.Layer).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        OrderLayers(layers);
        PlaceHorizontally(layers);
        Straighten(layers, chains);

        // The layers' bands, top to bottom: steps have their height, word layers their tallest words.
        var tops = new double[layers.Count];
        var heights = new double[layers.Count];
        var y = Margin + TitleHeight;
        for (var i = 0; i < layers.Count; i++)
        {
            tops[i] = y;
            heights[i] = layers[i].Any(n => n.IsStep) ? NodeHeight
                : layers[i].Max(n => n.Label is null ? 0 : (n.Label.Count * EdgeLabelBox.LineHeight) + 4);
            y += heights[i] + GapY;
        }

        var minX = layers.SelectMany(l => l).Min(n => n.X - n.LeftExtent);
        var maxX = layers.SelectMany(l => l).Max(n => n.X + n.RightExtent);
        var width = Math.Max(maxX - minX, title.Length * 10.5);
        var shift = left - minX + ((width - (maxX - minX)) / 2);
        foreach (var node in layers.SelectMany(l => l))
        {
            node.X += shift;
        }

        var placed = layers.Where(l => l.Any(n => n.IsStep))
            .SelectMany(l => l.Where(n => n.IsStep).Select((n, position) => new PlacedStep(n.Step!, n.Layer / 2, position, n.X, tops[n.Layer] + (NodeHeight / 2))))
            .ToList();
        var edges = Route(chains, tops, heights);
        edges.AddRange(selfLoops.Select(s => SelfLoop(s.Step, s.Transition, s.Label, nodes[s.Step.Id], tops)));
        return new FlowLayout(title, placed, edges, left, width, y);
    }

    private static (List<string> Order, HashSet<(string, string)> BackEdges) DepthFirst(
        string startId, List<StepDefinition> steps, Dictionary<string, List<string>> successors)
    {
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

        foreach (var id in new[] { startId }.Concat(steps.Select(s => s.Id)).Where(successors.ContainsKey))
        {
            if (!state.ContainsKey(id))
            {
                Visit(id);
            }
        }

        return (order, backEdges);
    }

    private static Dictionary<string, int> LongestPathLayers(List<string> order, Dictionary<string, List<string>> successors, HashSet<(string, string)> backEdges)
    {
        var forward = order.ToDictionary(id => id, id => successors[id].Where(n => !backEdges.Contains((id, n)) && n != id).ToList());
        var incoming = order.ToDictionary(id => id, _ => 0);
        foreach (var next in forward.Values.SelectMany(n => n))
        {
            incoming[next]++;
        }

        var layer = order.ToDictionary(id => id, _ => 0);
        var ready = new Queue<string>(order.Where(id => incoming[id] == 0));
        while (ready.TryDequeue(out var id))
        {
            foreach (var next in forward[id])
            {
                layer[next] = Math.Max(layer[next], layer[id] + 1);
                if (--incoming[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }

        return layer;
    }

    /// <summary>Sweeps down and up ordering each layer by its neighbours' mean position; keeps the order with fewest crossings.</summary>
    private static void OrderLayers(List<List<Node>> layers)
    {
        var best = layers.Select(l => l.ToList()).ToList();
        var fewest = Crossings(layers);
        for (var sweep = 0; sweep < 8 && fewest > 0; sweep++)
        {
            for (var i = 1; i < layers.Count; i++)
            {
                Reorder(layers[i], layers[i - 1], n => n.Up);
            }

            for (var i = layers.Count - 2; i >= 0; i--)
            {
                Reorder(layers[i], layers[i + 1], n => n.Down);
            }

            var crossings = Crossings(layers);
            if (crossings < fewest)
            {
                (fewest, best) = (crossings, layers.Select(l => l.ToList()).ToList());
            }
        }

        for (var i = 0; i < layers.Count; i++)
        {
            layers[i].Clear();
            layers[i].AddRange(best[i]);
        }
    }

    private static void Reorder(List<Node> layer, List<Node> fixedLayer, Func<Node, List<Node>> neighbours)
    {
        var position = fixedLayer.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => (double)p.i);
        var current = layer.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => (double)p.i);
        var keys = layer.ToDictionary(n => n, n =>
        {
            var linked = neighbours(n).Where(position.ContainsKey).ToList();
            return linked.Count == 0 ? current[n] : linked.Average(m => position[m]);
        });
        var sorted = layer.OrderBy(n => keys[n]).ThenBy(n => current[n]).ToList();
        layer.Clear();
        layer.AddRange(sorted);
    }

    private static int Crossings(List<List<Node>> layers)
    {
        var total = 0;
        for (var i = 1; i < layers.Count; i++)
        {
            var upper = layers[i - 1].Select((n, index) => (n, index)).ToDictionary(p => p.n, p => p.index);
            var segments = layers[i].SelectMany((n, index) => n.Up.Where(upper.ContainsKey).Select(u => (Top: upper[u], Bottom: index))).ToList();
            for (var a = 0; a < segments.Count; a++)
            {
                for (var b = a + 1; b < segments.Count; b++)
                {
                    if ((segments[a].Top - segments[b].Top) * (segments[a].Bottom - segments[b].Bottom) < 0)
                    {
                        total++;
                    }
                }
            }
        }

        return total;
    }

    /// <summary>
    /// Each node as near as possible to its neighbours, keeping the layer's order and distances:
    /// per layer the weighted isotonic regression (pool adjacent violators) of the wished positions.
    /// Points of arrows weigh more, so long arrows run straight.
    /// </summary>
    private static void PlaceHorizontally(List<List<Node>> layers)
    {
        foreach (var layer in layers)
        {
            Place(layer, layer.Select(_ => 0d).ToList());
        }

        for (var round = 0; round < 20; round++)
        {
            var last = round >= 17;
            for (var i = 1; i < layers.Count; i++)
            {
                Place(layers[i], Wished(layers[i], n => last ? [.. n.Up, .. n.Down] : n.Up));
            }

            for (var i = layers.Count - 2; i >= 0; i--)
            {
                Place(layers[i], Wished(layers[i], n => last ? [.. n.Up, .. n.Down] : n.Down));
            }
        }
    }

    /// <summary>Where each node would like to be: over its neighbours; a point of an arrow always between both of its own.</summary>
    private static List<double> Wished(List<Node> layer, Func<Node, List<Node>> neighbours) =>
        layer.Select(n => (n.IsStep ? neighbours(n) : [.. n.Up, .. n.Down]) is { Count: > 0 } linked ? linked.Average(m => m.X) : n.X).ToList();

    private static void Place(List<Node> layer, List<double> wished)
    {
        var offsets = new double[layer.Count];
        for (var i = 1; i < layer.Count; i++)
        {
            var gap = layer[i - 1].IsStep && layer[i].IsStep ? NodeGap : SlotGap;
            offsets[i] = offsets[i - 1] + layer[i - 1].RightExtent + gap + layer[i].LeftExtent;
        }

        // Pool adjacent violators over the targets wished[i] - offsets[i].
        var blocks = new List<(double Weight, double Sum, int Count)>();
        for (var i = 0; i < layer.Count; i++)
        {
            var weight = layer[i].IsStep ? 1 : 6;
            blocks.Add((weight, weight * (wished[i] - offsets[i]), 1));
            while (blocks.Count > 1 && blocks[^2].Sum / blocks[^2].Weight > blocks[^1].Sum / blocks[^1].Weight)
            {
                var (top, below) = (blocks[^1], blocks[^2]);
                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = (below.Weight + top.Weight, below.Sum + top.Sum, below.Count + top.Count);
            }
        }

        var index = 0;
        foreach (var block in blocks)
        {
            for (var k = 0; k < block.Count; k++, index++)
            {
                layer[index].X = (block.Sum / block.Weight) + offsets[index];
            }
        }
    }

    /// <summary>
    /// A long arrow drawn as one vertical line where it can be: its points all move to one x (over the
    /// step it leaves, the step it enters, or their middle) when every layer it passes has room there.
    /// </summary>
    private static void Straighten(List<List<Node>> layers, List<Chain> chains)
    {
        var index = layers.SelectMany(l => l.Select((n, i) => (n, i))).ToDictionary(p => p.n, p => p.i);
        foreach (var chain in chains.Where(c => c.Nodes.Count > 3).OrderByDescending(c => c.Nodes.Count))
        {
            var slots = chain.Nodes.Skip(1).SkipLast(1).ToList();
            var xs = slots.Select(n => n.X).Order().ToList();
            double[] candidates = [chain.Nodes[0].X, chain.Nodes[^1].X, xs[xs.Count / 2], (chain.Nodes[0].X + chain.Nodes[^1].X) / 2];
            foreach (var x in candidates)
            {
                if (slots.All(n => Fits(layers[n.Layer], index[n], x)))
                {
                    slots.ForEach(n => n.X = x);
                    break;
                }
            }
        }
    }

    private static bool Fits(List<Node> layer, int i, double x)
    {
        var node = layer[i];
        var leftRoom = i == 0 || layer[i - 1].X + layer[i - 1].RightExtent + SlotGap <= x - node.LeftExtent;
        var rightRoom = i == layer.Count - 1 || x + node.RightExtent + SlotGap <= layer[i + 1].X - layer[i + 1].LeftExtent;
        return leftRoom && rightRoom;
    }

    /// <summary>The arrows' points: spread over the bottom and top of the steps, straight through their slots.</summary>
    private static List<RoutedEdge> Route(List<Chain> chains, double[] tops, double[] heights)
    {
        // Where each arrow meets a step: the arrows of one side spread over its width, in the order of where they go.
        var ports = new Dictionary<(Chain, bool Upper), double>();
        foreach (var side in chains.SelectMany(c => new[] { (Step: c.Nodes[0], Chain: c, Upper: true, Next: c.Nodes[1]), (Step: c.Nodes[^1], Chain: c, Upper: false, Next: c.Nodes[^2]) })
                     .GroupBy(s => (s.Step, s.Upper)))
        {
            var sorted = side.OrderBy(s => s.Next.X).ToList();
            var step = side.Key.Step;
            var spacing = step.Step!.Kind == StepKind.Decision || sorted.Count < 2 ? 0 : Math.Min(24, (NodeWidth - 60) / (sorted.Count - 1));
            for (var i = 0; i < sorted.Count; i++)
            {
                ports[(sorted[i].Chain, side.Key.Upper)] = step.X + ((i - ((sorted.Count - 1) / 2.0)) * spacing);
            }
        }

        // What a straight stretch of an arrow must not cross: the steps and every arrow's words.
        var labels = chains.ToDictionary(c => c, c => c.Nodes.Where(n => n.Label is not null)
            .Select(n => new EdgeLabelBox(n.Label!, n.X + 5, tops[n.Layer], n.RightExtent - 5, (n.Label!.Count * EdgeLabelBox.LineHeight) + 2)).FirstOrDefault());
        var obstacles = chains.SelectMany(c => new[] { c.Nodes[0], c.Nodes[^1] }).Distinct()
            .Select(n => (Left: n.X - (NodeWidth / 2), Top: tops[n.Layer], Right: n.X + (NodeWidth / 2), Bottom: tops[n.Layer] + NodeHeight))
            .Concat(labels.Values.OfType<EdgeLabelBox>().Select(l => (l.Left, l.Top, Right: l.Left + l.Width, Bottom: l.Top + l.Height)))
            .ToList();

        var edges = new List<RoutedEdge>();
        foreach (var chain in chains)
        {
            var (upper, lower) = (chain.Nodes[0], chain.Nodes[^1]);
            // Through each layer it passes, in its slot; the slot with its words is kept, the rest may be cut short.
            var through = new List<(DiagramPoint Point, bool Keep)>();
            foreach (var slot in chain.Nodes.Skip(1).SkipLast(1))
            {
                through.Add((new DiagramPoint(slot.X, tops[slot.Layer]), slot.Label is not null));
                through.Add((new DiagramPoint(slot.X, tops[slot.Layer] + heights[slot.Layer]), slot.Label is not null));
            }

            var points = new List<DiagramPoint> { new(ports[(chain, true)], tops[upper.Layer] + NodeHeight) };
            points.AddRange(Shortcut(through, obstacles));
            points.Add(new DiagramPoint(ports[(chain, false)], tops[lower.Layer]));
            if (chain.IsLoop)
            {
                points.Reverse();
            }

            edges.Add(new RoutedEdge(chain.From, chain.To, chain.Transition, chain.IsLoop, points.Where((p, i) => i == 0 || p != points[i - 1]).ToList(), labels[chain]));
        }

        return edges;
    }

    /// <summary>The points of an arrow's middle part, leaving out those a straight line can pass without crossing a step or words.</summary>
    private static List<DiagramPoint> Shortcut(List<(DiagramPoint Point, bool Keep)> through, List<(double Left, double Top, double Right, double Bottom)> obstacles)
    {
        var kept = new List<DiagramPoint> { through[0].Point };
        var i = 0;
        while (i < through.Count - 1)
        {
            var j = i + 1;
            while (j + 1 < through.Count && !through[j].Keep && obstacles.All(o => !Crosses(through[i].Point, through[j + 1].Point, o)))
            {
                j++;
            }

            kept.Add(through[j].Point);
            i = j;
        }

        return kept;
    }

    /// <summary>Whether the line from <paramref name="a"/> to <paramref name="b"/> enters the box (Liang–Barsky, 2 px margin).</summary>
    private static bool Crosses(DiagramPoint a, DiagramPoint b, (double Left, double Top, double Right, double Bottom) box)
    {
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        double t0 = 0, t1 = 1;
        foreach (var (p, q) in new[] { (-dx, a.X - (box.Left - 2)), (dx, box.Right + 2 - a.X), (-dy, a.Y - (box.Top - 2)), (dy, box.Bottom + 2 - a.Y) })
        {
            if (p == 0)
            {
                if (q < 0)
                {
                    return false;
                }

                continue;
            }

            var r = q / p;
            if (p < 0)
            {
                t0 = Math.Max(t0, r);
            }
            else
            {
                t1 = Math.Min(t1, r);
            }

            if (t0 > t1)
            {
                return false;
            }
        }

        return true;
    }

    private static RoutedEdge SelfLoop(StepDefinition step, Transition transition, IReadOnlyList<string>? label, Node node, double[] tops)
    {
        var right = node.X + (NodeWidth / 2);
        var middle = tops[node.Layer] + (NodeHeight / 2);
        return new RoutedEdge(step.Id, step.Id, transition, true,
            [new DiagramPoint(right, middle - 14), new DiagramPoint(right, middle + 14)],
            label is null ? null : new EdgeLabelBox(label, right + SelfLoopReach + 8, middle - (label.Count * EdgeLabelBox.LineHeight / 2), label.Max(l => l.Length) * CharWidth, label.Count * EdgeLabelBox.LineHeight + 2));
    }

    /// <summary>Words over at most <paramref name="maxLines"/> lines of about <paramref name="width"/> characters, the last ending in … when cut.</summary>
    public static IReadOnlyList<string> Wrap(string text, int width, int maxLines)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + word.Length + 1 > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word.Length > width ? word[..(width - 1)] + "…" : word);
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        if (lines.Count > maxLines)
        {
            lines = lines.Take(maxLines).ToList();
            var lastLine = lines[^1];
            lines[^1] = (lastLine.Length >= width ? lastLine[..(width - 1)] : lastLine) + "…";
        }

        return lines;
    }
}
