using System.Collections.Immutable;
using Blauwdruk.Engine.Pathways;
using Hl7.Fhir.Serialization;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Complete an open task, with the outcome chosen and the FHIR resources it produced (e.g. the
/// screening's QuestionnaireResponse), which join the instance's record. Only a person with the
/// task's role at the task's organisation may do so; the pathway then moves on.
/// </summary>
public sealed partial record CompleteTask(Guid TaskId, string? Outcome) : InstanceCommand, ITaskCommand
{
    /// <summary>FHIR R4 resources as JSON, checked at the edge.</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>At a referral step, the organisation referred to: one of the step's referral options (the region's social map).</summary>
    public string? ReferredTo { get; init; }

    /// <summary>The text of the step's note field (<see cref="StepDefinition.Note"/>), at most <see cref="StepNote.MaxLength"/> characters.</summary>
    public string? Note { get; init; }

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (TaskRules.Check(definition, state, TaskId, By) is { } refusal)
        {
            return refusal;
        }

        var task = state.FindTask(TaskId)!;
        var step = definition.Step(task.StepId);
        if (task.EscalationOf is null && step.Kind == StepKind.Handover)
        {
            return Decision.Reject(RejectionKind.Conflict,
                $"'{step.Label}' is klaar zodra de JGZ de ontvangst bevestigt. Verstuur de overdracht; "
                + (HandoverReadiness.Blocked(definition, state, step.Handover!.Value, now) is { } blocked ? $"nu kan dat nog niet: {blocked}" : "dat kan nu."));
        }

        if (task.EscalationOf is null && Outcome is not null && step.Outcomes.Count > 0 && step.Outcomes.All(o => o.Id != Outcome))
        {
            return Decision.Reject(RejectionKind.Invalid,
                $"Onbekende uitkomst '{Outcome}' voor '{step.Label}'; kies uit: {string.Join(", ", step.Outcomes.Select(o => o.Id))}.");
        }

        if (task.EscalationOf is null && NoteProblem(step) is { } noteProblem)
        {
            return Decision.Reject(RejectionKind.Invalid, noteProblem);
        }

        if (task.EscalationOf is null && AnswersProblem(definition, step) is { } answersProblem)
        {
            return Decision.Reject(RejectionKind.Invalid, answersProblem);
        }

        if (task.EscalationOf is null && MissingAnswers(definition, step) is { } missing)
        {
            return Decision.Reject(RejectionKind.Invalid, missing);
        }

        if (ReferredTo is not null && step.ReferralOptions.All(o => o.Organisation != ReferredTo))
        {
            return Decision.Reject(RejectionKind.Invalid, step.ReferralOptions.Count == 0
                ? $"'{step.Label}' heeft geen verwijsopties in dit zorgpad; de regiocoördinator legt die vast."
                : $"Onbekende organisatie '{ReferredTo}' voor '{step.Label}'; kies uit: {string.Join(", ", step.ReferralOptions.Select(o => o.Organisation))}.");
        }

        var flow = new Flow(definition, state, now);
        flow.Emit(new TaskCompleted(task.Id, Outcome) { At = now, By = By.UserId, Resources = [.. Resources], ReferredTo = ReferredTo, Note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim() });
        if (task.EscalationOf is null)
        {
            // The step's rules and the chosen outcome's, over the record with what this completion brings.
            var rules = step.Requires.Concat(step.Outcomes.FirstOrDefault(o => o.Id == Outcome)?.Requires ?? []);
            if (rules.FirstOrDefault(rule => rule.Condition is { } condition && !flow.Holds(condition)) is { } broken)
            {
                return Decision.Reject(RejectionKind.Invalid, broken.Reason);
            }

            // A yes to the JGZ in the consent form is her consent to both handovers to the JGZ.
            if (HandoverReadiness.ConsentsToJgz(definition, step, Resources) && HandoverReadiness.RecipientOf(definition, state) is { } recipient)
            {
                flow.Emit(new ConsentRecorded(null, recipient, null, By.OrganisationId) { At = now, By = By.UserId });
            }

            flow.Leave(step, task.Calls, Outcome);
        }

        return Decision.Accept(flow.Events);
    }
}

public sealed partial record CompleteTask
{
    private static readonly FhirJsonDeserializer Fhir = new();

    private string? NoteProblem(StepDefinition step)
    {
        if (Note is { Length: > StepNote.MaxLength })
        {
            return $"De tekst bij '{step.Label}' is {Note.Length} tekens; het maximum is {StepNote.MaxLength}.";
        }

        // Whether a note is required the task page checks: the engine keeps completions without one (scenarios, the API's clients).
        return step.Note is null && !string.IsNullOrWhiteSpace(Note) ? $"'{step.Label}' heeft geen notitieveld." : null;
    }

    /// <summary>
    /// At a step whose outcomes say whether its questionnaire was filled in (the screening: taken, or not
    /// taken or refused): an outcome without answers records none, so nothing is derived from made-up
    /// answers; the other outcomes need the answers.
    /// </summary>
    private string? AnswersProblem(PathwayDefinition definition, StepDefinition step)
    {
        if (step.Questionnaire is not { } id || definition.FindQuestionnaire(id) is not { } questionnaire || step.Outcomes.All(o => !o.NoAnswers)
            || step.Outcomes.FirstOrDefault(o => o.Id == Outcome) is not { } chosen)
        {
            return null;
        }

        var answered = Resources.Any(json => Fhir.DeserializeResource(json) is Hl7.Fhir.Model.QuestionnaireResponse response && response.Questionnaire == questionnaire.Url);
        return (chosen.NoAnswers, answered) switch
        {
            (true, true) => $"Bij de uitkomst '{chosen.Label}' worden geen antwoorden van '{questionnaire.Resource.Title}' vastgelegd; stuur ze niet mee.",
            (false, false) => $"Vul bij de uitkomst '{chosen.Label}' de vragenlijst '{questionnaire.Resource.Title}' in.",
            _ => null,
        };
    }

    /// <summary>
    /// A step whose rules weigh its questionnaire's answers (the afwegingskader) is completed with those
    /// answers, given now: an earlier response in the record (a previous Meldcode route) does not count.
    /// </summary>
    private string? MissingAnswers(PathwayDefinition definition, StepDefinition step)
    {
        if (step.Questionnaire is not { } id || definition.FindQuestionnaire(id) is not { } questionnaire
            || (step.Requires.Count == 0 && step.Outcomes.All(o => o.Requires.Count == 0)))
        {
            return null;
        }

        var answered = Resources.Any(json => Fhir.DeserializeResource(json) is Hl7.Fhir.Model.QuestionnaireResponse response
            && response.Questionnaire == questionnaire.Url && response.Status == Hl7.Fhir.Model.QuestionnaireResponse.QuestionnaireResponseStatus.Completed);
        return answered ? null : $"Vul bij '{step.Label}' de vragenlijst '{questionnaire.Resource.Title}' in: de keuze weegt de antwoorden van nu.";
    }
}

/// <summary>The checks every command on one task shares: it exists for the actor, it is theirs, and it is open.</summary>
internal static class TaskRules
{
    public static Decision? Check(PathwayDefinition definition, InstanceState state, Guid taskId, Actor by)
    {
        var task = state.FindTask(taskId);
        if (task is null)
        {
            return state.HadTask(taskId)
                ? Decision.Reject(RejectionKind.Conflict, "Deze taak is al afgesloten (afgerond, vervallen of mislukt).")
                : Decision.Reject(RejectionKind.NotFound, "Deze taak bestaat niet.");
        }

        if (!Access.MayActOn(definition, task, by))
        {
            return Decision.Reject(RejectionKind.Forbidden,
                $"Deze taak is voor de rol '{definition.RoleLabel(task.Role)}' van een andere organisatie of rol dan de uwe.");
        }

        return null;
    }
}
