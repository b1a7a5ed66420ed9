using System.Globalization;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>An event as a professional reads it in the timeline: when, and what happened, in Dutch.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Text, TimelineTopic Topic = TimelineTopic.Other);

/// <summary>What a timeline entry is about, so the client's page can show the screening, the assessment and consent apart.</summary>
public enum TimelineTopic
{
    Other,

    /// <summary>A questionnaire recorded or skipped, and the decisions taken on what it gave.</summary>
    Screening,

    /// <summary>The outcome of a step of the care pathway itself (not the Meldcode): the conversation, the triage, the MDO.</summary>
    Assessment,

    /// <summary>Consent given, refused or withdrawn, and a legal ground recorded without consent.</summary>
    Consent,
}

/// <summary>Turns journal events into timeline entries (the instance view, the scenario runner).</summary>
public static class Timeline
{
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <param name="visible">Which events the reader may see (see <see cref="NeedToKnow"/>); all when null.</param>
    public static IReadOnlyList<TimelineEntry> Of(PathwayDefinition definition, IEnumerable<InstanceEvent> journal, Func<InstanceEvent, bool>? visible = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var entries = new List<TimelineEntry>();
        InstanceState? state = null;
        foreach (var @event in journal)
        {
            if ((visible is null || visible(@event)) && Describe(definition, state, @event) is { } text)
            {
                entries.Add(new TimelineEntry(@event.At, text, TopicOf(definition, state, @event)));
            }

            state = Decider.Evolve(state, @event);
        }

        return entries;
    }

    /// <summary>What an event is about, given the state just before it.</summary>
    public static TimelineTopic TopicOf(PathwayDefinition definition, InstanceState? state, InstanceEvent @event)
    {
        ArgumentNullException.ThrowIfNull(definition);
        StepDefinition? StepOf(Guid taskId) => state?.FindTask(taskId) is { } task ? definition.FindStep(task.StepId) : null;
        var screening = ScreeningFlow.GetValue(definition, Screening);
        return @event switch
        {
            ConsentRecorded or HandoverRefused or ConsentWithdrawn or LegalGroundRecorded => TimelineTopic.Consent,
            TaskCompleted completed when StepOf(completed.TaskId) is { Questionnaire: { } questionnaire }
                && definition.Facts.Any(f => f.Instrument == questionnaire) => TimelineTopic.Screening,
            DecisionTaken decision when screening.Decisions.Contains(decision.StepId) => TimelineTopic.Screening,
            TaskCompleted { Outcome: not null } completed when StepOf(completed.TaskId) is { } step && screening.After.Contains(step.Id) => TimelineTopic.Assessment,
            _ => TimelineTopic.Other,
        };
    }

    /// <summary>The decisions taken on a screening's facts, and the steps of the pathway itself (not a subpathway) that follow them.</summary>
    private sealed record ScreeningSteps(HashSet<string> Decisions, HashSet<string> After);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PathwayDefinition, ScreeningSteps> ScreeningFlow = new();

    private static ScreeningSteps Screening(PathwayDefinition definition)
    {
        var decisions = definition.MainSteps
            .Where(s => s.Kind == StepKind.Decision && s.Transitions.Any(t => t.When is { } when && FactNames(when).Any(f => ReadsQuestionnaire(definition, f, depth: 0))))
            .Select(s => s.Id).ToHashSet();
        var after = new HashSet<string>();
        var queue = new Queue<string>(decisions);
        while (queue.TryDequeue(out var id))
        {
            foreach (var next in definition.FindStep(id)?.Transitions ?? [])
            {
                if (definition.FindStep(next.To) is { Within: null } step && after.Add(step.Id))
                {
                    queue.Enqueue(step.Id);
                }
            }
        }

        after.ExceptWith(decisions);
        return new ScreeningSteps(decisions, after);
    }

    private static IEnumerable<string> FactNames(string expression) =>
        System.Text.RegularExpressions.Regex.Matches(expression, @"%(\w+)").Select(m => m.Groups[1].Value);

    /// <summary>Whether a fact reads a questionnaire, itself or through the facts it is made of.</summary>
    private static bool ReadsQuestionnaire(PathwayDefinition definition, string factId, int depth) =>
        definition.FindFact(factId) is { } fact && depth < 10
        && (fact.Instrument is not null || FactNames(fact.Expression).Any(inner => inner != factId && ReadsQuestionnaire(definition, inner, depth + 1)));

    /// <summary>A Dutch line for an event, given the state just before it (which holds the task it is about); null for bookkeeping events.</summary>
    public static string? Describe(PathwayDefinition definition, InstanceState? state, InstanceEvent @event)
    {
        ArgumentNullException.ThrowIfNull(definition);
        string Label(Guid taskId) => state?.FindTask(taskId) is { } task ? definition.FindStep(task.StepId)?.Label ?? task.StepId : taskId.ToString();
        return @event switch
        {
            InstanceStarted started => $"traject gestart: {definition.Title} (versie {started.PathwayVersion})",
            TaskActivated activated => $"taak geopend: {definition.Step(activated.StepId).Label} — {definition.RoleLabel(activated.Role)}, {Organisation(definition, activated.OrganisationId)}" +
                (activated.DueAt is { } due ? $", uiterlijk {Day(due)}" : ""),
            TaskCompleted completed => $"taak afgerond: {Label(completed.TaskId)}" + (completed.Outcome is { } outcome ? $" (uitkomst: {Outcome(definition, state, completed.TaskId, outcome)})" : "") +
                (completed.Resources.Count > 0 ? ", met de ingevulde gegevens" : ""),
            TaskClaimed claimed => $"taak opgepakt: {Label(claimed.TaskId)}",
            TaskAssigned assigned => $"taak overgedragen aan een collega: {Label(assigned.TaskId)}",
            TaskStatusChanged changed => $"taak {Status(changed.Status)}: {Label(changed.TaskId)}" + (changed.Reason is { } reason ? $" — {reason}" : ""),
            TaskCancelled cancelled => $"taak {(cancelled.Failed ? "mislukt" : "vervallen")}: {Label(cancelled.TaskId)} — {cancelled.Reason}",
            TaskDueChanged changed => $"termijn verschoven: {Label(changed.TaskId)}, " + (changed.DueAt is { } due ? $"uiterlijk {Day(due)}" : "nog geen datum"),
            TaskReminded reminded => $"herinnering: {Label(reminded.TaskId)}",
            TaskEscalated escalated => $"termijn verstreken: {Label(escalated.TaskId)} — escalatie naar {definition.RoleLabel(escalated.Role)}, {Organisation(definition, escalated.OrganisationId)}",
            SignalRaised raised => $"signaal: {definition.FindSignal(raised.SignalId)?.Label ?? raised.SignalId} ({Organisation(definition, raised.OrganisationId)})",
            ClinicalDateRecorded date => $"{(date.Date == DeadlineAnchor.BirthDate ? "geboortedatum" : "uitgerekende datum")}: {date.Value.ToString("d MMMM yyyy", Dutch)}",
            NewbornsRecorded born => born.Newborns.Count == 1 ? "één kind geboren" : $"{born.Newborns.Count} kinderen geboren",
            BirthCorrected { BornOn: null } undone => $"geboorte teruggedraaid: zij was nog niet geboren — {undone.Reason}",
            BirthCorrected corrected => $"geboorte gecorrigeerd: {corrected.BornOn!.Value.ToString("d MMMM yyyy", Dutch)}, {(corrected.Newborns == 1 ? "één kind" : $"{corrected.Newborns} kinderen")} — {corrected.Reason}",
            DecisionTaken decision => $"beslissing {definition.Step(decision.StepId).Label} → {definition.FindStep(decision.To)?.Label ?? decision.To}: {Facts(definition, decision.Reason)}",
            WaitStarted wait => wait.Event is { } signal
                ? $"wacht op: {definition.FindSignal(signal)?.Label ?? signal}"
                : $"wacht tot {(wait.Until is { } until ? Moment(until) : "een nog onbekende datum")}",
            WaitMoved moved => $"wachten verschoven: {definition.Step(moved.StepId).Label}, tot {(moved.Until is { } until ? Moment(until) : "een nog onbekende datum")}",
            ClientIdentified identified => identified.WithoutBsn
                ? "identiteit van de cliënt vastgelegd zonder BSN (nog): naam, geboortedatum en een tijdelijk kenmerk"
                : "identiteit van de cliënt vastgelegd (BSN, naam, geboortedatum)",
            ConsentRecorded consent => $"toestemming vastgelegd voor {Handovers(consent.Kind)} aan {Organisation(definition, consent.Recipient)}"
                + (consent.PreviewVersion is { } preview ? $" (na het voorbeeld dat zij zag)" : ""),
            ConsentWithdrawn withdrawn => $"toestemming ingetrokken voor {Handovers(withdrawn.Kind)} aan {Organisation(definition, withdrawn.Recipient)}",
            LegalGroundRecorded ground => ground.RecipientKind switch
            {
                null => $"wettelijke grondslag vastgelegd voor {Handovers(ground.Kind)} aan {Organisation(definition, ground.Recipient)}: {ground.Ground} (van vóór de controle per ontvanger; opent geen overdracht)",
                ShareRecipient.Jgz => $"grondslag vastgelegd voor {Handovers(ground.Kind)} aan {Organisation(definition, ground.Recipient)}: {ground.Ground}"
                    + (ground.Weighing is { } weighing ? $", gewogen met {weighing.Professional}, geldt tot en met {weighing.Until.ToString("d MMMM yyyy", Dutch)}" : ""),
                { } recipient => $"grondslag vastgelegd voor {LegalGrounds.Label(recipient)} ({Organisation(definition, ground.Recipient)}): {ground.Ground}",
            },
            HandoverPrepared prepared => $"overdracht voorbereid en als voorbeeld getoond: {Label(prepared.TaskId)}",
            HandoverSent sent => $"overdracht verstuurd aan {Organisation(definition, sent.Recipient)}: {Label(sent.TaskId)}" + (sent.Version > 1 ? $", versie {sent.Version}" : "")
                + (sent.Children.Count > 1 ? $", {sent.Children.Count} documenten (één per kind)" : "")
                + (sent.UnderConsent ? "" : " — zonder toestemming, op grond van een gewogen conflict van plichten"),
            HandoverRetrieved retrieved => $"overdracht opgehaald door {Organisation(definition, retrieved.OrganisationId)}: {Label(retrieved.TaskId)}" + (retrieved.Child > 0 ? $", kind {retrieved.Child}" : ""),
            HandoverAcknowledged acknowledged => $"ontvangst bevestigd door {Organisation(definition, acknowledged.OrganisationId)}: {Label(acknowledged.TaskId)}" + (acknowledged.Child > 0 ? $", kind {acknowledged.Child}" : ""),
            PathEnded ended => $"pad afgerond: {definition.Step(ended.EndStepId).Label}",
            InstanceCompleted => "traject afgerond",
            InstanceClosed closed => $"traject afgesloten: {closed.Reason}",
            _ => null,
        };
    }

    private static string Handovers(HandoverKind? kind) => kind switch
    {
        HandoverKind.Prenatal => "de prenatale overdracht",
        HandoverKind.Postnatal => "de postnatale overdracht",
        _ => "de overdrachten",
    };

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>An organisation by the name the region gave it; its URA number when the pathway does not name it.</summary>
    internal static string Organisation(PathwayDefinition definition, string actorId) =>
        definition.Organisations.FirstOrDefault(o => o.ActorId == actorId || o.Id == actorId)?.Name
        ?? (actorId.StartsWith("ura:", StringComparison.Ordinal) ? $"de organisatie met URA-nummer {actorId[4..]}" : actorId);

    /// <summary>The outcome by its label in the step, as the professional chose it.</summary>
    private static string Outcome(PathwayDefinition definition, InstanceState? state, Guid taskId, string outcome) =>
        state?.FindTask(taskId) is { } task && definition.FindStep(task.StepId)?.Outcomes.FirstOrDefault(o => o.Id == outcome) is { } found
            ? found.Label.ToLower(Dutch)
            : outcome;

    /// <summary>A decision's reason with each <c>%fact</c> named by its label.</summary>
    private static string Facts(PathwayDefinition definition, string reason) =>
        definition.ConditionInWords(reason)
            .Replace("voorwaarde", "want", StringComparison.Ordinal).Replace(" geldt", "", StringComparison.Ordinal);

    private static string Status(PathwayTaskStatus status) => status switch
    {
        PathwayTaskStatus.Requested => "teruggegeven",
        PathwayTaskStatus.Accepted => "opgepakt",
        PathwayTaskStatus.InProgress => "in behandeling",
        PathwayTaskStatus.OnHold => "gepauzeerd",
        PathwayTaskStatus.Completed => "afgerond",
        PathwayTaskStatus.Cancelled => "vervallen",
        PathwayTaskStatus.Failed => "mislukt",
        _ => "gewijzigd",
    };

    /// <summary>"16 december 2026" (a due date is a day).</summary>
    private static string Day(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Amsterdam).ToString("d MMMM yyyy", Dutch);

    /// <summary>"16 december 2026, 09:00".</summary>
    internal static string Moment(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Amsterdam).ToString("d MMMM yyyy, HH:mm", Dutch);

    public static string Local(DateTimeOffset moment) =>
        TimeZoneInfo.ConvertTime(moment, Amsterdam).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
