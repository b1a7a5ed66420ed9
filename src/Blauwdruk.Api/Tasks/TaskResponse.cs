using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Api.Tasks;

/// <summary>A task as the API shows it, with the Dutch labels of its step and role.</summary>
public sealed record TaskResponse(
    Guid Id,
    Guid InstanceId,
    string StepId,
    string Label,
    string Role,
    string RoleLabel,
    string OrganisationId,
    string Status,
    DateTimeOffset ActivatedAt,
    DateTimeOffset? DueAt,
    bool Overdue,
    string? Owner,
    Guid? EscalationOf,
    IReadOnlyList<string> Outcomes)
{
    /// <summary>For a handover: what it waits for (consent, identity, the JGZ's acknowledgement), in Dutch; null when it can go.</summary>
    public string? WaitingFor { get; init; }

    internal static TaskResponse From(PathwayTask task, InstanceState state, PathwayDefinition definition, DateTimeOffset now) =>
        Create(task.Id, state.Id, task.StepId, task.Role, task.OrganisationId, task.Status, task.ActivatedAt, task.DueAt, task.Owner, task.EscalationOf, definition, now) with
        {
            WaitingFor = task.EscalationOf is null && definition.Step(task.StepId).Handover is { } kind
                ? state.Handovers.Any(h => h.TaskId == task.Id)
                    ? "De overdracht is verstuurd; zij wacht op de ontvangstbevestiging van de JGZ."
                    : HandoverReadiness.Blocked(definition, state, kind, now)
                : null,
        };

    internal static TaskResponse From(TaskRecord task, PathwayDefinition definition, DateTimeOffset now) =>
        Create(task.Id, task.InstanceId, task.StepId, task.Role, task.OrganisationId, task.Status, task.ActivatedAt, task.DueAt, task.Owner, task.EscalationOf, definition, now);

    private static TaskResponse Create(
        Guid id, Guid instanceId, string stepId, string role, string organisation, PathwayTaskStatus status, DateTimeOffset activatedAt,
        DateTimeOffset? dueAt, string? owner, Guid? escalationOf, PathwayDefinition definition, DateTimeOffset now)
    {
        var step = definition.Step(stepId);
        var open = Worklist.OpenStatuses.Contains(status);
        return new TaskResponse(id, instanceId, stepId, escalationOf is null ? step.Label : $"Termijn verstreken: {step.Label}", role,
            definition.RoleLabel(role), organisation, ChangeTaskStatus.Code(status), activatedAt, dueAt, open && dueAt <= now, owner, escalationOf,
            escalationOf is null ? step.Outcomes.Select(o => o.Id).ToList() : []);
    }
}
