using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Handover;

/// <summary>The JGZ confirms it received a handover document (one child, or all); when every document is acknowledged the step is done.</summary>
public sealed record AcknowledgeHandover(Guid TaskId) : InstanceCommand, IRecipientCommand
{
    /// <summary>The child (1, 2, …) whose document is acknowledged; null for all of them (and for the prenatal one).</summary>
    public int? Child { get; init; }

    /// <summary>An optional note back to the sender, at most <see cref="MaxNote"/> characters; trimmed, and empty means none.</summary>
    public string? Note { get; init; }

    /// <summary>How long the note back to the sender may be: a message, not a report.</summary>
    public const int MaxNote = 1000;

    internal override string? AccessPurpose(PathwayDefinition? definition) => Access.Handover;

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        var sent = state.Handovers.Where(h => h.TaskId == TaskId).ToList();
        if (sent.Count == 0 || state.FindTask(TaskId) is not { } task)
        {
            return Decision.Reject(RejectionKind.NotFound, "Deze overdracht bestaat niet of is nog niet verstuurd.");
        }

        var step = definition.Step(task.StepId);
        if (!Access.Received(sent[0], By) || step.Recipient is { } role && !By.HasRole(role))
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen de ontvangende JGZ-organisatie bevestigt de ontvangst van deze overdracht.");
        }

        var note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim();
        if (note is { Length: > MaxNote })
        {
            return Decision.Reject(RejectionKind.Invalid,
                $"Het bericht aan de overdrager is te lang: {note.Length} tekens, hoogstens {MaxNote}. Maak het korter; de ontvangst is nog niet bevestigd.");
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
            flow.Emit(new HandoverAcknowledged(TaskId, handover.Child, By.OrganisationId) { At = now, By = By.UserId, Note = note });
        }

        if (flow.State.Handovers.Where(h => h.TaskId == TaskId).All(h => h.Status == HandoverStatus.Acknowledged))
        {
            flow.Emit(new TaskCompleted(TaskId, null) { At = now, By = By.UserId });
            flow.Leave(step, task.Calls, outcome: null);
        }

        return Decision.Accept(flow.Events);
    }
}
