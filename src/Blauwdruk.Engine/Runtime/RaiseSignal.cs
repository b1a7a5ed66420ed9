using System.Collections.Immutable;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Something happened that may come at any moment. A safety concern starts the Meldcode route beside
/// the pathway, which goes on; the birth records the birth date, cancels the prenatal tasks that no
/// longer make sense (with the reason) and moves the pathway to its postnatal phase.
/// </summary>
public sealed record RaiseSignal(string SignalId) : InstanceCommand
{
    /// <summary>A short note for the record; not shown outside the care team.</summary>
    public string? Note { get; init; }

    /// <summary>For a signal that records a date (the birth): the date, when not today.</summary>
    public DateOnly? OccurredOn { get; init; }

    /// <summary>For the birth on a date more than 6 weeks before or 3 weeks after the due date: why that date is right.</summary>
    public string? Reason { get; init; }

    /// <summary>The longest note or reason a signal keeps: a few sentences, not a report.</summary>
    public const int NoteLimit = 500;

    /// <summary>For the birth: how many children were born (2 for twins).</summary>
    public int Newborns { get; init; } = 1;

    /// <summary>A signal that starts a route (the safety concern) is the Meldcode's.</summary>
    internal override string? AccessPurpose(PathwayDefinition? definition) =>
        definition?.FindSignal(SignalId)?.Starts is not null ? Access.Meldcode : null;

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        var signal = definition.FindSignal(SignalId);
        if (signal is null)
        {
            return Decision.Reject(RejectionKind.Invalid,
                $"Onbekend signaal '{SignalId}'; dit zorgpad kent: {string.Join(", ", definition.Signals.Select(s => s.Id))}.");
        }

        if (!MayRaise(definition, signal, By))
        {
            return Decision.Reject(RejectionKind.Forbidden, $"Uw rol kan het signaal '{signal.Label}' niet geven.");
        }

        if (signal.Records is { } records && (records == DeadlineAnchor.BirthDate ? state.BirthDate : state.ExpectedDeliveryDate) is not null)
        {
            return Decision.Reject(RejectionKind.Conflict, $"'{signal.Label}' is al vastgelegd.");
        }

        if (Newborns is < 1 or > 6)
        {
            return Decision.Reject(RejectionKind.Invalid, "Het aantal geboren kinderen ligt tussen 1 en 6.");
        }

        if (Note?.Length > NoteLimit || Reason?.Length > NoteLimit)
        {
            return Decision.Reject(RejectionKind.Invalid, $"Een notitie of reden bij een signaal is hoogstens {NoteLimit} tekens; deze is {Math.Max(Note?.Length ?? 0, Reason?.Length ?? 0)} tekens.");
        }

        if (signal.Records == DeadlineAnchor.BirthDate && BirthDateProblem(OccurredOn ?? DutchWorkingDays.DateOf(now), state.ExpectedDeliveryDate, Reason, now) is { } problem)
        {
            return Decision.Reject(RejectionKind.Invalid, problem);
        }

        var flow = new Flow(definition, state, now);
        flow.Emit(new SignalRaised(signal.Id, By.OrganisationId, Note) { At = now, By = By.UserId, Reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim() });
        // A second concern while a route the signal starts is open adds to that route: one Meldcode at a time.
        if (signal.Starts is not null && RouteOpen(state))
        {
            return Decision.Accept(flow.Events);
        }

        if (signal.Records is { } anchor)
        {
            RecordClinicalDate.Record(definition, flow, anchor, OccurredOn ?? DutchWorkingDays.DateOf(now), now, By.UserId);
            if (anchor == DeadlineAnchor.BirthDate)
            {
                flow.Emit(new NewbornsRecorded([.. Enumerable.Range(1, Newborns).Select(n => new Newborn(n, Decider.NewbornId(state.Id, n)))]) { At = now, By = By.UserId });
            }
        }

        if (signal.Starts is { } starts)
        {
            flow.StartBeside(definition.FindSubpathway(starts)!, By.OrganisationId);
        }

        var ended = new List<string>();
        if (signal.Interrupts is { } phase)
        {
            foreach (var task in flow.State.OpenTasks.Where(t => t.EscalationOf is null && definition.Step(t.StepId).Phase == phase).ToList())
            {
                flow.Emit(new TaskCancelled(task.Id, $"Vervallen: {signal.Label}") { At = now, By = By.UserId });
                ended.Add(task.StepId);
            }
        }

        var waiting = flow.State.Waiting.Where(w => w.Event == signal.Id).ToList();
        foreach (var wait in flow.State.Waiting.Where(w => w.Event != signal.Id && signal.Interrupts is { } p && definition.Step(w.StepId).Phase == p).ToList())
        {
            flow.Emit(new WaitEnded(wait.StepId) { At = now });
            ended.Add(wait.StepId);
        }

        // A join that waited for a branch the interrupt ended can no longer complete: its arrived branches are dropped.
        var joins = flow.State.JoinArrivals.Where(j => j.Value > 0 && JoinsReachedFrom(definition, ended).Contains(j.Key.Split('@')[0])).ToImmutableDictionary();
        foreach (var (key, _) in joins)
        {
            flow.Emit(new JoinReset(key.Split('@')[0], key, 0) { At = now });
        }

        if (waiting.Count > 0)
        {
            foreach (var wait in waiting)
            {
                flow.Emit(new WaitEnded(wait.StepId) { At = now });
                flow.Leave(definition.Step(wait.StepId), wait.Calls, outcome: null);
            }
        }
        else if (signal.GoesTo is { } goesTo)
        {
            flow.Enter(goesTo, []);
        }

        if (signal.Records == DeadlineAnchor.BirthDate)
        {
            // What the birth changed, kept so that a correction today can put it back.
            var after = flow.State;
            flow.Emit(new BirthRecorded(By.OrganisationId)
            {
                At = now,
                By = By.UserId,
                Cancelled = [.. state.OpenTasks.Where(t => after.FindTask(t.Id) is null)],
                Ended = [.. state.Waiting.Where(w => !after.Waiting.Any(a => a.StepId == w.StepId))],
                Opened = [.. after.OpenTasks.Where(t => state.FindTask(t.Id) is null).Select(t => t.Id)],
                Waits = [.. after.Waiting.Where(a => !state.Waiting.Any(w => w.StepId == a.StepId)).Select(a => a.StepId)],
                Joins = joins,
            });
        }

        return Decision.Accept(flow.Events);
    }

    /// <summary>Whether the professional may give the signal: a role it names, or else any care role.</summary>
    internal static bool MayRaise(PathwayDefinition definition, SignalDefinition signal, Actor by) =>
        signal.RaisedBy.Count > 0 ? by.Roles.Any(signal.RaisedBy.Contains) : Access.HoldsCareRole(definition, by);

    /// <summary>
    /// What is wrong with a birth date, in Dutch; null when it can be recorded. Not in the future; more than 6
    /// weeks before or 3 weeks after the due date only with a reason (a premature birth, a late due date).
    /// </summary>
    public static string? BirthDateProblem(DateOnly born, DateOnly? expected, string? reason, DateTimeOffset now)
    {
        if (born > DutchWorkingDays.DateOf(now))
        {
            return "De geboortedatum ligt in de toekomst; leg de geboorte vast als het kind geboren is.";
        }

        return OutsideTerm(born, expected) is { } distance && string.IsNullOrWhiteSpace(reason)
            ? $"De geboortedatum ligt {distance} de uitgerekende datum ({DutchWorkingDays.Written(expected!.Value)}). Klopt de datum, geef dan de reden (bijvoorbeeld een vroeggeboorte)."
            : null;
    }

    /// <summary>"9 weken vóór" when the birth is more than 6 weeks before or 3 weeks after the due date; else null.</summary>
    public static string? OutsideTerm(DateOnly born, DateOnly? expected)
    {
        if (expected is not { } due)
        {
            return null;
        }

        var days = born.DayNumber - due.DayNumber;
        return days switch
        {
            < -42 => $"{Weeks(-days)} vóór",
            > 21 => $"{Weeks(days)} na",
            _ => null,
        };
    }

    private static string Weeks(int days) => days % 7 == 0 ? $"{days / 7} weken" : $"{days / 7} weken en {days % 7} {(days % 7 == 1 ? "dag" : "dagen")}";

    /// <summary>Whether a route started beside the pathway (its steps carry the raiser's organisation) still has an open task or wait.</summary>
    private static bool RouteOpen(InstanceState state) =>
        state.OpenTasks.Any(t => t.Calls.Any(c => c.StartsWith('@'))) || state.Waiting.Any(w => w.Calls.Any(c => c.StartsWith('@')));

    /// <summary>The joins the steps lead to, following their arrows up to the first join on each way.</summary>
    private static HashSet<string> JoinsReachedFrom(PathwayDefinition definition, IEnumerable<string> steps)
    {
        var joins = new HashSet<string>();
        var seen = new HashSet<string>();
        var next = new Queue<string>(steps.SelectMany(s => definition.Step(s).Successors));
        while (next.TryDequeue(out var id))
        {
            if (!seen.Add(id) || definition.FindStep(id) is not { } step)
            {
                continue;
            }

            if (step.Kind == StepKind.Join)
            {
                joins.Add(id);
                continue;
            }

            foreach (var successor in step.Successors)
            {
                next.Enqueue(successor);
            }
        }

        return joins;
    }
}
