namespace Blauwdruk.Engine.Pathways;

// The checks on the pathway as a graph: every step reachable and able to reach an end, every join able to complete.
internal static partial class PathwayChecks
{
    private static void CheckReachability(PathwayDefinition definition, Dictionary<string, StepDefinition> steps, Action<string, string[]> error)
    {
        var entries = new List<string>();
        if (steps.ContainsKey(definition.StartStepId))
        {
            entries.Add(definition.StartStepId);
        }

        entries.AddRange(definition.Subpathways.Select(s => s.StartStepId).Where(steps.ContainsKey));
        entries.AddRange(definition.Signals.Select(s => s.GoesTo).OfType<string>().Where(steps.ContainsKey));
        var reachable = Reach(entries, steps);

        var reachesEnd = definition.Steps.Where(s => s.Kind == StepKind.End).Select(s => s.Id).ToHashSet();
        bool changed;
        do
        {
            changed = false;
            foreach (var step in definition.Steps.Where(s => !reachesEnd.Contains(s.Id)))
            {
                if (step.Successors.Any(reachesEnd.Contains))
                {
                    changed = reachesEnd.Add(step.Id);
                }
            }
        }
        while (changed);

        foreach (var step in definition.Steps)
        {
            var start = step.Within is null ? definition.StartStepId : definition.FindSubpathway(step.Within)?.StartStepId;
            if (start is null || !steps.ContainsKey(start))
            {
                // The missing start is reported once; every step of its flow being unreachable is noise.
                continue;
            }

            if (!reachable.Contains(step.Id))
            {
                error($"Stap '{step.Id}' is niet bereikbaar vanaf de startstap '{start}'.", [$"step:{step.Id}"]);
            }
            else if (!reachesEnd.Contains(step.Id))
            {
                error($"Vanaf stap '{step.Id}' is geen eindstap te bereiken.", [$"step:{step.Id}"]);
            }
        }
    }

    /// <summary>The steps reachable from <paramref name="entries"/>, not passing through <paramref name="barrier"/>.</summary>
    internal static HashSet<string> Reach(IEnumerable<string> entries, Dictionary<string, StepDefinition> steps, string? barrier = null)
    {
        var reached = new HashSet<string>();
        var pending = new Stack<string>(entries);
        while (pending.TryPop(out var id))
        {
            if (id == barrier || !reached.Add(id) || !steps.TryGetValue(id, out var step))
            {
                continue;
            }

            foreach (var next in step.Successors)
            {
                pending.Push(next);
            }
        }

        return reached;
    }

    /// <summary>
    /// A join waits for all its incoming branches. It can complete only when a parallel step's
    /// branches all lead to it, as many as arrive, and no branch can end elsewhere first.
    /// </summary>
    private static void CheckJoin(PathwayDefinition definition, StepDefinition join, Dictionary<string, StepDefinition> steps, Action<string, string[]> error)
    {
        var key = $"step:{join.Id}";
        var incoming = IncomingArrows(definition, join.Id);
        // The nearest parallel step whose branches all lead here: a split further upstream (whose
        // branches pass through this one's split first) is not the one this join closes.
        var split = definition.Steps
            .Where(s => s.Kind == StepKind.Parallel && s.Within == join.Within)
            .Select(s => (Split: s, Distances: s.Successors.Select(branch => Distance(branch, join.Id, steps)).ToList()))
            .Where(c => c.Distances.All(d => d is not null))
            .OrderBy(c => c.Distances.Max())
            .ThenBy(c => c.Distances.Sum())
            .Select(c => c.Split)
            .FirstOrDefault();
        if (split is null)
        {
            error($"Samenvoeging '{join.Id}' kan nooit voltooid worden: er is geen parallelle stap waarvan alle takken hier samenkomen.", [key]);
            return;
        }

        if (incoming != split.Transitions.Count)
        {
            error($"Samenvoeging '{join.Id}' wacht op {incoming} binnenkomende overgangen, maar parallelle stap '{split.Id}' start {split.Transitions.Count} takken; zo wordt hij nooit (of te vroeg) voltooid. Breng alternatieve paden eerst samen met een stap 'kind: merge'.", [key]);
        }

        foreach (var branch in split.Successors)
        {
            var bypass = Reach([branch], steps, barrier: join.Id).FirstOrDefault(id => steps.TryGetValue(id, out var s) && s.Kind == StepKind.End);
            if (bypass is not null)
            {
                error($"Samenvoeging '{join.Id}' kan nooit voltooid worden: tak '{branch}' van '{split.Id}' kan eindstap '{bypass}' bereiken zonder hier aan te komen.", [key]);
            }
        }
    }

    /// <summary>The arrows into a step; a join waits for an arrival on each.</summary>
    internal static int IncomingArrows(PathwayDefinition definition, string stepId) =>
        definition.Steps.Sum(s => s.Transitions.Count(t => t.To == stepId));

    /// <summary>The fewest transitions from one step to another; null when it cannot be reached.</summary>
    private static int? Distance(string from, string to, Dictionary<string, StepDefinition> steps)
    {
        var distances = new Dictionary<string, int> { [from] = 0 };
        var pending = new Queue<string>([from]);
        while (pending.TryDequeue(out var id))
        {
            if (id == to)
            {
                return distances[id];
            }

            foreach (var next in steps.TryGetValue(id, out var step) ? step.Successors : [])
            {
                if (distances.TryAdd(next, distances[id] + 1))
                {
                    pending.Enqueue(next);
                }
            }
        }

        return null;
    }
}
