using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>Take a requested task on (FHIR Task status requested → accepted); colleagues see who has it.</summary>
public sealed record ClaimTask(Guid TaskId) : InstanceCommand, ITaskCommand
{
    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (TaskRules.Check(definition, state, TaskId, By) is { } refusal)
        {
            return refusal;
        }

        var task = state.FindTask(TaskId)!;
        return task.Status == PathwayTaskStatus.Requested
            ? Decision.Accept([new TaskClaimed(task.Id) { At = now, By = By.UserId }])
            : Decision.Reject(RejectionKind.Conflict, task.Owner == By.UserId
                ? "U heeft deze taak al opgepakt."
                : "Deze taak is al door een collega opgepakt.");
    }
}
