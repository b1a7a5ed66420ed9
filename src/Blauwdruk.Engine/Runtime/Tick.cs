using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Time passed: reminders that are due go out, overdue tasks with an escalation target get an
/// escalation task for that role, timers whose moment came move the pathway on. A handover that was
/// sent but not acknowledged by its due date escalates to its sender, who follows it up with the JGZ.
/// Given by the host's timer worker (and the scenario runner), never by a person.
/// </summary>
public sealed record Tick : InstanceCommand
{
    public static readonly Actor System = new("systeem", [], "");

#pragma warning disable CA1822 // Every command decides through an instance method; Tick just needs no data of its own.
    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
#pragma warning restore CA1822
    {
        var flow = new Flow(definition, state, now);
        foreach (var task in state.OpenTasks.Where(t => t.EscalationOf is null))
        {
            var deadline = definition.Step(task.StepId).Deadline;
            if (task.RemindedAt is null && Deadlines.RemindAt(definition.WorkingDays, task, deadline) is { } remind && remind <= now && task.DueAt > now)
            {
                flow.Emit(new TaskReminded(task.Id) { At = now });
            }

            var sentHandover = state.Handovers.Any(h => h.TaskId == task.Id);
            (string Role, string Organisation)? target = sentHandover ? (task.Role, task.OrganisationId)
                : deadline?.EscalateTo is { } role ? (role, flow.OrganisationFor(role, task.Calls))
                : null;
            if (task.EscalatedAt is null && target is { } escalation && task.DueAt is { } due && due <= now)
            {
                flow.Emit(new TaskEscalated(task.Id, Decider.TaskId(state.Id, flow.State.TaskCount), escalation.Role, escalation.Organisation) { At = now });
            }
        }

        foreach (var wait in state.Waiting.Where(w => w.Until is { } until && until <= now))
        {
            flow.Emit(new WaitEnded(wait.StepId) { At = now });
            flow.Leave(definition.Step(wait.StepId), wait.Calls, outcome: null);
        }

        return Decision.Accept(flow.Events);
    }
}
