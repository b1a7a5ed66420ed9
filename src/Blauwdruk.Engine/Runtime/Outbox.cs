using System.Text.Json;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>Turns the events that have an effect outside the decision into outbox messages.</summary>
internal static class Outbox
{
    public const string AandachtsfunctionarisRole = "aandachtsfunctionaris";

    public static OutboxMessage? For(InstanceState state, InstanceEvent @event, PathwayDefinition definition, DateTimeOffset now)
    {
        (string Type, string Organisation, string? Role, Guid? TaskId, bool Confidential, object Payload)? message = @event switch
        {
            TaskReminded reminded when state.FindTask(reminded.TaskId) is { } task =>
                ("task-reminder", task.OrganisationId, task.Role, task.Id, Access.IsConfidential(definition, task.StepId),
                    new { taskId = task.Id, stepId = task.StepId, dueAt = task.DueAt }),
            TaskEscalated escalated when state.FindTask(escalated.TaskId) is { } task =>
                ("task-escalated", escalated.OrganisationId, escalated.Role, escalated.EscalationTaskId, Access.IsConfidential(definition, task.StepId),
                    new { taskId = task.Id, escalationTaskId = escalated.EscalationTaskId, stepId = task.StepId, role = escalated.Role }),
            HandoverSent sent =>
                ("handover-available", sent.Recipient, RecipientRole(state, definition, sent.TaskId), sent.TaskId, false,
                    new { taskId = sent.TaskId, kind = sent.Kind.ToString().ToLowerInvariant(), version = sent.Version, children = sent.Children }),
            SignalRaised raised when definition.FindSignal(raised.SignalId)?.Starts is not null =>
                ("signal-raised", AandachtsfunctionarisOf(definition, raised.OrganisationId), AandachtsfunctionarisRole, null, true,
                    new { signalId = raised.SignalId }),
            _ => null,
        };
        return message is not { } m ? null : new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            InstanceId = state.Id,
            Type = m.Type,
            OrganisationId = m.Organisation,
            Role = m.Role,
            TaskId = m.TaskId,
            Confidential = m.Confidential,
            Payload = JsonSerializer.Serialize(m.Payload),
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>The role a handover step hands over to (the JGZ nurse), from its step.</summary>
    private static string? RecipientRole(InstanceState state, PathwayDefinition definition, Guid taskId) =>
        state.FindTask(taskId) is { } task ? definition.FindStep(task.StepId)?.Recipient : null;

    /// <summary>The organisation whose aandachtsfunctionaris the professionals of <paramref name="organisation"/> consult.</summary>
    private static string AandachtsfunctionarisOf(PathwayDefinition definition, string organisation) =>
        definition.Organisations.FirstOrDefault(o => o.ActorId == organisation)?.Aandachtsfunctionaris is { } delegated
            && definition.FindOrganisation(delegated) is { } other
            ? other.ActorId
            : organisation;
}
