using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Customisation;

/// <summary>
/// What no region may lose of the standard (DOMAIN.md §7), checked on the merged operational pathway:
/// locked steps stay, in their order, and cannot be skipped; the outcomes and arrows of locked steps keep
/// leading where the standard sends them (the Meldcode's report); the routes a safety signal starts keep
/// every locked step reachable (the Meldcode route with the Veilig Thuis consultation and report);
/// every human step has an organisation in every municipality; every organisation that can start the
/// Meldcode has an aandachtsfunctionaris; every municipality has a JGZ organisation for the handover and
/// a Veilig Thuis; a handover is not due before the step it follows; a swapped screening instrument
/// restates the facts that hold its thresholds. Deadlines and removals are checked as the overlay is applied.
/// </summary>
public static class StandardInvariants
{
    /// <summary>The role consulted in the Meldcode (the runtime's <c>Access.MeldcodeLead</c>).</summary>
    private const string Aandachtsfunctionaris = "aandachtsfunctionaris";

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
        CheckLockedArrows(template, merged, addedKeys, Error);
        CheckSignalRoutes(template, merged, addedKeys, Error);
        CheckOrganisations(merged, Error);
        CheckAandachtsfunctionarissen(merged, Error);
        CheckMunicipalities(merged, Error);
        CheckHandoverDeadlines(merged, Error);
        CheckInstruments(template, merged, overlay, Error);
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

    /// <summary>
    /// Every outcome and arrow of the standard that leaves or enters a locked step still leads to the step
    /// the standard sends it to: a region's own step may stand on the arrow, not turn it elsewhere
    /// (VT_DECIDE's 'melden' keeps leading to the report to Veilig Thuis, DOMAIN.md §7 invariant 3).
    /// </summary>
    private static void CheckLockedArrows(PathwayDefinition template, PathwayDefinition merged, string[] blame, Action<string, string[]> error)
    {
        var after = merged.Steps.ToDictionary(s => s.Id);
        foreach (var step in template.Steps.Where(s => after.ContainsKey(s.Id)))
        {
            for (var i = 0; i < step.Transitions.Count; i++)
            {
                var arrow = step.Transitions[i];
                // An optional step a region switched off takes its arrows with it (checked as it is removed).
                if (!after.ContainsKey(arrow.To) || !(step.Customisation.Locked || template.FindStep(arrow.To)?.Customisation.Locked == true))
                {
                    continue;
                }

                // Merging redirects arrows in place, so the same arrow has the same position (a parallel step's branches look alike).
                var target = template.Step(arrow.To);
                var kept = after[step.Id].Transitions.ElementAtOrDefault(i) is { } same
                           && (same.Outcome, same.When, same.IsDefault) == (arrow.Outcome, arrow.When, arrow.IsDefault)
                    ? same
                    : null;
                if (kept is null || !Unavoidable(after, kept.To, arrow.To))
                {
                    string[] keys = kept is not null && after.TryGetValue(kept.To, out var local) && local.AddedByRegion ? [$"add:{local.Id}", .. blame] : blame;
                    error($"{ArrowOf(step, arrow)} leidt in de standaard naar '{target.Id}' ({target.Label}); de overlay maakt een weg die daar niet langs gaat. " +
                          $"Een regio mag de uitkomsten en pijlen van vaste stappen niet omleiden: een eigen stap op die pijl gaat verder naar '{target.Id}'.", keys);
                }
            }
        }
    }

    private static string ArrowOf(StepDefinition step, Transition arrow) => arrow switch
    {
        { Outcome: { } outcome } => $"Uitkomst '{outcome}' ({step.Outcomes.FirstOrDefault(o => o.Id == outcome)?.Label ?? outcome}) van '{step.Id}' ({step.Label})",
        { When: { } when } => $"De voorwaarde '{when}' van '{step.Id}' ({step.Label})",
        { IsDefault: true } => $"De standaardtak van '{step.Id}' ({step.Label})",
        _ => $"De pijl na '{step.Id}' ({step.Label})",
    };

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

    /// <summary>
    /// Every organisation whose professionals can start the Meldcode (raise a signal that starts a route
    /// beside the pathway) has an aandachtsfunctionaris to consult in steps 2, 4 and 5: its own (it holds the
    /// role) or the one of the organisation it names under <c>aandachtsfunctionaris</c> (Meldcode step 0).
    /// </summary>
    private static void CheckAandachtsfunctionarissen(PathwayDefinition merged, Action<string, string[]> error)
    {
        if (merged.FindRole(Aandachtsfunctionaris) is not { } lead)
        {
            return;
        }

        // Who may raise each safety signal: the roles it names, else every role with a care relationship.
        var raisers = new Dictionary<string, SignalDefinition>();
        foreach (var signal in merged.Signals.Where(s => s.Starts is not null))
        {
            foreach (var role in signal.RaisedBy.Count > 0 ? signal.RaisedBy : merged.Roles.Where(r => r.CareTeam).Select(r => r.Id))
            {
                raisers.TryAdd(role, signal);
            }
        }

        foreach (var organisation in merged.Organisations)
        {
            var key = $"organisation:{organisation.Id}";
            if (organisation.Aandachtsfunctionaris is { } named)
            {
                if (merged.FindOrganisation(named) is not { } consulted)
                {
                    error($"'aandachtsfunctionaris' van organisatie '{organisation.Name}' verwijst naar onbekende organisatie '{named}'.", [$"{key}.aandachtsfunctionaris"]);
                }
                else if (!consulted.Roles.Contains(lead.Id))
                {
                    error($"'aandachtsfunctionaris' van organisatie '{organisation.Name}' noemt '{consulted.Name}', maar die heeft de rol '{lead.Label}' niet.", [$"{key}.aandachtsfunctionaris"]);
                }

                continue;
            }

            if (organisation.Roles.Contains(lead.Id) || organisation.Roles.FirstOrDefault(raisers.ContainsKey) is not { } role)
            {
                continue;
            }

            var signal = raisers[role];
            var route = merged.FindSubpathway(signal.Starts!)?.Title ?? signal.Starts;
            error($"Organisatie '{organisation.Name}' kan als {merged.RoleLabel(role)} '{signal.Label}' melden en zo '{route}' starten, maar heeft geen aandachtsfunctionaris. " +
                  $"Geef haar de rol '{lead.Label}' of noem onder 'aandachtsfunctionaris' de organisatie wier aandachtsfunctionaris zij raadpleegt.", [key]);
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

            // The Meldcode's report goes to the Veilig Thuis of the municipality (DOMAIN.md §2).
            if (municipality.VeiligThuis is null)
            {
                error($"Gemeente {municipality.Name} ({municipality.Code}) heeft geen Veilig Thuis-organisatie voor een melding in de Meldcode: vul 'veiligThuis' in.", [key]);
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

    /// <summary>
    /// A handover due before a step it follows can be due is overdue by design: it cannot start before that
    /// step is done. Compared only on the same clinical anchor (the birth, the due date); activation
    /// deadlines start at different moments. A handover follows the human steps found walking back over
    /// the arrows through steps nobody does (parallel, join, merge, decision); the walk goes on past a human
    /// step with the same anchor, which cannot start before its own predecessors are done either, and stops
    /// at any other (HANDOVER_JGZ follows KRAAMBED through POSTNATAL_HANDOVERS, also past a region's warm handover).
    /// </summary>
    private static void CheckHandoverDeadlines(PathwayDefinition merged, Action<string, string[]> error)
    {
        var predecessors = merged.Steps.SelectMany(s => s.Successors.Distinct().Select(to => (To: to, From: s))).ToLookup(p => p.To, p => p.From);
        foreach (var handover in merged.Steps.Where(s => s.Kind == StepKind.Handover && s.Deadline is { Anchor: not DeadlineAnchor.Activation }))
        {
            var deadline = handover.Deadline!;
            var seen = new HashSet<string> { handover.Id };
            var walk = new Queue<(StepDefinition Step, StepDefinition? Via)>(predecessors[handover.Id].Select(p => (p, (StepDefinition?)null)));
            while (walk.TryDequeue(out var next))
            {
                var (step, via) = next;
                if (!seen.Add(step.Id))
                {
                    continue;
                }

                if (step.IsHuman && step.Deadline?.Anchor != deadline.Anchor)
                {
                    continue;
                }

                if (step.IsHuman && EndsBefore(deadline, step.Deadline!))
                {
                    // A region's own step is wholly the region's; else the handover's deadline (the template's, or the overlay's change of it).
                    string[] keys = step.AddedByRegion ? [$"step:{step.Id}.deadline"] : [$"step:{handover.Id}.deadline"];
                    var through = via is null ? "" : $" (via '{via.Id}')";
                    error($"De termijn van overdracht '{handover.Id}' ({handover.Label}), {deadline}, eindigt vóór die van '{step.Id}' ({step.Label}), {step.Deadline}, " +
                          $"waar de overdracht{through} op volgt: zo is de overdracht te laat voordat zij kan beginnen. Geef de overdracht ten minste de termijn van '{step.Id}'.", keys);
                }

                foreach (var earlier in predecessors[step.Id])
                {
                    walk.Enqueue((earlier, step.IsHuman ? via ?? step : via));
                }
            }
        }
    }

    /// <summary>Whether a deadline certainly falls before another on the same anchor.</summary>
    private static bool EndsBefore(Deadline deadline, Deadline other) => (deadline.BeforeAnchor, other.BeforeAnchor) switch
    {
        (false, false) => deadline.Duration.IsAtMost(other.Duration) && !other.Duration.IsAtMost(deadline.Duration),
        (true, true) => other.Duration.IsAtMost(deadline.Duration) && !deadline.Duration.IsAtMost(other.Duration),
        (true, false) => true,
        (false, true) => false,
    };

    /// <summary>
    /// A region that swaps a step's questionnaire (the screening instrument) restates every fact the
    /// template ties to the old one (<c>instrument:</c>): a threshold such as two of three questions about
    /// eigen hulpbronnen would otherwise weigh another instrument's answers without anyone deciding so.
    /// </summary>
    private static void CheckInstruments(PathwayDefinition template, PathwayDefinition merged, Overlay overlay, Action<string, string[]> error)
    {
        var restated = overlay.Facts.Select(f => f.Id).ToHashSet();
        foreach (var step in template.Steps.Where(s => s.Questionnaire is not null))
        {
            if (merged.FindStep(step.Id) is not { } kept || kept.Questionnaire == step.Questionnaire)
            {
                continue;
            }

            foreach (var fact in template.Facts.Where(f => f.Instrument == step.Questionnaire && !restated.Contains(f.Id)))
            {
                error($"Feit '{fact.Id}' ({fact.Label}) hoort bij vragenlijst '{step.Questionnaire}' van de standaard: het zoekt haar antwoorden of weegt ze met een drempel van dat instrument. " +
                      $"Met '{kept.Questionnaire}' voor '{step.Id}' betekent het ongemerkt iets anders; leg '{fact.Id}' onder 'facts' opnieuw vast voor het eigen instrument.",
                    [$"change:{step.Id}.questionnaire", $"step:{step.Id}.questionnaire"]);
            }
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
