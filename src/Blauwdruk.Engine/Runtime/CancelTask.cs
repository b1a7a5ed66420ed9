using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Cancel a task that will not happen (FHIR status cancelled), or record that it was attempted and
/// could not be done (failed), with a reason; the pathway goes on as the step's default route. A locked
/// step of the standard can be neither.
/// </summary>
public sealed record CancelTask(Guid TaskId, string Reason) : InstanceCommand, ITaskCommand
{
    /// <summary>Failed instead of cancelled: tried, but it could not be done.</summary>
    public bool Failed { get; init; }

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (TaskRules.Check(definition, state, TaskId, By) is { } refusal)
        {
            return refusal;
        }

        if (string.IsNullOrWhiteSpace(Reason))
        {
            return Decision.Reject(RejectionKind.Invalid, "Geef een reden voor het annuleren.");
        }

        var task = state.FindTask(TaskId)!;
        var step = definition.Step(task.StepId);
        if (task.EscalationOf is null && step.Customisation.Locked)
        {
            return Decision.Reject(RejectionKind.Conflict,
                $"'{step.Label}' is een vaste stap en kan niet worden {(Failed ? "als mislukt afgesloten" : "geannuleerd")}{(step.Customisation.Reason is { } reason ? $": {reason}" : ".")}");
        }

        var flow = new Flow(definition, state, now);
        flow.Emit(new TaskCancelled(task.Id, Reason.Trim()) { At = now, By = By.UserId, Failed = Failed });
        if (task.EscalationOf is null)
        {
            flow.Leave(step, task.Calls, outcome: null);
        }

        return Decision.Accept(flow.Events);
    }
}
