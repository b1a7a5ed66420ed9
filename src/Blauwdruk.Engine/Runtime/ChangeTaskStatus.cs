using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Move a task along the FHIR Task status machine: start it (in-progress), put it on hold with a
/// reason, resume it, or hand it back (requested). Completing and cancelling have their own commands.
/// Any other move is refused, saying which moves the current status allows.
/// </summary>
public sealed record ChangeTaskStatus(Guid TaskId, PathwayTaskStatus Target) : InstanceCommand, ITaskCommand
{
    public string? Reason { get; init; }

    /// <summary>The moves this command makes, from each status.</summary>
    private static readonly Dictionary<PathwayTaskStatus, PathwayTaskStatus[]> Allowed = new()
    {
        [PathwayTaskStatus.Requested] = [PathwayTaskStatus.InProgress],
        [PathwayTaskStatus.Accepted] = [PathwayTaskStatus.InProgress, PathwayTaskStatus.Requested],
        [PathwayTaskStatus.InProgress] = [PathwayTaskStatus.OnHold, PathwayTaskStatus.Requested],
        [PathwayTaskStatus.OnHold] = [PathwayTaskStatus.InProgress],
    };

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (TaskRules.Check(definition, state, TaskId, By) is { } refusal)
        {
            return refusal;
        }

        var task = state.FindTask(TaskId)!;
        var moves = Allowed.GetValueOrDefault(task.Status, []);
        if (!moves.Contains(Target))
        {
            return Decision.Reject(RejectionKind.Conflict,
                $"Een taak met status {Code(task.Status)} kan niet naar {Code(Target)}; wel naar: {string.Join(", ", moves.Select(Code).Append("completed").Append("cancelled"))}.");
        }

        if (Target == PathwayTaskStatus.OnHold && string.IsNullOrWhiteSpace(Reason))
        {
            return Decision.Reject(RejectionKind.Invalid, "Geef een reden om de taak aan te houden.");
        }

        return Decision.Accept([new TaskStatusChanged(task.Id, Target, Reason?.Trim()) { At = now, By = By.UserId }]);
    }

    /// <summary>The FHIR Task.status code.</summary>
    public static string Code(PathwayTaskStatus status) => status switch
    {
        PathwayTaskStatus.InProgress => "in-progress",
        PathwayTaskStatus.OnHold => "on-hold",
        _ => status.ToString().ToLowerInvariant(),
    };
}

/// <summary>Give a task to a colleague of the same organisation (status accepted, with them as owner).</summary>
public sealed record AssignTask(Guid TaskId, string UserId) : InstanceCommand, ITaskCommand
{
    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (TaskRules.Check(definition, state, TaskId, By) is { } refusal)
        {
            return refusal;
        }

        if (string.IsNullOrWhiteSpace(UserId))
        {
            return Decision.Reject(RejectionKind.Invalid, "Noem de collega aan wie de taak wordt toegewezen.");
        }

        return Decision.Accept([new TaskAssigned(TaskId, UserId.Trim()) { At = now, By = By.UserId }]);
    }
}
