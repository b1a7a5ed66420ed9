using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Record or correct a clinical date (the expected delivery date, the birth date). Open tasks whose
/// deadline is anchored on it, and timer steps waiting for a moment anchored on it, get their date
/// now, or move with it.
/// </summary>
public sealed record RecordClinicalDate(DeadlineAnchor Date, DateOnly Value) : InstanceCommand
{
    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (Date == DeadlineAnchor.Activation)
        {
            return Decision.Reject(RejectionKind.Invalid, "Alleen de uitgerekende datum en de geboortedatum kunnen worden vastgelegd.");
        }

        if (!Access.HoldsCareRole(definition, By))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen een zorgverlener van het zorgteam legt klinische datums vast.");
        }

        if (Date == DeadlineAnchor.BirthDate && Value != state.BirthDate)
        {
            return Decision.Reject(RejectionKind.Invalid, BirthDateApart);
        }

        if (Date == DeadlineAnchor.ExpectedDeliveryDate && DueDateProblem(Value, now) is { } problem)
        {
            return Decision.Reject(RejectionKind.Invalid, problem);
        }

        var flow = new Flow(definition, state, now);
        Record(definition, flow, Date, Value, now, By.UserId);
        return Decision.Accept(flow.Events);
    }

    /// <summary>The birth date changes only with the birth (the signal) or its correction, which end and reopen tasks and keep the reason.</summary>
    internal const string BirthDateApart = "De geboortedatum legt u vast met het signaal 'Bevalling' en corrigeert u met 'Geboorte corrigeren', met de reden; zij verandert niet los.";

    /// <summary>
    /// What is wrong with an expected delivery date, in Dutch; null when it can be. A pregnancy lasts about 40
    /// weeks: a due date lies ahead (today counts), and no more than 10 months from today.
    /// </summary>
    public static string? DueDateProblem(DateOnly expected, DateTimeOffset now)
    {
        var today = DutchWorkingDays.DateOf(now);
        if (expected < today)
        {
            return "De uitgerekende datum ligt in het verleden; geef de datum waarop de bevalling verwacht wordt (na een geboorte legt u de geboorte vast).";
        }

        return expected > today.AddMonths(10)
            ? $"De uitgerekende datum ligt meer dan 10 maanden na vandaag; een zwangerschap duurt ongeveer 40 weken. Controleer de datum (uiterlijk {DutchWorkingDays.Written(today.AddMonths(10))})."
            : null;
    }

    /// <summary>Records the date and moves the due dates and timers anchored on it.</summary>
    internal static void Record(PathwayDefinition definition, Flow flow, DeadlineAnchor date, DateOnly value, DateTimeOffset now, string by)
    {
        flow.Emit(new ClinicalDateRecorded(date, value) { At = now, By = by });
        foreach (var task in flow.State.OpenTasks.Where(t => t.EscalationOf is null).ToList())
        {
            var deadline = definition.Step(task.StepId).Deadline;
            if (deadline?.Anchor == date && Deadlines.DueAt(definition.WorkingDays, deadline, task.ActivatedAt, flow.State) is var due && due != task.DueAt)
            {
                flow.Emit(new TaskDueChanged(task.Id, due) { At = now });
            }
        }

        foreach (var wait in flow.State.Waiting.Where(w => w.Event is null).ToList())
        {
            var until = definition.Step(wait.StepId).Until;
            if (until?.Anchor == date && Deadlines.DueAt(definition.WorkingDays, until, now, flow.State) is var moment && moment != wait.Until)
            {
                flow.Emit(new WaitMoved(wait.StepId, moment) { At = now });
            }
        }
    }
}
