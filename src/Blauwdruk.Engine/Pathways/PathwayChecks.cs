using System.Text.RegularExpressions;

namespace Blauwdruk.Engine.Pathways;

/// <summary>
/// The static checks on a read pathway: every reference resolves, every step can be reached and can
/// reach an end, decisions have a default, joins can complete. Messages are Dutch, for pathway authors.
/// </summary>
internal static partial class PathwayChecks
{
    /// <summary>FHIRPath environment variables that are not facts.</summary>
    private static readonly HashSet<string> BuiltInVariables = ["record", "resource", "rootResource", "context", "ucum", "sct", "loinc", "now"];

    [GeneratedRegex(@"%([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();

    public static List<PathwayError> Run(PathwayDefinition definition, SourceMap at)
    {
        var errors = new List<PathwayError>();
        void Error(string message, params string[] keys) => errors.Add(at.Error(message, keys));

        var steps = definition.Steps.ToDictionary(s => s.Id);
        var roles = definition.Roles.Select(r => r.Id).ToHashSet();
        // Facts whose own expression failed still count as declared: one error, not one per use.
        // Settings are there before any fact; facts and conditions read both as %id.
        var facts = at.Declared("fact").Concat(definition.Settings.Select(s => s.Id)).ToHashSet();

        // A fact may use the facts declared before it: they are evaluated in order.
        var factOrder = definition.Facts.Select((f, index) => (f.Id, index)).ToDictionary(p => p.Id, p => p.index);
        for (var i = 0; i < definition.Facts.Count; i++)
        {
            var fact = definition.Facts[i];
            // Facts that failed to read are not in the list; count them as earlier, to avoid a second error.
            var earlier = facts.Where(f => factOrder.GetValueOrDefault(f, -1) < i).ToHashSet(); // settings have no order: -1
            CheckVariables(fact.Expression, earlier, $"feit '{fact.Id}' (alleen eerder gedefinieerde feiten)", Error, $"fact:{fact.Id}.expression");
            if (fact.Instrument is { } instrument && definition.FindQuestionnaire(instrument) is null)
            {
                Error($"Feit '{fact.Id}' noemt bij 'instrument' onbekende vragenlijst '{instrument}'.", $"fact:{fact.Id}.instrument");
            }
        }

        CheckStart(definition.StartStepId, null, steps, Error, "start");
        foreach (var subpathway in definition.Subpathways)
        {
            CheckStart(subpathway.StartStepId, subpathway.Id, steps, Error, $"subpathway:{subpathway.Id}.start");
        }

        foreach (var step in definition.Steps)
        {
            CheckStep(definition, step, steps, roles, facts, at, Error);
        }

        foreach (var signal in definition.Signals)
        {
            CheckSignal(definition, signal, steps, roles, Error);
        }

        if (!definition.MainSteps.Any(s => s.Kind == StepKind.End))
        {
            Error("Het zorgpad heeft geen eindstap (kind: end).", "start");
        }

        foreach (var subpathway in definition.Subpathways.Where(s => !definition.StepsOf(s).Any(step => step.Kind == StepKind.End)))
        {
            Error($"Deelpad '{subpathway.Id}' heeft geen eindstap (kind: end).", $"subpathway:{subpathway.Id}");
        }

        CheckReachability(definition, steps, Error);
        foreach (var join in definition.Steps.Where(s => s.Kind == StepKind.Join))
        {
            CheckJoin(definition, join, steps, Error);
        }

        return errors;
    }

    private static void CheckStart(string startId, string? within, Dictionary<string, StepDefinition> steps, Action<string, string[]> error, string key)
    {
        if (startId.Length == 0)
        {
            return;
        }

        if (!steps.TryGetValue(startId, out var start))
        {
            error($"Startstap '{startId}' bestaat niet.", [key]);
        }
        else if (start.Within != within)
        {
            error($"Startstap '{startId}' hoort bij {FlowName(start.Within)}, niet bij {FlowName(within)}.", [key]);
        }
    }

    private static string FlowName(string? within) => within is null ? "het hoofdpad" : $"deelpad '{within}'";

    private static void CheckStep(
        PathwayDefinition definition, StepDefinition step, Dictionary<string, StepDefinition> steps,
        HashSet<string> roles, HashSet<string> facts, SourceMap at, Action<string, string[]> error)
    {
        var key = $"step:{step.Id}";
        void Error(string message, params string[] keys) => error(message, [.. keys, key]);

        if (step.IsHuman && step.Role is null)
        {
            Error($"Stap '{step.Id}' wordt door een mens gedaan maar heeft geen verantwoordelijke rol: voeg 'role' toe.");
        }

        if (step.Role is not null && !roles.Contains(step.Role))
        {
            Error($"Stap '{step.Id}' verwijst naar onbekende rol '{step.Role}'.", $"{key}.role");
        }

        for (var i = 0; i < step.Involved.Count; i++)
        {
            if (!roles.Contains(step.Involved[i]))
            {
                Error($"Stap '{step.Id}' noemt onbekende betrokken rol '{step.Involved[i]}'.", $"{key}.involved[{i}]");
            }
        }

        if (step.Questionnaire is not null && definition.FindQuestionnaire(step.Questionnaire) is null)
        {
            Error($"Stap '{step.Id}' verwijst naar onbekende vragenlijst '{step.Questionnaire}'.", $"{key}.questionnaire");
        }

        foreach (var deadline in new[] { (step.Deadline, "deadline"), (step.Until, "until") })
        {
            if (deadline.Item1?.EscalateTo is { } escalateTo && !roles.Contains(escalateTo))
            {
                Error($"De termijn van stap '{step.Id}' escaleert naar onbekende rol '{escalateTo}'.", $"{key}.{deadline.Item2}.escalateTo");
            }
        }

        CheckKindSpecificFields(definition, step, roles, at, Error);
        CheckTransitions(step, steps, facts, Error);
    }

    private static void CheckKindSpecificFields(PathwayDefinition definition, StepDefinition step, HashSet<string> roles, SourceMap at, Action<string, string[]> error)
    {
        var key = $"step:{step.Id}";
        void NotHere(bool present, string field, string kinds)
        {
            if (present)
            {
                error($"Veld '{field}' hoort niet bij een stap van type {KindName(step.Kind)} ('{step.Id}'); alleen bij {kinds}.", [$"{key}.{field}"]);
            }
        }

        NotHere(step.Role is not null && !step.IsHuman, "role", "task en handover");
        NotHere(step.Questionnaire is not null && step.Kind != StepKind.Task, "questionnaire", "task");
        NotHere(step.Outcomes.Count > 0 && step.Kind != StepKind.Task, "outcomes", "task");
        NotHere(step.Event is not null && step.Kind != StepKind.Wait, "event", "wait");
        NotHere(step.Until is not null && step.Kind != StepKind.Timer, "until", "timer");
        NotHere(step.Handover is not null && step.Kind != StepKind.Handover, "handover", "handover");
        NotHere(step.Recipient is not null && step.Kind != StepKind.Handover, "recipient", "handover");
        NotHere(step.Subpathway is not null && step.Kind != StepKind.Subpathway, "subpathway", "subpathway");
        NotHere(step.RequiredSections.Count > 0 && step.Kind != StepKind.Handover, "requiredSections", "handover");
        foreach (var part in step.RequiredSections.Where(p => HandoverParts.All.All(known => known.Id != p)))
        {
            error($"Stap '{step.Id}' noemt een onbekend onderdeel '{part}' in 'requiredSections'; kies uit: {string.Join(", ", HandoverParts.All.Select(p => p.Id))}.", [$"{key}.requiredSections"]);
        }
        NotHere(step.Deadline is not null && step.Kind is StepKind.End or StepKind.Decision or StepKind.Parallel or StepKind.Join or StepKind.Merge or StepKind.Timer,
            "deadline", "task, handover, wait en subpathway");

        switch (step.Kind)
        {
            case StepKind.Wait when step.Event is null:
                error($"Wachtstap '{step.Id}' zegt niet waarop hij wacht: voeg 'event' toe (een signaal).", [key]);
                break;
            case StepKind.Wait when definition.FindSignal(step.Event) is null && !at.Contains($"signal:{step.Event}"):
                error($"Wachtstap '{step.Id}' wacht op onbekend signaal '{step.Event}'.", [$"{key}.event"]);
                break;
            case StepKind.Timer when step.Until is null && !at.Contains($"{key}.until"):
                error($"Timerstap '{step.Id}' zegt niet tot wanneer hij wacht: voeg 'until' toe.", [key]);
                break;
            case StepKind.Handover when step.Handover is null:
                error($"Overdrachtstap '{step.Id}' zegt niet welke overdracht: voeg 'handover: prenatal' of 'handover: postnatal' toe.", [key]);
                break;
            case StepKind.Handover when step.Recipient is null:
                error($"Overdrachtstap '{step.Id}' zegt niet aan wie: voeg 'recipient' toe (bijvoorbeeld jgz-verpleegkundige).", [key]);
                break;
            case StepKind.Handover when !roles.Contains(step.Recipient!):
                error($"Overdrachtstap '{step.Id}' draagt over aan onbekende rol '{step.Recipient}'.", [$"{key}.recipient"]);
                break;
            case StepKind.Subpathway when step.Subpathway is null:
                error($"Stap '{step.Id}' zegt niet welk deelpad hij uitvoert: voeg 'subpathway' toe.", [key]);
                break;
            case StepKind.Subpathway when definition.FindSubpathway(step.Subpathway) is null:
                error($"Stap '{step.Id}' verwijst naar onbekend deelpad '{step.Subpathway}'.", [$"{key}.subpathway"]);
                break;
        }
    }

    private static void CheckTransitions(StepDefinition step, Dictionary<string, StepDefinition> steps, HashSet<string> facts, Action<string, string[]> error)
    {
        var key = $"step:{step.Id}";
        if (step.Requires.Count > 0 && !step.IsHuman)
        {
            error($"Stap '{step.Id}' is geen taak: alleen een taak die iemand afrondt kan regels ('requires') hebben.", [$"{key}.requires[0]"]);
        }

        foreach (var (rule, i) in step.Requires.Select((r, i) => (r, i)))
        {
            CheckVariables(rule.When, facts, $"regel {i + 1} van stap '{step.Id}'", error, $"{key}.requires[{i}].when");
        }

        foreach (var outcome in step.Outcomes)
        {
            foreach (var (rule, i) in outcome.Requires.Select((r, i) => (r, i)))
            {
                CheckVariables(rule.When, facts, $"regel {i + 1} van uitkomst '{outcome.Id}' van stap '{step.Id}'", error, $"{key}.outcome:{outcome.Id}.requires[{i}].when");
            }
        }

        var transitions = step.Transitions;
        if (step.Kind == StepKind.End)
        {
            if (transitions.Count > 0)
            {
                error($"Eindstap '{step.Id}' kan geen vervolgstap hebben.", [$"{key}.transitions[0]"]);
            }

            return;
        }

        if (transitions.Count == 0)
        {
            error($"Stap '{step.Id}' heeft geen vervolgstap: voeg 'next' toe.", [key]);
            return;
        }

        for (var i = 0; i < transitions.Count; i++)
        {
            var transition = transitions[i];
            var transitionKey = $"{key}.transitions[{i}]";
            if (!steps.TryGetValue(transition.To, out var target))
            {
                error($"Stap '{step.Id}' verwijst naar onbekende vervolgstap '{transition.To}'.", [transitionKey]);
            }
            else if (target.Within != step.Within)
            {
                error($"Stap '{step.Id}' ({FlowName(step.Within)}) kan niet naar '{transition.To}' in {FlowName(target.Within)}; gebruik een subpathway-stap.", [transitionKey]);
            }

            if (transition.When is not null)
            {
                CheckVariables(transition.When, facts, $"de overgang van '{step.Id}' naar '{transition.To}'", error, $"{transitionKey}.when");
            }

            if (transition.Outcome is not null && step.Outcomes.All(o => o.Id != transition.Outcome))
            {
                error($"Overgang van '{step.Id}' naar '{transition.To}' noemt uitkomst '{transition.Outcome}', die stap '{step.Id}' niet heeft.", [$"{transitionKey}.outcome", transitionKey]);
            }
        }

        var defaults = transitions.Count(t => t.IsDefault);
        switch (step.Kind)
        {
            case StepKind.Decision when defaults == 0:
                error($"Beslissing '{step.Id}' heeft geen standaardtak: geef één overgang 'default: true' voor als geen voorwaarde geldt.", [key]);
                break;
            case StepKind.Decision when transitions.Any(t => t.Outcome is not null):
                error($"Beslissing '{step.Id}' kiest op voorwaarden ('when'), niet op uitkomsten; uitkomsten horen bij een taak.", [key]);
                break;
            case StepKind.Decision when transitions.Any(t => !t.IsDefault && t.When is null):
                error($"Beslissing '{step.Id}' heeft een overgang zonder voorwaarde die geen standaardtak is.", [key]);
                break;
            case StepKind.Parallel when transitions.Count < 2:
                error($"Parallelle stap '{step.Id}' heeft minstens twee takken nodig ('branches').", [key]);
                break;
            case StepKind.Parallel when transitions.Any(t => !t.IsUnconditional):
                error($"Parallelle stap '{step.Id}' start al zijn takken; takken hebben geen voorwaarden.", [key]);
                break;
            case StepKind.Parallel:
                break;
            case StepKind.Join or StepKind.Merge when transitions.Count > 1 || !transitions[0].IsUnconditional:
                error($"Stap '{step.Id}' ({KindName(step.Kind)}) heeft precies één vervolgstap zonder voorwaarde: gebruik 'next'.", [key]);
                break;
            case not StepKind.Decision when transitions.Count > 1 && defaults != 1:
                error($"Stap '{step.Id}' heeft meerdere vervolgstappen maar niet precies één standaardtak ('default: true').", [key]);
                break;
            case not StepKind.Decision when transitions.Count > 1 && transitions.Any(t => !t.IsDefault && t.Outcome is null && t.When is null):
                error($"Stap '{step.Id}' heeft een vervolgstap zonder 'outcome' of 'when'; alleen de standaardtak mag onvoorwaardelijk zijn.", [key]);
                break;
        }

        if (defaults > 1)
        {
            error($"Stap '{step.Id}' heeft {defaults} standaardtakken; er mag er één zijn.", [key]);
        }
    }

    private static void CheckVariables(string expression, HashSet<string> facts, string what, Action<string, string[]> error, string key)
    {
        foreach (Match match in Variable().Matches(expression))
        {
            var name = match.Groups[1].Value;
            if (!facts.Contains(name) && !BuiltInVariables.Contains(name))
            {
                error($"De FHIRPath-expressie van {what} gebruikt onbekend feit '%{name}'.", [key]);
            }
        }
    }

    private static void CheckSignal(PathwayDefinition definition, SignalDefinition signal, Dictionary<string, StepDefinition> steps, HashSet<string> roles, Action<string, string[]> error)
    {
        var key = $"signal:{signal.Id}";
        for (var i = 0; i < signal.RaisedBy.Count; i++)
        {
            if (!roles.Contains(signal.RaisedBy[i]))
            {
                error($"Signaal '{signal.Id}' kan gegeven worden door onbekende rol '{signal.RaisedBy[i]}'.", [$"{key}.raisedBy[{i}]", key]);
            }
        }

        if (signal.Starts is null && signal.GoesTo is null && !definition.Steps.Any(s => s.Event == signal.Id))
        {
            error($"Signaal '{signal.Id}' doet niets: geef 'starts' (een deelpad), 'goesTo' (een stap) of laat een wachtstap erop wachten.", [key]);
        }

        if (signal.Starts is not null && definition.FindSubpathway(signal.Starts) is null)
        {
            error($"Signaal '{signal.Id}' start onbekend deelpad '{signal.Starts}'.", [$"{key}.starts"]);
        }

        if (signal.GoesTo is not null && (!steps.TryGetValue(signal.GoesTo, out var target) || target.Within is not null))
        {
            error($"Signaal '{signal.Id}' gaat naar '{signal.GoesTo}', die geen stap van het hoofdpad is.", [$"{key}.goesTo"]);
        }

        if (signal.Interrupts is not null && signal.GoesTo is null)
        {
            error($"Signaal '{signal.Id}' onderbreekt stappen maar zegt niet waar het pad verdergaat: voeg 'goesTo' toe.", [$"{key}.interrupts"]);
        }
    }

    private static string KindName(StepKind kind) => kind.ToString().ToLowerInvariant();
}
