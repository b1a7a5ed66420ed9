using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Customisation;

/// <summary>The operational pathway a region's overlay makes of a template, or why it cannot.</summary>
public sealed record MergeResult(PathwayDefinition? Definition, IReadOnlyList<PathwayError> Errors, SourceMap Source)
{
    public bool IsValid => Definition is not null && Errors.Count == 0;
}

/// <summary>
/// Applies an overlay to its template: the result is a full <see cref="PathwayDefinition"/>, the
/// model the runtime executes. Every change is checked against the template's customisation rules
/// as it is applied (with the overlay line that asks for it); then the language's static checks and
/// the standard's invariants run on the result.
/// </summary>
public static class OverlayMerge
{
    /// <param name="published">
    /// A version published before: it was checked against the standard's rules of its day. Rules added
    /// since (<see cref="StandardInvariants"/>) apply to new versions, which <c>recheck</c> names; they do
    /// not take the version away from the clients already running on it.
    /// </param>
    public static MergeResult Merge(PathwayDefinition template, SourceMap templateSource, Overlay overlay, SourceMap overlaySource, bool published = false)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(templateSource);
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(overlaySource);

        var errors = new List<PathwayError>();
        void Error(string message, params string[] keys) => errors.Add(overlaySource.Error(message, keys));

        if (overlay.Template.Template != template.Id || overlay.Template.Version != template.Version)
        {
            Error($"Deze overlay hoort bij '{overlay.Template.Template}' versie {overlay.Template.Version}, niet bij '{template.Id}' versie {template.Version}. " +
                  "Controleer de overlay tegen die versie en pas 'template' aan.", "template.version", "template.id");
            return new MergeResult(null, errors, overlaySource);
        }

        var source = templateSource.CopyFor(overlay.SourceFile);
        source.Overlay(overlaySource);
        var steps = template.Steps.ToList();

        RemoveSteps(steps, overlay, Error);
        ChangeSteps(template, steps, overlay, overlaySource, source, Error);
        AddSteps(steps, overlay, Error);
        SetReferrals(steps, overlay, Error);

        var questionnaires = template.Questionnaires.ToList();
        foreach (var questionnaire in overlay.Questionnaires)
        {
            if (questionnaires.Any(q => q.Id == questionnaire.Id))
            {
                Error($"Vragenlijst '{questionnaire.Id}' bestaat al in de standaard; geef de eigen vragenlijst een andere naam.", $"questionnaire:{questionnaire.Id}");
                continue;
            }

            questionnaires.Add(questionnaire);
        }

        // A region's instrument brings its own facts: one with a template fact's name replaces it.
        var facts = template.Facts.ToList();
        foreach (var fact in overlay.Facts)
        {
            var index = facts.FindIndex(f => f.Id == fact.Id);
            if (index >= 0)
            {
                facts[index] = fact;
            }
            else
            {
                facts.Add(fact);
            }
        }

        var merged = template with
        {
            Id = overlay.Id,
            Version = overlay.Version,
            Title = overlay.Title,
            Status = overlay.Status,
            Publisher = overlay.Publisher ?? template.Publisher,
            DerivesFrom = overlay.Template,
            WorkingDays = overlay.WorkingDays ?? template.WorkingDays,
            Settings = MergeSettings(template, overlay, Error),
            Questionnaires = questionnaires,
            Facts = facts,
            Steps = steps,
            Organisations = overlay.Organisations,
            Municipalities = overlay.Municipalities,
            SourceFile = overlay.SourceFile,
        };

        if (errors.Count == 0)
        {
            errors.AddRange(PathwayChecks.Run(merged, source));
            if (!published)
            {
                errors.AddRange(StandardInvariants.Check(template, merged, overlay, source));
            }
        }

        var sorted = errors.Distinct().OrderBy(e => e.File != overlay.SourceFile).ThenBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return new MergeResult(sorted.Count == 0 ? merged : null, sorted, source);
    }

    /// <summary>The standard's settings with the region's values; a value outside the bounds, or an unknown setting, is an error at its line.</summary>
    private static List<SettingDefinition> MergeSettings(PathwayDefinition template, Overlay overlay, Action<string, string[]> error)
    {
        foreach (var id in overlay.Settings.Keys.Where(id => template.Settings.All(s => s.Id != id)))
        {
            error(template.Settings.Count == 0
                ? $"Onbekende instelling '{id}': de standaard heeft geen instellingen."
                : $"Onbekende instelling '{id}'; de standaard kent: {string.Join(", ", template.Settings.Select(s => s.Id))}.", [$"settings.{id}"]);
        }

        return template.Settings.Select(setting =>
        {
            if (!overlay.Settings.TryGetValue(setting.Id, out var value))
            {
                return setting;
            }

            if (value < setting.Min || value > setting.Max)
            {
                error($"Instelling '{setting.Id}' ({setting.Label}) ligt tussen {setting.Min} en {setting.Max} (de grenzen van de standaard); de overlay zegt {value}.", [$"settings.{setting.Id}"]);
                return setting;
            }

            return setting with { Chosen = value };
        }).ToList();
    }

    private static void RemoveSteps(List<StepDefinition> steps, Overlay overlay, Action<string, string[]> error)
    {
        for (var i = 0; i < overlay.RemovedSteps.Count; i++)
        {
            var id = overlay.RemovedSteps[i];
            var key = $"remove[{i}]";
            var step = steps.FirstOrDefault(s => s.Id == id);
            if (step is null)
            {
                error($"Stap '{id}' bestaat niet in de standaard en kan dus niet worden uitgeschakeld.", [key]);
                continue;
            }

            if (step.Customisation.Locked || !step.Customisation.Optional)
            {
                var reason = step.Customisation.Reason ?? "de standaard schrijft deze stap voor";
                error($"Stap '{id}' ({step.Label}) mag niet worden uitgeschakeld: {reason}", [key]);
                continue;
            }

            // The arrows into the step now go where the step would have gone.
            var onward = (step.Transitions.FirstOrDefault(t => t.IsDefault || t.IsUnconditional) ?? step.Transitions[0]).To;
            steps.Remove(step);
            Redirect(steps, from: id, to: onward);
        }
    }

    private static void Redirect(List<StepDefinition> steps, string from, string to, string? only = null)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if ((only is null || steps[i].Id == only) && steps[i].Transitions.Any(t => t.To == from))
            {
                steps[i] = steps[i] with { Transitions = steps[i].Transitions.Select(t => t.To == from ? t with { To = to } : t).ToList() };
            }
        }
    }

    private static void ChangeSteps(
        PathwayDefinition template, List<StepDefinition> steps, Overlay overlay, SourceMap overlaySource, SourceMap source, Action<string, string[]> error)
    {
        foreach (var change in overlay.ChangedSteps)
        {
            var key = $"change:{change.StepId}";
            var index = steps.FindIndex(s => s.Id == change.StepId);
            if (index < 0)
            {
                error(template.FindStep(change.StepId) is null
                    ? $"Stap '{change.StepId}' bestaat niet in de standaard."
                    : $"Stap '{change.StepId}' is uitgeschakeld en kan niet ook gewijzigd worden.", [key]);
                continue;
            }

            var step = steps[index];
            var policy = step.Customisation;
            var reason = policy.Reason is null ? "" : $" ({policy.Reason})";
            if (change.Deadline is { } deadline)
            {
                if (policy.Deadline == ChangeRule.Locked)
                {
                    error($"De termijn van '{step.Id}' ({step.Label}) ligt vast{reason}.", [$"{key}.deadline"]);
                }
                else if (policy.Deadline == ChangeRule.ShortenOnly && step.Deadline is { Urgent: { } urgentStandard } && (deadline.Urgent is not { } urgentOwn || !urgentOwn.IsAtMost(urgentStandard)))
                {
                    error($"De spoedtermijn van '{step.Label}' mag korter, tot {urgentStandard}, niet langer of weg: de standaard zegt 'bij spoed binnen {urgentStandard}'"
                        + (deadline.Urgent is { } given ? $", de regio 'binnen {given}'." : "; de regio noemt geen spoedtermijn ('urgent')."), [$"{key}.deadline"]);
                }
                else if (policy.Deadline == ChangeRule.ShortenOnly && step.Deadline is { } standard && !IsNoLater(deadline, standard))
                {
                    error(deadline.Anchor != standard.Anchor || deadline.BeforeAnchor != standard.BeforeAnchor
                        ? $"De termijn van '{step.Id}' ({step.Label}) moet hetzelfde ankerpunt houden als de standaard: '{standard}'."
                        : $"De termijn van '{step.Label}' {ShorterUpTo(standard)}: de standaard zegt '{standard}', de regio '{deadline}'.",
                        [$"{key}.deadline"]);
                }
                else
                {
                    step = step with { Deadline = deadline };
                    source.Alias($"step:{step.Id}.deadline", overlaySource, $"{key}.deadline");
                }
            }

            if (change.Role is { } role)
            {
                if (policy.Role == ChangeRule.Locked)
                {
                    error($"De verantwoordelijke rol van '{step.Id}' ({step.Label}) ligt vast: {template.RoleLabel(step.Role ?? "")}{reason}.", [$"{key}.role"]);
                }
                else
                {
                    step = step with { Role = role };
                    source.Alias($"step:{step.Id}.role", overlaySource, $"{key}.role");
                }
            }

            if (change.Questionnaire is { } questionnaire)
            {
                if (policy.Questionnaire == ChangeRule.Locked)
                {
                    error($"De vragenlijst van '{step.Id}' ({step.Label}) ligt vast{reason}.", [$"{key}.questionnaire"]);
                }
                else if (policy.AllowedQuestionnaires.Count > 0 && !policy.AllowedQuestionnaires.Contains(questionnaire))
                {
                    error($"Vragenlijst '{questionnaire}' staat niet tussen de instrumenten die de standaard voor '{step.Id}' toestaat: {string.Join(", ", policy.AllowedQuestionnaires)}.", [$"{key}.questionnaire"]);
                }
                else
                {
                    step = step with { Questionnaire = questionnaire };
                    source.Alias($"step:{step.Id}.questionnaire", overlaySource, $"{key}.questionnaire");
                }
            }

            if (change.Outcomes is { } outcomes)
            {
                // The outcomes are the standard's decision points (the Meldcode's 'melden' above all, DOMAIN.md §7): no rule lets a region change them.
                var dropped = step.Outcomes.Where(o => !outcomes.Contains(o.Id)).Select(o => $"'{o.Id}' ({o.Label})").ToList();
                error($"De uitkomsten van '{step.Id}' ({step.Label}) komen uit de standaard en liggen vast{reason}: een regio kan ze niet weglaten, hernoemen of toevoegen" +
                      (dropped.Count > 0 ? $"; deze overlay laat {string.Join(", ", dropped)} weg." : ".") +
                      " Een eigen afweging krijgt een eigen stap (steps.add).", [$"{key}.outcomes"]);
            }

            if (change.Instructions is not null || change.Description is not null)
            {
                if (policy.Instructions == ChangeRule.Locked)
                {
                    error($"De teksten van '{step.Id}' ({step.Label}) liggen vast{reason}.", [$"{key}.instructions", $"{key}.description", key]);
                }
                else
                {
                    // A sentence of the standard about safety stays; the region's own text comes after it.
                    step = step with
                    {
                        Instructions = SafetyText.Kept(step.Instructions, change.Instructions) ?? step.Instructions,
                        Description = SafetyText.Kept(step.Description, change.Description) ?? step.Description,
                    };
                }
            }

            steps[index] = step;
        }
    }

    /// <summary>
    /// How far a region may go with a shorten-only deadline, in words ("mag korter, tot 14 dagen, niet langer"):
    /// the message is read by the region's coordinator beside the field, not only by whoever edits the file.
    /// </summary>
    private static string ShorterUpTo(Deadline standard) => (standard.Anchor, standard.BeforeAnchor) switch
    {
        (DeadlineAnchor.Activation, _) => $"mag korter, tot {standard.Duration}, niet langer",
        (_, true) => $"mag eerder, uiterlijk {standard.Duration} vóór {Deadline.AnchorLabel(standard.Anchor)}, niet later",
        _ => $"mag korter, tot {standard.Duration} na {Deadline.AnchorLabel(standard.Anchor)}, niet langer",
    };

    /// <summary>Whether a region's deadline falls no later than the standard's (same anchor and direction).</summary>
    private static bool IsNoLater(Deadline region, Deadline standard) =>
        region.Anchor == standard.Anchor && region.BeforeAnchor == standard.BeforeAnchor &&
        (standard.BeforeAnchor ? standard.Duration.IsAtMost(region.Duration) : region.Duration.IsAtMost(standard.Duration));

    private static void AddSteps(List<StepDefinition> steps, Overlay overlay, Action<string, string[]> error)
    {
        foreach (var added in overlay.AddedSteps)
        {
            var key = $"add:{added.Step.Id}";
            var after = steps.FirstOrDefault(s => s.Id == added.After);
            if (steps.Any(s => s.Id == added.Step.Id))
            {
                error($"Stap-id '{added.Step.Id}' bestaat al; geef de lokale stap een eigen id.", [$"step:{added.Step.Id}"]);
                continue;
            }

            if (after is null || !after.Successors.Contains(added.Before))
            {
                var (from, to) = (after?.Label ?? added.After, steps.FirstOrDefault(s => s.Id == added.Before)?.Label ?? added.Before);
                error($"Er is geen pijl van '{from}' naar '{to}'; een lokale stap komt tussen twee stappen die direct op elkaar volgen.", [key]);
                continue;
            }

            var step = added.Step with
            {
                Within = after.Within,
                Transitions = added.Step.Transitions.Count > 0 ? added.Step.Transitions : [new Transition(added.Before)],
            };
            Redirect(steps, from: added.Before, to: step.Id, only: added.After);
            steps.Insert(steps.IndexOf(steps.First(s => s.Id == added.After)) + 1, step);
        }
    }

    private static void SetReferrals(List<StepDefinition> steps, Overlay overlay, Action<string, string[]> error)
    {
        foreach (var referrals in overlay.Referrals)
        {
            var key = $"referrals:{referrals.StepId}";
            var index = steps.FindIndex(s => s.Id == referrals.StepId);
            if (index < 0)
            {
                error($"Verwijsmogelijkheden voor onbekende stap '{referrals.StepId}'.", [key]);
                continue;
            }

            for (var i = 0; i < referrals.Options.Count; i++)
            {
                if (overlay.Organisations.All(o => o.Id != referrals.Options[i].Organisation))
                {
                    error($"Verwijsmogelijkheid naar onbekende organisatie '{referrals.Options[i].Organisation}': voeg haar toe onder 'organisations'.", [$"{key}.options[{i}]", key]);
                }
            }

            steps[index] = steps[index] with { ReferralOptions = referrals.Options };
        }
    }
}
