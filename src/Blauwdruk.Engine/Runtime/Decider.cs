using System.Collections.Immutable;
using System.Security.Cryptography;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>Something asked of an instance. Each command lives in its own file with its decision.</summary>
public abstract record InstanceCommand
{
    public required Actor By { get; init; }
}

/// <summary>
/// The functional core of the runtime: <c>Decide</c> turns a command into events, <c>Evolve</c>
/// folds an event into the state. Both are pure: no I/O, no clock, no random numbers.
/// </summary>
public static class Decider
{
    public static Decision Decide(PathwayDefinition definition, InstanceState? state, InstanceCommand command, DateTimeOffset now) =>
        command switch
        {
            StartInstance start => start.Decide(definition, state, now),
            CompleteTask complete when state is not null => complete.Decide(definition, state, now),
            CompleteTask => Decision.Reject(RejectionKind.NotFound, "Deze taak bestaat niet."),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown command."),
        };

    public static InstanceState Evolve(InstanceState? state, InstanceEvent @event)
    {
        if (@event is InstanceStarted started)
        {
            return new InstanceState
            {
                Id = started.InstanceId,
                PathwayId = started.PathwayId,
                PathwayVersion = started.PathwayVersion,
                Status = InstanceStatus.Active,
                ClientReference = started.ClientReference,
                Municipality = started.Municipality,
                LeadOrganisation = started.LeadOrganisation,
                CareTeam = started.CareTeam,
                Tasks = [],
                StartedAt = started.At,
                EventCount = 1,
            };
        }

        var current = state ?? throw new InvalidOperationException($"{@event.GetType().Name} before InstanceStarted.");
        var next = @event switch
        {
            TaskActivated activated => current with
            {
                Tasks = current.Tasks.Add(new PathwayTask
                {
                    Id = activated.TaskId,
                    StepId = activated.StepId,
                    Role = activated.Role,
                    OrganisationId = activated.OrganisationId,
                    Status = PathwayTaskStatus.Requested,
                    ActivatedAt = activated.At,
                    DueAt = activated.DueAt,
                }),
            },
            TaskCompleted completed => current with
            {
                Tasks = current.Tasks.Replace(
                    current.FindTask(completed.TaskId)!,
                    current.FindTask(completed.TaskId)! with
                    {
                        Status = PathwayTaskStatus.Completed,
                        CompletedAt = completed.At,
                        CompletedBy = completed.By,
                        Outcome = completed.Outcome,
                    }),
            },
            InstanceCompleted ended => current with { Status = InstanceStatus.Completed, CompletedAt = ended.At },
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown event."),
        };
        return next with { EventCount = current.EventCount + 1 };
    }

    public static InstanceState? Replay(IEnumerable<InstanceEvent> journal) => journal.Aggregate((InstanceState?)null, Evolve);

    /// <summary>
    /// The events of entering a step: a task for its role's organisation, or the end of the pathway.
    /// <paramref name="taskNumber"/> counts the instance's tasks so task ids stay deterministic.
    /// </summary>
    internal static IEnumerable<InstanceEvent> Enter(
        PathwayDefinition definition,
        string stepId,
        Guid instanceId,
        ImmutableDictionary<string, string> careTeam,
        string leadOrganisation,
        int taskNumber,
        DateTimeOffset now)
    {
        var step = definition.Step(stepId);
        switch (step.Kind)
        {
            case StepKind.Task:
                var role = step.Role!;
                yield return new TaskActivated(
                    TaskId(instanceId, taskNumber),
                    step.Id,
                    role,
                    careTeam.GetValueOrDefault(role, leadOrganisation),
                    step.Deadline is { } deadline ? now + deadline : null)
                { At = now };
                break;
            case StepKind.End:
                yield return new InstanceCompleted(step.Id) { At = now };
                break;
            default:
                throw new InvalidOperationException($"Step kind {step.Kind} cannot be entered.");
        }
    }

    /// <summary>A task id derived from its instance and its number, so that deciding stays pure and replay gives the same ids.</summary>
    internal static Guid TaskId(Guid instanceId, int taskNumber)
    {
        Span<byte> input = stackalloc byte[20];
        instanceId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], taskNumber);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        var bytes = hash[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // version 8: custom, name-based
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes);
    }
}
