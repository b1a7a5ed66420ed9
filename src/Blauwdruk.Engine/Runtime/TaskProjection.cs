using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Keeps the task projection (<see cref="TaskRecord"/>, what worklists and the FHIR facade query) in step
/// with the events of a command, in the same unit of work as the journal and the snapshot.
/// </summary>
internal static class TaskProjection
{
    private static readonly string[] Changed = [nameof(TaskRecord.Status), nameof(TaskRecord.CompletedAt), nameof(TaskRecord.DueAt), nameof(TaskRecord.Owner)];

    /// <summary>Projects one event, given the state before and after it.</summary>
    public static void Project(BlauwdrukDbContext db, InstanceState? before, InstanceState after, InstanceEvent @event)
    {
        switch (@event)
        {
            case TaskActivated activated:
                db.Tasks.Add(NewRow(after, activated.TaskId, activated.StepId, activated.Role, activated.OrganisationId, activated.At, activated.DueAt));
                break;
            case TaskEscalated escalated:
                var overdue = after.FindTask(escalated.TaskId)!;
                var row = NewRow(after, escalated.EscalationTaskId, overdue.StepId, escalated.Role, escalated.OrganisationId, escalated.At, null);
                row.EscalationOf = escalated.TaskId;
                db.Tasks.Add(row);
                break;
            case TaskCompleted completed:
                UpdateRow(db, after, before!.FindTask(completed.TaskId)! with { Status = PathwayTaskStatus.Completed }, completed.At);
                break;
            case TaskCancelled cancelled:
                UpdateRow(db, after, before!.FindTask(cancelled.TaskId)! with { Status = cancelled.Failed ? PathwayTaskStatus.Failed : PathwayTaskStatus.Cancelled }, cancelled.At);
                break;
            case TaskClaimed or TaskAssigned or TaskStatusChanged or TaskDueChanged:
                UpdateRow(db, after, after.FindTask(((ITaskChange)@event).TaskId)!, completedAt: null);
                break;
        }
    }

    /// <summary>Updates a task's row (projected when the task opened) in the same batch, without reading it first.</summary>
    private static void UpdateRow(BlauwdrukDbContext db, InstanceState state, PathwayTask task, DateTimeOffset? completedAt)
    {
        var projected = db.Tasks.Local.FirstOrDefault(t => t.Id == task.Id);
        if (projected is null)
        {
            projected = NewRow(state, task.Id, task.StepId, task.Role, task.OrganisationId, task.ActivatedAt, task.DueAt);
            projected.EscalationOf = task.EscalationOf;
            db.Tasks.Attach(projected);
        }

        projected.Status = task.Status;
        projected.CompletedAt = completedAt;
        projected.DueAt = task.DueAt;
        projected.Owner = task.Owner;
        var entry = db.Entry(projected);
        if (entry.State != EntityState.Added)
        {
            foreach (var property in Changed)
            {
                entry.Property(property).IsModified = true;
            }
        }
    }

    private static TaskRecord NewRow(InstanceState state, Guid id, string stepId, string role, string organisation, DateTimeOffset at, DateTimeOffset? due) => new()
    {
        Id = id,
        InstanceId = state.Id,
        PathwayId = state.PathwayId,
        PathwayVersion = state.PathwayVersion,
        StepId = stepId,
        Role = role,
        OrganisationId = organisation,
        Status = PathwayTaskStatus.Requested,
        ActivatedAt = at,
        DueAt = due,
    };
}
