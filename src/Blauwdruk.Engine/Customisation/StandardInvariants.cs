using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Customisation;

/// <summary>
/// What no region may lose of the standard (DOMAIN.md §7), checked on the merged operational pathway:
/// locked steps stay, in their order, and cannot be skipped; the routes a safety signal starts keep
/// every locked step reachable (the Meldcode route with the Veilig Thuis consultation and report);
/// every human step has an organisation in every municipality; every municipality has a JGZ
/// organisation for the handover. Deadlines and removals are checked as the overlay is applied.
/// </summary>
public static class StandardInvariants
{
    public static List<PathwayError> Check(PathwayDefinition template, PathwayDefinition merged, Overlay overlay, SourceMap at)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(merged);
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(at);
        var errors = new List<PathwayError>();
        void Error(string message, params string[] keys) => errors.Add(at.Error(message, keys));

        // Blame the region's own steps when the graph changed in a way it may not; they are the only arrows a region draws.
        var addedKeys = overlay.AddedSteps.Select(a => $"add:{a.Step.Id}").Append("id").ToArray();
        CheckLockedSteps(template, merged, addedKeys, Error);
        CheckSignalRoutes(template, merged, addedKeys, Error);
        CheckOrganisations(merged, Error);
        CheckMunicipalities(merged, Error);
        return errors;
    }

    private static void CheckLockedSteps(PathwayDefinition template, PathwayDefinition merged, string[] blame, Action<string, string[]> error)
    {
        var before = template.Steps.ToDictionary(s => s.Id);
        var after = merged.Steps.ToDictionary(s => s.Id);
        var locked = template.Steps.Where(s => s.Customisation.Locked).ToList();
        foreach (var step in locked)
        {
            if (!after.ContainsKey(step.Id))
            {
                error($"Vaste stap '{step.Id}' ({step.Label}) ontbreekt.", blame);
                continue;
            }

            var start = StartOf(template, step);
            if (Unavoidable(before, start, step.Id) && !Unavoidable(after, StartOf(merged, step), step.Id))
            {
                error($"Vaste stap '{step.Id}' ({step.Label}) kan nu worden overgeslagen: er is een weg naar het einde die er niet langs gaat. Een regio mag vaste stappen niet overslaan.", blame);
            }
        }

        foreach (var first in locked)
        {
            foreach (var second in locked.Where(s => s.Id != first.Id && s.Within == first.Within))
            {
                var strictlyBefore = Reach(before, first.Id).Contains(second.Id) && !Reach(before, second.Id).Contains(first.Id);
                if (strictlyBefore && after.ContainsKey(first.Id) && after.ContainsKey(second.Id) && Reach(after, second.Id).Contains(first.Id))
                {
                    error($"Vaste stappen '{first.Id}' en '{second.Id}' staan in de standaard in deze volgorde; de overlay maakt een weg van '{second.Id}' terug naar '{first.Id}'.", blame);
                }
            }
        }
    }

    private static void CheckSignalRoutes(PathwayDefinition template, PathwayDefinition merged, string[] blame, Action<string, string[]> error)
    {
        var after = merged.Steps.ToDictionary(s => s.Id);
        foreach (var signal in template.Signals.Where(s => s.Starts is not null))
        {
            var kept = merged.FindSignal(signal.Id);
            var subpathway = merged.FindSubpathway(signal.Starts!);
            if (kept is null || kept.Starts != signal.Starts || !kept.RaisedBy.SequenceEqual(signal.RaisedBy) || subpathway is null)
            {
                error($"Signaal '{signal.Label}' moet, zoals in de standaard, op elk moment '{signal.Starts}' kunnen starten.", blame);
                continue;
            }

            var reachable = Reach(after, subpathway.StartStepId);
            foreach (var step in template.StepsOf(template.FindSubpathway(signal.Starts!)!).Where(s => s.Customisation.Locked && !reachable.Contains(s.Id)))
            {
                error($"'{subpathway.Title}' (gestart door '{signal.Label}') moet stap '{step.Id}' ({step.Label}) bereikbaar houden.", blame);
            }
        }
    }

    private static void CheckOrganisations(PathwayDefinition merged, Action<string, string[]> error)
    {
        var roles = merged.Roles.ToDictionary(r => r.Id);
        foreach (var organisation in merged.Organisations)
        {
            var key = $"organisation:{organisation.Id}";
            for (var i = 0; i < organisation.Roles.Count; i++)
            {
                if (!roles.ContainsKey(organisation.Roles[i]))
                {
                    error($"Organisatie '{organisation.Name}' heeft onbekende rol '{organisation.Roles[i]}'; rollen van de standaard: {string.Join(", ", roles.Keys)}.", [$"{key}.roles[{i}]", key]);
                }
            }

            for (var i = 0; i < organisation.Municipalities.Count; i++)
            {
                if (merged.Municipalities.All(m => m.Code != organisation.Municipalities[i]))
                {
                    error($"Organisatie '{organisation.Name}' werkt in gemeente {organisation.Municipalities[i]}, die niet onder 'municipalities' staat.", [$"{key}.municipalities[{i}]", key]);
                }
            }
        }

        // Every human step needs, in every municipality, an organisation that holds its role.
        var needed = merged.Steps.Where(s => s.IsHuman && s.Role is not null && roles.TryGetValue(s.Role, out var r) && r.Assignment == RoleAssignment.Organisation)
            .GroupBy(s => s.Role!);
        foreach (var municipality in merged.Municipalities)
        {
            foreach (var group in needed)
            {
                if (!merged.OrganisationsFor(group.Key, municipality.Code).Any())
                {
                    error($"Geen organisatie met de rol '{roles[group.Key].Label}' in {municipality.Name} ({municipality.Code}); nodig voor {string.Join(", ", group.Select(s => s.Id))}. " +
                          "Geef een organisatie die rol onder 'organisations'.", [$"municipality:{municipality.Code}"]);
                }
            }
        }
    }

    private static void CheckMunicipalities(PathwayDefinition merged, Action<string, string[]> error)
    {
        var recipients = merged.Steps.Where(s => s.Kind == StepKind.Handover).Select(s => s.Recipient).OfType<string>().Distinct().ToList();
        foreach (var municipality in merged.Municipalities)
        {
            var key = $"municipality:{municipality.Code}";
            if (municipality.Jgz is null)
            {
                error($"Gemeente {municipality.Name} ({municipality.Code}) heeft geen JGZ-organisatie voor de overdracht: vul 'jgz' in.", [key]);
            }
            else if (merged.FindOrganisation(municipality.Jgz) is not { } jgz)
            {
                error($"'jgz' van {municipality.Name} verwijst naar onbekende organisatie '{municipality.Jgz}'.", [$"{key}.jgz"]);
            }
            else if (recipients.FirstOrDefault(r => !jgz.Roles.Contains(r)) is { } missing)
            {
                error($"JGZ-organisatie '{jgz.Name}' van {municipality.Name} heeft de rol '{merged.RoleLabel(missing)}' niet, die de overdracht ontvangt.", [$"{key}.jgz"]);
            }

            foreach (var (field, id) in new[] { ("wijkteam", municipality.Wijkteam), ("veiligThuis", municipality.VeiligThuis) })
            {
                if (id is not null && merged.FindOrganisation(id) is null)
                {
                    error($"'{field}' van {municipality.Name} verwijst naar onbekende organisatie '{id}'.", [$"{key}.{field}"]);
                }
            }
        }

        if (merged.Municipalities.Count == 0)
        {
            error("Een operationeel zorgpad noemt ten minste één gemeente onder 'municipalities'.", ["id"]);
        }
    }

    private static string StartOf(PathwayDefinition definition, StepDefinition step) =>
        step.Within is null ? definition.StartStepId : definition.FindSubpathway(step.Within)!.StartStepId;

    /// <summary>Whether every way from the start to an end passes the step.</summary>
    private static bool Unavoidable(Dictionary<string, StepDefinition> steps, string start, string stepId) =>
        start == stepId || !Reach(steps, start, barrier: stepId).Any(id => steps.TryGetValue(id, out var s) && s.Kind == StepKind.End);

    private static HashSet<string> Reach(Dictionary<string, StepDefinition> steps, string from, string? barrier = null) =>
        PathwayChecks.Reach([from], steps, barrier);
}
