using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Complete an open task. Only a person with the task's role at the task's organisation may do so;
/// the pathway then moves on to the step's successor.
/// </summary>
public sealed record CompleteTask(Guid TaskId, string? Outcome) : InstanceCommand
{
    internal Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        var task = state.FindTask(TaskId);
        if (task is null || !state.HasOnCareTeam(By.OrganisationId))
        {
            return Decision.Reject(RejectionKind.NotFound, "Deze taak bestaat niet.");
        }

        if (task.OrganisationId != By.OrganisationId || !By.HasRole(task.Role))
        {
            return Decision.Reject(RejectionKind.Forbidden,
                $"Deze taak is voor de rol '{definition.RoleLabel(task.Role)}' van een andere organisatie of rol dan de uwe.");
        }

        if (!task.IsOpen)
        {
            return Decision.Reject(RejectionKind.Conflict,
                $"Deze taak is al afgesloten (status {task.Status.ToString().ToLowerInvariant()}).");
        }

        var step = definition.Step(task.StepId);
        if (Outcome is not null && step.Outcomes.Count > 0 && step.Outcomes.All(o => o.Id != Outcome))
        {
            return Decision.Reject(RejectionKind.Invalid,
                $"Onbekende uitkomst '{Outcome}' voor '{step.Label}'; kies uit: {string.Join(", ", step.Outcomes.Select(o => o.Id))}.");
        }

        var flow = new Flow(definition, state, now);
        flow.Emit(new TaskCompleted(task.Id, Outcome) { At = now, By = By.UserId });
        flow.Leave(step, task.Calls, Outcome);
        return Decision.Accept(flow.Events);
    }
}
