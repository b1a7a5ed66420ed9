using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Correct a birth recorded by mistake, within a day and by the organisation that recorded it, with the reason.
/// With <see cref="NotBorn"/> the birth is undone: the tasks and waits it opened end while untouched, the
/// prenatal tasks and waits it ended come back (with their deadlines), and the pathway is in pregnancy again.
/// Otherwise the birth date and the number of children change; deadlines anchored on the birth move. Every step
/// is in the journal.
/// </summary>
public sealed record CorrectBirth(string Reason) : InstanceCommand
{
    /// <summary>The right birth date; null keeps it (or, with <see cref="NotBorn"/>, there is none).</summary>
    public DateOnly? BornOn { get; init; }

    /// <summary>The right number of children; null keeps it.</summary>
    public int? Newborns { get; init; }

    /// <summary>She was not born yet: the birth was recorded by mistake.</summary>
    public bool NotBorn { get; init; }

    /// <summary>How long after recording its organisation may still correct the birth.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (state.BirthDate is not { } recorded)
        {
            return Decision.Reject(RejectionKind.Conflict, "Er is geen geboorte vastgelegd die gecorrigeerd kan worden.");
        }

        if (Problem(definition, state, By, now) is { } problem)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(Reason) || Reason.Length > RaiseSignal.NoteLimit)
        {
            return Decision.Reject(RejectionKind.Invalid, $"Geef in hoogstens {RaiseSignal.NoteLimit} tekens de reden van de correctie; die komt in het dossier.");
        }

        var birth = state.Birth!;
        if (NotBorn)
        {
            if (BornOn is not null || Newborns is not null)
            {
                return Decision.Reject(RejectionKind.Invalid, "Geef een andere geboortedatum of dat het kind nog niet geboren is, niet beide.");
            }

            if (state.Handovers.Any(h => h.Kind == HandoverKind.Postnatal) || birth.Opened.Any(id => state.FindTask(id) is null))
            {
                return Decision.Reject(RejectionKind.Conflict,
                    "Na de geboorte is al gewerkt (een taak die zij opende is afgerond of er is een overdracht verstuurd); die blijft in het dossier. Corrigeer de datum of het aantal kinderen, of sluit het traject met de reden.");
            }

            return Decision.Accept(Undo(definition, state, birth, now));
        }

        var bornOn = BornOn ?? recorded;
        var newborns = Newborns ?? state.Newborns.Count;
        if (bornOn == recorded && newborns == state.Newborns.Count)
        {
            return Decision.Reject(RejectionKind.Invalid, $"Er verandert niets: de geboorte staat al op {DutchWorkingDays.Written(recorded)} met {Children(newborns)}.");
        }

        if (newborns is < 1 or > 6)
        {
            return Decision.Reject(RejectionKind.Invalid, "Het aantal geboren kinderen ligt tussen 1 en 6.");
        }

        if (newborns != state.Newborns.Count && state.Handovers.Any(h => h.Kind == HandoverKind.Postnatal))
        {
            return Decision.Reject(RejectionKind.Conflict, "De overdracht na de geboorte is al verstuurd, per kind; het aantal kinderen kan niet meer veranderen.");
        }

        if (RaiseSignal.BirthDateProblem(bornOn, state.ExpectedDeliveryDate, Reason, now) is { } dateProblem)
        {
            return Decision.Reject(RejectionKind.Invalid, dateProblem);
        }

        var flow = new Flow(definition, state, now);
        flow.Emit(new BirthCorrected(bornOn, newborns, Reason.Trim()) { At = now, By = By.UserId });
        if (bornOn != recorded)
        {
            RecordClinicalDate.Record(definition, flow, DeadlineAnchor.BirthDate, bornOn, now, By.UserId);
        }

        if (newborns != state.Newborns.Count)
        {
            flow.Emit(new NewbornsRecorded([.. Enumerable.Range(1, newborns).Select(n => new Newborn(n, Decider.NewbornId(state.Id, n)))]) { At = now, By = By.UserId });
        }

        return Decision.Accept(flow.Events);
    }

    /// <summary>Why this professional may not correct the birth now, in Dutch; null when she may.</summary>
    public static Decision? Problem(PathwayDefinition definition, InstanceState state, Actor by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(by);
        var signal = definition.Signals.FirstOrDefault(s => s.Records == DeadlineAnchor.BirthDate);
        if (signal is null ? !Access.HoldsCareRole(definition, by) : !RaiseSignal.MayRaise(definition, signal, by))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Uw rol kan de geboorte niet vastleggen of corrigeren.");
        }

        if (state.Birth is not { } birth)
        {
            return Decision.Reject(RejectionKind.Conflict, "Deze geboorte is vastgelegd voordat correcties mogelijk waren; zij kan niet meer gecorrigeerd worden.");
        }

        if (birth.OrganisationId != by.OrganisationId)
        {
            return Decision.Reject(RejectionKind.Forbidden, $"Alleen {Timeline.Organisation(definition, birth.OrganisationId)}, die de geboorte vastlegde, kan haar corrigeren.");
        }

        return now - birth.At > Window
            ? Decision.Reject(RejectionKind.Conflict, $"De geboorte is vastgelegd op {Timeline.Moment(birth.At)}; een correctie kan tot een dag daarna. Neem contact op met de zorgcoördinator.")
            : null;
    }

    /// <summary>Undo the birth: end what it opened, put back what it ended, and the pathway is in pregnancy again.</summary>
    private List<InstanceEvent> Undo(PathwayDefinition definition, InstanceState state, RecordedBirth birth, DateTimeOffset now)
    {
        var flow = new Flow(definition, state, now);
        foreach (var task in birth.Opened)
        {
            flow.Emit(new TaskCancelled(task, "Vervallen: de geboorte was ten onrechte vastgelegd") { At = now, By = By.UserId });
        }

        foreach (var wait in birth.Waits.Where(w => flow.State.Waiting.Any(a => a.StepId == w)))
        {
            flow.Emit(new WaitEnded(wait) { At = now });
        }

        flow.Emit(new BirthCorrected(null, 0, Reason.Trim()) { At = now, By = By.UserId });
        foreach (var task in birth.Cancelled)
        {
            var reopened = Decider.TaskId(state.Id, flow.State.TaskCount);
            flow.Emit(new TaskActivated(reopened, task.StepId, task.Role, task.OrganisationId, task.DueAt) { At = now, By = By.UserId, Calls = task.Calls });
            if (task.Owner is { } owner)
            {
                flow.Emit(new TaskAssigned(reopened, owner) { At = now, By = By.UserId });
            }
        }

        foreach (var wait in birth.Ended)
        {
            flow.Emit(new WaitStarted(wait.StepId, wait.Event, wait.Until) { At = now, Calls = wait.Calls });
        }

        foreach (var (key, arrivals) in birth.Joins)
        {
            flow.Emit(new JoinReset(key.Split('@')[0], key, arrivals) { At = now, By = By.UserId });
        }

        return flow.Events;
    }

    private static string Children(int count) => count == 1 ? "één kind" : $"{count} kinderen";
}
