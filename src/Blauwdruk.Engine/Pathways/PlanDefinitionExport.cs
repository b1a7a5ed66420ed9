using System.Globalization;
using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Pathways;

/// <summary>
/// Writes a pathway as a FHIR R4 Bundle (type collection): a PlanDefinition per flow (the main
/// pathway and each sub-pathway), an ActivityDefinition per human step, and the Questionnaires used.
/// Steps become actions; arrows become <c>relatedAction</c> (after-end of the step before);
/// conditions become <c>condition</c> expressions in <c>text/fhirpath</c>; facts become
/// <c>variable</c> extensions; signals become <c>named-event</c> triggers.
/// </summary>
public static class PlanDefinitionExport
{
    public const string CanonicalBase = "https://fhir.blauwdruk.nl";
    public const string RoleSystem = CanonicalBase + "/CodeSystem/blauwdruk-role";
    public const string DeadlineExtension = CanonicalBase + "/StructureDefinition/deadline";
    public const string OutcomeExtension = CanonicalBase + "/StructureDefinition/transition-outcome";
    public const string StepKindExtension = CanonicalBase + "/StructureDefinition/step-kind";
    public const string VariableExtension = "http://hl7.org/fhir/StructureDefinition/variable";

    public static Bundle ToBundle(PathwayDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var bundle = new Bundle
        {
            Id = $"{definition.Id}-{definition.Version}",
            Type = Bundle.BundleType.Collection,
            Identifier = new Identifier($"{CanonicalBase}/pathway", $"{definition.Id}|{definition.Version}"),
        };

        Add(bundle, Flow(definition, null));
        foreach (var subpathway in definition.Subpathways)
        {
            Add(bundle, Flow(definition, subpathway));
        }

        foreach (var step in definition.Steps.Where(s => s.IsHuman && s.Questionnaire is null))
        {
            Add(bundle, Activity(definition, step));
        }

        foreach (var questionnaire in definition.Questionnaires)
        {
            Add(bundle, questionnaire.Resource);
        }

        return bundle;
    }

    public static string PlanDefinitionUrl(PathwayDefinition definition, SubpathwayDefinition? subpathway = null) =>
        $"{CanonicalBase}/PlanDefinition/{definition?.Id}{(subpathway is null ? "" : "-" + subpathway.Id)}";

    public static string ActivityDefinitionUrl(PathwayDefinition definition, StepDefinition step) =>
        $"{CanonicalBase}/ActivityDefinition/{definition?.Id}-{step?.Id.ToLowerInvariant().Replace('_', '-')}";

    /// <summary>The canonical url of a definition resource in the export.</summary>
    public static string? CanonicalUrl(Resource resource) => resource switch
    {
        PlanDefinition plan => plan.Url,
        ActivityDefinition activity => activity.Url,
        Questionnaire questionnaire => questionnaire.Url,
        _ => null,
    };

    private static CodeableConcept Role(PathwayDefinition definition, string role) => new()
    {
        Coding = [new Coding(RoleSystem, role, definition.RoleLabel(role))],
        Text = definition.RoleLabel(role),
    };

    /// <summary>A step id as a FHIR id (letters, digits, '-' and '.'): SCREEN_PPS becomes SCREEN-PPS.</summary>
    public static string ActionId(string stepId) => stepId?.Replace('_', '-') ?? "";

    private static void Add(Bundle bundle, Resource resource)
    {
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = CanonicalUrl(resource), Resource = resource });
    }

    private static PlanDefinition Flow(PathwayDefinition definition, SubpathwayDefinition? subpathway)
    {
        var steps = subpathway is null ? definition.MainSteps.ToList() : definition.StepsOf(subpathway).ToList();
        var plan = new PlanDefinition
        {
            Id = subpathway is null ? definition.Id : $"{definition.Id}-{subpathway.Id}",
            Url = PlanDefinitionUrl(definition, subpathway),
            Version = definition.Version,
            Name = ComputerName(subpathway?.Id ?? definition.Id),
            Title = subpathway?.Title ?? definition.Title,
            Status = Status(definition.Status),
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/plan-definition-type", "clinical-protocol", "Clinical Protocol"),
            Publisher = definition.Publisher,
            Description = subpathway?.Description ?? definition.Description,
            Date = null,
        };

        if (subpathway is null)
        {
            foreach (var fact in definition.Facts)
            {
                plan.Extension.Add(new Extension(VariableExtension, new Expression
                {
                    Name = fact.Id,
                    Description = fact.Label,
                    Language = "text/fhirpath",
                    Expression_ = fact.Expression,
                }));
            }
        }

        foreach (var step in steps)
        {
            plan.Action.Add(Action(definition, step, steps));
        }

        foreach (var signal in definition.Signals.Where(s => subpathway is null && s.Starts is not null))
        {
            plan.Action.Add(new PlanDefinition.ActionComponent
            {
                ElementId = $"signal-{signal.Id}",
                Title = signal.Label,
                Description = signal.Description,
                Trigger = [new TriggerDefinition { Type = TriggerDefinition.TriggerType.NamedEvent, Name = signal.Id }],
                Definition = new Canonical(PlanDefinitionUrl(definition, definition.FindSubpathway(signal.Starts!))),
            });
        }

        return plan;
    }

    private static PlanDefinition.ActionComponent Action(PathwayDefinition definition, StepDefinition step, List<StepDefinition> flow)
    {
        var action = new PlanDefinition.ActionComponent
        {
            ElementId = ActionId(step.Id),
            Title = step.Label,
            Description = step.Description,
            TextEquivalent = step.Instructions,
        };
        action.Extension.Add(new Extension(StepKindExtension, new Code(step.Kind.ToString().ToLowerInvariant())));

        if (step.Role is not null)
        {
            action.Participant.Add(new PlanDefinition.ParticipantComponent
            {
                Type = ActionParticipantType.Practitioner,
                Role = Role(definition, step.Role),
            });
        }

        foreach (var involved in step.Involved)
        {
            action.Participant.Add(new PlanDefinition.ParticipantComponent
            {
                Type = ActionParticipantType.Practitioner,
                Role = Role(definition, involved),
            });
        }

        action.Definition = step switch
        {
            { Questionnaire: { } questionnaire } => new Canonical(definition.FindQuestionnaire(questionnaire)!.Url),
            { IsHuman: true } => new Canonical(ActivityDefinitionUrl(definition, step)),
            { Subpathway: { } subpathway } => new Canonical(PlanDefinitionUrl(definition, definition.FindSubpathway(subpathway))),
            _ => null,
        };

        if (step.Kind == StepKind.Decision)
        {
            action.SelectionBehavior = ActionSelectionBehavior.ExactlyOne;
        }

        SetTiming(action, step.Deadline ?? step.Until);
        foreach (var signal in definition.Signals.Where(s => s.GoesTo == step.Id))
        {
            action.Trigger.Add(new TriggerDefinition { Type = TriggerDefinition.TriggerType.NamedEvent, Name = signal.Id });
        }

        if (step.Event is not null)
        {
            action.Trigger.Add(new TriggerDefinition { Type = TriggerDefinition.TriggerType.NamedEvent, Name = step.Event });
        }

        foreach (var source in flow)
        {
            foreach (var transition in source.Transitions.Where(t => t.To == step.Id))
            {
                var related = new PlanDefinition.RelatedActionComponent
                {
                    ActionId = ActionId(source.Id),
                    Relationship = ActionRelationshipType.AfterEnd,
                };
                if (transition.Outcome is not null)
                {
                    related.Extension.Add(new Extension(OutcomeExtension, new Code(transition.Outcome)));
                }

                action.RelatedAction.Add(related);
                if (transition.When is not null)
                {
                    action.Condition.Add(new PlanDefinition.ConditionComponent
                    {
                        Kind = ActionConditionKind.Applicability,
                        Expression = new Expression
                        {
                            Language = "text/fhirpath",
                            Expression_ = transition.When,
                            Description = $"Na '{source.Label}' als {transition.When}",
                        },
                    });
                }
            }
        }

        return action;
    }

    private static ActivityDefinition Activity(PathwayDefinition definition, StepDefinition step)
    {
        var activity = new ActivityDefinition
        {
            Id = $"{definition.Id}-{step.Id.ToLowerInvariant().Replace('_', '-')}",
            Url = ActivityDefinitionUrl(definition, step),
            Version = definition.Version,
            Name = ComputerName(step.Id),
            Title = step.Label,
            Status = Status(definition.Status),
            Description = step.Description,
            Kind = ActivityDefinition.RequestResourceType.Task,
            Intent = RequestIntent.Order,
            Code = new CodeableConcept { Coding = [new Coding($"{CanonicalBase}/CodeSystem/blauwdruk-step", step.Id, step.Label)], Text = step.Label },
            Participant =
            [
                new ActivityDefinition.ParticipantComponent
                {
                    Type = ActionParticipantType.Practitioner,
                    Role = Role(definition, step.Role!),
                },
            ],
        };
        if (step.Deadline is { Anchor: DeadlineAnchor.Activation, BeforeAnchor: false, Duration.WorkingDays: 0 } deadline)
        {
            activity.Timing = Duration(deadline.Duration.Calendar);
        }

        return activity;
    }

    /// <summary>
    /// A calendar deadline from activation is <c>timingDuration</c>; working days and clinical
    /// anchors are written in the deadline extension, which says exactly what the engine computes.
    /// </summary>
    private static void SetTiming(PlanDefinition.ActionComponent action, Deadline? deadline)
    {
        if (deadline is null)
        {
            return;
        }

        if (deadline is { Anchor: DeadlineAnchor.Activation, BeforeAnchor: false, Duration.WorkingDays: 0 })
        {
            action.Timing = Duration(deadline.Duration.Calendar);
        }

        var extension = new Extension { Url = DeadlineExtension };
        extension.AddExtension("anchor", new Code(deadline.Anchor switch
        {
            DeadlineAnchor.ExpectedDeliveryDate => "expected-delivery-date",
            DeadlineAnchor.BirthDate => "birth-date",
            _ => "activation",
        }));
        extension.AddExtension("direction", new Code(deadline.BeforeAnchor ? "before" : "after"));
        if (deadline.Duration.WorkingDays > 0)
        {
            extension.AddExtension("workingDays", new PositiveInt(deadline.Duration.WorkingDays));
        }
        else
        {
            extension.AddExtension("offset", Duration(deadline.Duration.Calendar));
        }

        extension.AddExtension("text", new FhirString(deadline.ToString()));
        action.Extension.Add(extension);
    }

    private static Duration Duration(TimeSpan span)
    {
        var (value, unit, display) = span switch
        {
            { TotalDays: >= 7 } when span.TotalDays % 7 == 0 => ((decimal)(span.TotalDays / 7), "wk", "weken"),
            { TotalDays: >= 1 } when span.TotalDays % 1 == 0 => ((decimal)span.TotalDays, "d", "dagen"),
            _ when span.TotalHours % 1 == 0 => ((decimal)span.TotalHours, "h", "uur"),
            _ => ((decimal)span.TotalMinutes, "min", "minuten"),
        };
        return new Duration { Value = value, Unit = display, System = "http://unitsofmeasure.org", Code = unit };
    }

    private static PublicationStatus Status(PathwayStatus status) => status switch
    {
        PathwayStatus.Active => PublicationStatus.Active,
        PathwayStatus.Retired => PublicationStatus.Retired,
        _ => PublicationStatus.Draft,
    };

    /// <summary>A FHIR computer-friendly name: letters and digits, starting with a capital.</summary>
    private static string ComputerName(string id) =>
        string.Concat(id.Split('-', '_').Where(p => p.Length > 0)
            .Select(p => char.ToUpper(p[0], CultureInfo.InvariantCulture) + p[1..].ToLower(CultureInfo.InvariantCulture)));
}
