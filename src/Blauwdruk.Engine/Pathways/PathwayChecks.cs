namespace Blauwdruk.Engine.Pathways;

/// <summary>
/// The static checks on a read pathway: references resolve, every step can be reached from the
/// start, and from every step an end can be reached. Messages are Dutch, for pathway authors.
/// </summary>
internal static class PathwayChecks
{
    public static void Run(PathwayDefinition definition, PathwayReader.Reader at)
    {
        var stepIds = definition.Steps.Select(s => s.Id).ToHashSet();
        var roleIds = definition.Roles.Select(r => r.Id).ToHashSet();

        if (definition.StartStepId.Length > 0 && !stepIds.Contains(definition.StartStepId))
        {
            at.Error(at.StartPosition, $"Startstap '{definition.StartStepId}' bestaat niet.");
        }

        foreach (var step in definition.Steps)
        {
            CheckStep(step, stepIds, roleIds, at);
        }

        if (definition.Steps.Count > 0 && definition.Steps.All(s => s.Kind != StepKind.End))
        {
            at.Error(at.StartPosition, "Het zorgpad heeft geen eindstap (kind: end).");
        }

        if (stepIds.Contains(definition.StartStepId))
        {
            CheckReachability(definition, at);
        }
    }

    private static void CheckStep(StepDefinition step, HashSet<string> stepIds, HashSet<string> roleIds, PathwayReader.Reader at)
    {
        var stepAt = at.Positions[step];
        var fieldAt = (string key) => at.StepFieldPositions.GetValueOrDefault((step.Id, key), stepAt);

        if (step.Kind == StepKind.Task)
        {
            if (step.Role is null)
            {
                at.Error(stepAt, $"Taak '{step.Id}' heeft geen verantwoordelijke rol: voeg 'role' toe.");
            }
            else if (!roleIds.Contains(step.Role))
            {
                at.Error(fieldAt("role"), $"Taak '{step.Id}' verwijst naar onbekende rol '{step.Role}'.");
            }

            if (step.Next is null)
            {
                at.Error(stepAt, $"Taak '{step.Id}' heeft geen vervolgstap: voeg 'next' toe.");
            }
        }

        if (step.Kind == StepKind.End)
        {
            if (step.Next is not null)
            {
                at.Error(fieldAt("next"), $"Eindstap '{step.Id}' kan geen vervolgstap hebben.");
            }

            if (step.Deadline is not null)
            {
                at.Error(fieldAt("deadline"), $"Eindstap '{step.Id}' kan geen termijn hebben.");
            }
        }

        if (step.Next is not null && !stepIds.Contains(step.Next))
        {
            at.Error(fieldAt("next"), $"Stap '{step.Id}' verwijst naar onbekende vervolgstap '{step.Next}'.");
        }
    }

    private static void CheckReachability(PathwayDefinition definition, PathwayReader.Reader at)
    {
        var byId = definition.Steps.ToDictionary(s => s.Id);
        var reachable = new HashSet<string>();
        var pending = new Stack<string>([definition.StartStepId]);
        while (pending.TryPop(out var id))
        {
            if (reachable.Add(id) && byId[id].Next is { } next && byId.ContainsKey(next))
            {
                pending.Push(next);
            }
        }

        var reachesEnd = new HashSet<string>(definition.Steps.Where(s => s.Kind == StepKind.End).Select(s => s.Id));
        bool changed;
        do
        {
            changed = false;
            foreach (var step in definition.Steps)
            {
                if (!reachesEnd.Contains(step.Id) && step.Next is { } next && reachesEnd.Contains(next))
                {
                    changed = reachesEnd.Add(step.Id);
                }
            }
        }
        while (changed);

        foreach (var step in definition.Steps)
        {
            if (!reachable.Contains(step.Id))
            {
                at.Error(at.Positions[step], $"Stap '{step.Id}' is niet bereikbaar vanaf de startstap '{definition.StartStepId}'.");
            }
            else if (!reachesEnd.Contains(step.Id))
            {
                at.Error(at.Positions[step], $"Vanaf stap '{step.Id}' is geen eindstap te bereiken.");
            }
        }
    }
}
