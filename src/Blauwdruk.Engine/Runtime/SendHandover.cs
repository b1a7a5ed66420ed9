using System.Collections.Immutable;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Make a handover step's document available to the JGZ: one per child after the birth. Only with
/// the client's recorded consent for it, or a recorded legal ground; otherwise the step waits and
/// nothing leaves. Sending again makes a new version that replaces the earlier one. The task stays
/// open (in progress) until the JGZ acknowledges receipt.
/// </summary>
public sealed record SendHandover(Guid TaskId) : InstanceCommand
{
    internal Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (TaskRules.Check(definition, state, TaskId, By) is { } refusal)
        {
            return refusal;
        }

        var task = state.FindTask(TaskId)!;
        var step = definition.Step(task.StepId);
        if (task.EscalationOf is not null || step.Handover is not { } kind)
        {
            return Decision.Reject(RejectionKind.Invalid, $"'{step.Label}' is geen overdracht.");
        }

        if (Blocked(definition, state, kind) is { } reason)
        {
            return Decision.Reject(RejectionKind.Conflict, reason);
        }

        var recipient = HandoverDocument.RecipientOf(definition, state)!;
        var version = state.Handovers.Where(h => h.TaskId == task.Id).Select(h => h.Version).DefaultIfEmpty(0).Max() + 1;
        var children = kind == HandoverKind.Prenatal ? [0] : state.Newborns.Select(n => n.Number).ToImmutableList();
        var underConsent = state.GrantFor(kind, recipient)!.Consent;
        List<InstanceEvent> events = [new HandoverSent(task.Id, kind, children, recipient, version, underConsent) { At = now, By = By.UserId }];
        if (task.Status != PathwayTaskStatus.InProgress)
        {
            events.Add(new TaskStatusChanged(task.Id, PathwayTaskStatus.InProgress, "Verstuurd; wacht op de ontvangstbevestiging van de JGZ.") { At = now, By = By.UserId });
        }

        return Decision.Accept(events);
    }

    /// <summary>Why a handover of this kind cannot leave now, in Dutch for the midwife; null when it can.</summary>
    public static string? Blocked(PathwayDefinition definition, InstanceState state, HandoverKind kind)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        var recipient = HandoverDocument.RecipientOf(definition, state);
        if (recipient is null)
        {
            return RecordConsent.NoRecipient(state);
        }

        if (!state.Identified)
        {
            return "De identiteit van de cliënt (BSN, naam, geboortedatum) is nog niet vastgelegd; zonder die kan de JGZ de overdracht niet aan haar dossier koppelen.";
        }

        if (kind == HandoverKind.Postnatal && state.Newborns.IsEmpty)
        {
            return "De geboorte is nog niet vastgelegd.";
        }

        return state.GrantFor(kind, recipient) is null
            ? $"Er is geen toestemming van de cliënt voor de {(kind == HandoverKind.Prenatal ? "prenatale" : "postnatale")} overdracht aan de JGZ, "
              + "en geen vastgelegde wettelijke grondslag. De overdracht wacht; er gaat niets naar de JGZ. Laat de cliënt het voorbeeld zien en leg haar toestemming vast."
            : null;
    }
}

/// <summary>The JGZ confirms it received a handover document (one child, or all); when every document is acknowledged the step is done.</summary>
public sealed record AcknowledgeHandover(Guid TaskId) : InstanceCommand
{
    /// <summary>The child (1, 2, …) whose document is acknowledged; null for all of them (and for the prenatal one).</summary>
    public int? Child { get; init; }

    internal Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        var sent = state.Handovers.Where(h => h.TaskId == TaskId).ToList();
        if (sent.Count == 0 || state.FindTask(TaskId) is not { } task)
        {
            return Decision.Reject(RejectionKind.NotFound, "Deze overdracht bestaat niet of is nog niet verstuurd.");
        }

        var step = definition.Step(task.StepId);
        if (sent[0].Recipient != By.OrganisationId || step.Recipient is { } role && !By.HasRole(role))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen de ontvangende JGZ-organisatie bevestigt de ontvangst van deze overdracht.");
        }

        var open = sent.Where(h => h.Status != HandoverStatus.Acknowledged && (Child is null || h.Child == Child)).ToList();
        if (open.Count == 0)
        {
            return Decision.Reject(Child is { } c && sent.All(h => h.Child != c) ? RejectionKind.NotFound : RejectionKind.Conflict,
                Child is { } n && sent.All(h => h.Child != n) ? $"Deze overdracht heeft geen document voor kind {n}." : "De ontvangst is al bevestigd.");
        }

        var flow = new Flow(definition, state, now);
        foreach (var handover in open)
        {
            flow.Emit(new HandoverAcknowledged(TaskId, handover.Child, By.OrganisationId) { At = now, By = By.UserId });
        }

        if (flow.State.Handovers.Where(h => h.TaskId == TaskId).All(h => h.Status == HandoverStatus.Acknowledged))
        {
            flow.Emit(new TaskCompleted(TaskId, null) { At = now, By = By.UserId });
            flow.Leave(step, task.Calls, outcome: null);
        }

        return Decision.Accept(flow.Events);
    }
}

/// <summary>The JGZ read a handover document (through the FHIR facade): its status moves from available to retrieved.</summary>
public sealed record RetrieveHandover(Guid TaskId, int Child) : InstanceCommand
{
    internal Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        var handover = state.Handovers.FirstOrDefault(h => h.TaskId == TaskId && h.Child == Child);
        if (handover is null || handover.Recipient != By.OrganisationId)
        {
            return Decision.Reject(RejectionKind.NotFound, "Deze overdracht bestaat niet.");
        }

        return handover.Status == HandoverStatus.Available
            ? Decision.Accept([new HandoverRetrieved(TaskId, Child, By.OrganisationId) { At = now, By = By.UserId }])
            : Decision.Accept([]);
    }
}

/// <summary>
/// The handover's documents were prepared for the client to see (the preview): the first stage of a
/// handover (prepared → available → retrieved → acknowledged). Recorded once per content version.
/// </summary>
public sealed record PrepareHandover(Guid TaskId, string ContentVersion) : InstanceCommand
{
    internal Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (state.FindTask(TaskId) is not { } task || !state.IsOnCareTeam(definition, By))
        {
            return Decision.Reject(RejectionKind.NotFound, "Deze taak bestaat niet of is niet meer open.");
        }

        if (definition.Step(task.StepId).Handover is null)
        {
            return Decision.Reject(RejectionKind.Invalid, $"'{definition.Step(task.StepId).Label}' is geen overdracht.");
        }

        return state.PreparedHandovers.GetValueOrDefault(TaskId) == ContentVersion
            ? Decision.Accept([])
            : Decision.Accept([new HandoverPrepared(TaskId, ContentVersion) { At = now, By = By.UserId }]);
    }
}
