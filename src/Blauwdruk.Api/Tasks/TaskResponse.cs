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
    DateTimeOffset? DueAt)
{
    internal static TaskResponse From(PathwayTask task, Guid instanceId, PathwayDefinition definition) =>
        new(task.Id, instanceId, task.StepId, definition.Step(task.StepId).Label, task.Role,
            definition.RoleLabel(task.Role), task.OrganisationId, StatusCode(task.Status), task.ActivatedAt, task.DueAt);

    internal static TaskResponse From(TaskRecord task, PathwayDefinition definition) =>
        new(task.Id, task.InstanceId, task.StepId, definition.Step(task.StepId).Label, task.Role,
            definition.RoleLabel(task.Role), task.OrganisationId, StatusCode(task.Status), task.ActivatedAt, task.DueAt);

    /// <summary>The FHIR Task.status code (requested, in-progress, …).</summary>
    private static string StatusCode(PathwayTaskStatus status) => status switch
    {
        PathwayTaskStatus.InProgress => "in-progress",
        PathwayTaskStatus.OnHold => "on-hold",
        _ => status.ToString().ToLowerInvariant(),
    };
}
