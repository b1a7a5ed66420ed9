using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Blauwdruk.Engine.Pathways;

/// <summary>
/// Reads a step as the pathway language writes it, with its outcomes, arrows, deadline and what a region
/// may change of it. Pathways read their steps here and overlays their local steps, so a step a region
/// adds is written exactly like a template step.
/// </summary>
internal sealed partial class StepReader(PositionedYaml yaml)
{
    private static readonly string[] StepKeys =
        ["id", "kind", "label", "description", "instructions", "phase", "role", "involved", "questionnaire", "outcomes", "requires",
         "deadline", "next", "transitions", "branches", "event", "until", "handover", "recipient", "subpathway", "customisation", "client", "requiredSections", "note"];

    private static readonly string[] CustomisationKeys = ["locked", "reason", "optional", "deadline", "role", "questionnaire", "questionnaires", "instructions", "note"];
    private static readonly string[] DeadlineKeys = ["within", "from", "before", "by", "remindBefore", "escalateTo", "urgent"];

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex StepId();

    internal void ReadStep(YamlNode node, string? within, List<StepDefinition> steps)
    {
        if (node is not YamlMappingNode mapping)
        {
            yaml.Error(node.Start, "Een stap is een mapping met ten minste 'id', 'kind' en 'label'.");
            return;
        }

        var id = yaml.RequiredString(mapping, "id", "een stap", null);
        var where = "stap " + (id ?? "?");
        yaml.CheckKeys(mapping, StepKeys, where);
        if (id is null)
        {
            return;
        }

        var key = $"step:{id}";
        if (!StepId().IsMatch(id))
        {
            yaml.Error(mapping, "id", $"Ongeldige stap-id '{id}': gebruik hoofdletters, cijfers en underscores, beginnend met een letter (bijvoorbeeld SCREEN_PPS).");
        }

        if (steps.Any(s => s.Id == id))
        {
            var (line, _) = yaml.Source.At(key);
            yaml.Error(mapping, "id", $"Stap-id '{id}' komt twee keer voor (eerder op regel {line}).");
            return;
        }

        yaml.Source.Add(key, PositionedYaml.Child(mapping, "id")!.Start);
        var kind = yaml.ReadEnum(mapping, "kind", $"{key}.kind", StepKind.Task,
            ("task", StepKind.Task), ("decision", StepKind.Decision), ("parallel", StepKind.Parallel), ("join", StepKind.Join), ("merge", StepKind.Merge),
            ("wait", StepKind.Wait), ("timer", StepKind.Timer), ("handover", StepKind.Handover), ("subpathway", StepKind.Subpathway),
            ("end", StepKind.End));
        if (PositionedYaml.Child(mapping, "kind") is null)
        {
            yaml.Error(mapping.Start, $"Verplicht veld 'kind' ontbreekt bij {where}.");
        }

        steps.Add(new StepDefinition
        {
            Id = id,
            Kind = kind,
            Label = yaml.RequiredString(mapping, "label", where, $"{key}.label") ?? id,
            Description = yaml.OptionalString(mapping, "description", $"{key}.description"),
            Instructions = yaml.OptionalString(mapping, "instructions", $"{key}.instructions"),
            ClientText = yaml.OptionalString(mapping, "client", $"{key}.client"),
            RequiredSections = yaml.StringList(mapping, "requiredSections", $"{key}.requiredSections"),
            Within = within,
            Phase = PositionedYaml.Child(mapping, "phase") is null ? StepPhase.Any : ReadPhase(mapping, $"{key}.phase"),
            Role = yaml.OptionalString(mapping, "role", $"{key}.role"),
            Involved = yaml.StringList(mapping, "involved", $"{key}.involved"),
            Questionnaire = yaml.OptionalString(mapping, "questionnaire", $"{key}.questionnaire"),
            Outcomes = ReadOutcomes(mapping, key),
            Requires = ReadRequirements(mapping, key, where),
            Deadline = ReadDeadline(mapping, "deadline", $"{key}.deadline"),
            Transitions = ReadTransitions(mapping, key, where),
            Event = yaml.OptionalString(mapping, "event", $"{key}.event"),
            Until = ReadDeadline(mapping, "until", $"{key}.until"),
            Handover = PositionedYaml.Child(mapping, "handover") is null ? null
                : yaml.ReadEnum(mapping, "handover", $"{key}.handover", HandoverKind.Prenatal, ("prenatal", HandoverKind.Prenatal), ("postnatal", HandoverKind.Postnatal)),
            Recipient = yaml.OptionalString(mapping, "recipient", $"{key}.recipient"),
            Subpathway = yaml.OptionalString(mapping, "subpathway", $"{key}.subpathway"),
            Customisation = ReadCustomisation(mapping, key),
            Note = ReadNote(mapping, key),
        });
    }

    /// <summary>A step's free-text field (<c>note: {label, required}</c>): what the professional records in her own words.</summary>
    private StepNote? ReadNote(YamlMappingNode step, string key)
    {
        if (PositionedYaml.Child(step, "note") is not { } node)
        {
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            yaml.Error(node.Start, "'note' is een mapping met 'label' en zo nodig 'required: true'.");
            return null;
        }

        yaml.CheckKeys(mapping, ["label", "required"], "een notitieveld");
        var label = yaml.RequiredString(mapping, "label", "een notitieveld", $"{key}.note.label");
        return label is null ? null : new StepNote(label, yaml.ReadBool(mapping, "required", $"{key}.note.required") ?? false);
    }

    private List<OutcomeDefinition> ReadOutcomes(YamlMappingNode step, string key)
    {
        var outcomes = new List<OutcomeDefinition>();
        foreach (var mapping in yaml.Mappings(yaml.OptionalSequence(step, "outcomes"), "Een uitkomst is een mapping met 'id' en 'label'."))
        {
            yaml.CheckKeys(mapping, ["id", "label", "requires", "urgent", "noAnswers"], "een uitkomst");
            var id = yaml.RequiredString(mapping, "id", "een uitkomst", null);
            if (id is null || !yaml.Unique(mapping, "outcome", id, outcomes.Select(o => o.Id), "Uitkomst"))
            {
                continue;
            }

            yaml.Source.Add($"{key}.outcome:{id}", PositionedYaml.Child(mapping, "id")!.Start);
            outcomes.Add(new OutcomeDefinition(id, yaml.RequiredString(mapping, "label", $"uitkomst {id}", null) ?? id)
            {
                Requires = ReadRequirements(mapping, $"{key}.outcome:{id}", $"uitkomst '{id}'"),
                Urgent = yaml.ReadBool(mapping, "urgent", $"{key}.outcome:{id}.urgent") ?? false,
                NoAnswers = yaml.ReadBool(mapping, "noAnswers", $"{key}.outcome:{id}.noAnswers") ?? false,
            });
        }

        return outcomes;
    }

    /// <summary>A list of rules (<c>requires: [{when, reason}]</c>), each compiled once.</summary>
    private List<Requirement> ReadRequirements(YamlMappingNode owner, string key, string where)
    {
        var requirements = new List<Requirement>();
        var i = 0;
        foreach (var mapping in yaml.Mappings(yaml.OptionalSequence(owner, "requires"), $"Een regel onder 'requires' van {where} is een mapping met 'when' en 'reason'."))
        {
            var ruleKey = $"{key}.requires[{i++}]";
            yaml.CheckKeys(mapping, ["when", "reason"], $"een regel van {where}");
            yaml.Source.Add(ruleKey, mapping.Start);
            var when = yaml.RequiredString(mapping, "when", $"een regel van {where}", $"{ruleKey}.when");
            var reason = yaml.RequiredString(mapping, "reason", $"een regel van {where}", $"{ruleKey}.reason");
            if (when is not null && reason is not null)
            {
                requirements.Add(new Requirement(when, reason)
                {
                    Condition = PathwayReader.Compile(yaml, when, PositionedYaml.Child(mapping, "when")!, $"een regel van {where}"),
                });
            }
        }

        return requirements;
    }

    private List<Transition> ReadTransitions(YamlMappingNode step, string key, string where)
    {
        var next = yaml.OptionalString(step, "next", $"{key}.next");
        var listed = yaml.OptionalSequence(step, "transitions").ToList();
        var branches = yaml.StringList(step, "branches", $"{key}.branches");
        if (new[] { next is not null, listed.Count > 0, branches.Count > 0 }.Count(b => b) > 1)
        {
            yaml.Error(step.Start, $"Gebruik bij {where} één van 'next', 'transitions' of 'branches', niet meer.");
        }

        if (next is not null)
        {
            yaml.Source.Add($"{key}.transitions[0]", PositionedYaml.Child(step, "next")!.Start);
            return [new Transition(next)];
        }

        if (branches.Count > 0)
        {
            var fromBranches = new List<Transition>();
            var sequence = (YamlSequenceNode)PositionedYaml.Child(step, "branches")!;
            for (var i = 0; i < branches.Count; i++)
            {
                yaml.Source.Add($"{key}.transitions[{i}]", sequence.Children[i].Start);
                fromBranches.Add(new Transition(branches[i]));
            }

            return fromBranches;
        }

        var transitions = new List<Transition>();
        for (var i = 0; i < listed.Count; i++)
        {
            if (listed[i] is not YamlMappingNode mapping)
            {
                yaml.Error(listed[i].Start, "Een overgang is een mapping met 'to' en eventueel 'when', 'outcome' of 'default'.");
                continue;
            }

            var transitionKey = $"{key}.transitions[{i}]";
            yaml.CheckKeys(mapping, ["to", "when", "outcome", "default"], $"een overgang van {where}");
            var to = yaml.RequiredString(mapping, "to", $"een overgang van {where}", transitionKey);
            var when = yaml.OptionalString(mapping, "when", $"{transitionKey}.when");
            var isDefault = yaml.ReadBool(mapping, "default", $"{transitionKey}.default") ?? false;
            if (to is null)
            {
                continue;
            }

            transitions.Add(new Transition(to)
            {
                When = when,
                Condition = when is null ? null : PathwayReader.Compile(yaml, when, PositionedYaml.Child(mapping, "when")!, $"de overgang van {where} naar {to}"),
                Outcome = yaml.OptionalString(mapping, "outcome", $"{transitionKey}.outcome"),
                IsDefault = isDefault,
            });
        }

        return transitions;
    }

    internal Deadline? ReadDeadline(YamlMappingNode step, string field, string key)
    {
        if (PositionedYaml.Child(step, field) is not { } node)
        {
            return null;
        }

        yaml.Source.Add(key, node.Start);
        if (node is YamlScalarNode)
        {
            return Duration(step, field, key) is { } duration ? new Deadline(duration) : null;
        }

        if (node is not YamlMappingNode mapping)
        {
            yaml.Error(node.Start, $"'{field}' is een duur (P5D, 5 werkdagen) of een mapping met 'within'/'from' of 'before'/'by'.");
            return null;
        }

        yaml.CheckKeys(mapping, DeadlineKeys, $"'{field}'");
        var remind = PositionedYaml.Child(mapping, "remindBefore") is null ? null : Duration(mapping, "remindBefore", $"{key}.remindBefore");
        var escalateTo = yaml.OptionalString(mapping, "escalateTo", $"{key}.escalateTo");
        var urgent = PositionedYaml.Child(mapping, "urgent") is null ? null : Duration(mapping, "urgent", $"{key}.urgent");
        var anchors = new[] { ("activation", DeadlineAnchor.Activation), ("expectedDeliveryDate", DeadlineAnchor.ExpectedDeliveryDate), ("birthDate", DeadlineAnchor.BirthDate) };
        Deadline? deadline = null;
        if (PositionedYaml.Child(mapping, "within") is not null && PositionedYaml.Child(mapping, "before") is null)
        {
            var anchor = yaml.ReadEnum(mapping, "from", $"{key}.from", DeadlineAnchor.Activation, anchors);
            deadline = Duration(mapping, "within", $"{key}.within") is { } within ? new Deadline(within, anchor) : null;
        }
        else if (PositionedYaml.Child(mapping, "before") is not null && PositionedYaml.Child(mapping, "within") is null)
        {
            var anchor = yaml.ReadEnum(mapping, "before", $"{key}.before", DeadlineAnchor.ExpectedDeliveryDate, anchors[1..]);
            if (PositionedYaml.Child(mapping, "by") is null)
            {
                yaml.Error(mapping.Start, $"'{field}' met 'before' heeft ook 'by' nodig: hoe lang vóór dat moment (bijvoorbeeld P12W).");
            }
            else if (Duration(mapping, "by", $"{key}.by") is { } by)
            {
                deadline = new Deadline(by, anchor, BeforeAnchor: true);
            }
        }
        else
        {
            yaml.Error(mapping.Start, $"'{field}' heeft óf 'within' (met eventueel 'from') óf 'before' met 'by'.");
        }

        if (deadline is not null && urgent is not null && (deadline.Anchor != DeadlineAnchor.Activation || !urgent.IsAtMost(deadline.Duration)))
        {
            yaml.Error(PositionedYaml.Child(mapping, "urgent")!.Start, $"'urgent' is een kortere termijn vanaf de start van de stap; '{field}' telt dan met 'within' vanaf de start, en 'urgent' is niet langer dan die termijn.");
        }

        return deadline is null ? null : deadline with { RemindBefore = remind, EscalateTo = escalateTo, Urgent = urgent };
    }

    private PathwayDuration? Duration(YamlMappingNode mapping, string field, string key)
    {
        var text = yaml.OptionalString(mapping, field, key);
        if (text is null)
        {
            return null;
        }

        var duration = PathwayReader.ParseDuration(text);
        if (duration is null)
        {
            yaml.Error(mapping, field, $"Ongeldige termijn '{text}': gebruik een ISO 8601-duur in weken, dagen, uren of minuten, bijvoorbeeld P5D (5 dagen), P2W (2 weken) of PT4H (4 uur), of werkdagen: '5 werkdagen'.");
        }

        return duration;
    }

    private CustomisationPolicy ReadCustomisation(YamlMappingNode step, string key)
    {
        if (PositionedYaml.Child(step, "customisation") is not { } node)
        {
            return CustomisationPolicy.Default;
        }

        if (node is not YamlMappingNode mapping)
        {
            yaml.Error(node.Start, "'customisation' is een mapping, bijvoorbeeld 'locked: true' met 'reason'.");
            return CustomisationPolicy.Default;
        }

        key += ".customisation";
        yaml.CheckKeys(mapping, CustomisationKeys, "'customisation'");
        var reason = yaml.OptionalString(mapping, "reason", $"{key}.reason");
        var locked = yaml.ReadBool(mapping, "locked", $"{key}.locked") ?? false;
        var policy = locked ? CustomisationPolicy.FullyLocked(reason) : CustomisationPolicy.Default with { Reason = reason };
        ChangeRule Rule(string field, ChangeRule fallback) => PositionedYaml.Child(mapping, field) is null ? fallback
            : yaml.ReadEnum(mapping, field, $"{key}.{field}", fallback, ("locked", ChangeRule.Locked), ("free", ChangeRule.Free), ("shorten", ChangeRule.ShortenOnly));
        return policy with
        {
            Optional = yaml.ReadBool(mapping, "optional", $"{key}.optional") ?? false,
            Deadline = Rule("deadline", policy.Deadline),
            Role = Rule("role", policy.Role),
            Questionnaire = Rule("questionnaire", policy.Questionnaire),
            Instructions = Rule("instructions", policy.Instructions),
            AllowedQuestionnaires = yaml.StringList(mapping, "questionnaires", $"{key}.questionnaires"),
            Note = yaml.OptionalString(mapping, "note", $"{key}.note"),
        };
    }

    internal StepPhase ReadPhase(YamlMappingNode mapping, string key) =>
        yaml.ReadEnum(mapping, key[(key.LastIndexOf('.') + 1)..], key, StepPhase.Any,
            ("prenatal", StepPhase.Prenatal), ("postnatal", StepPhase.Postnatal), ("any", StepPhase.Any));
}
