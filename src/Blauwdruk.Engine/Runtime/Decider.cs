using System.Collections.Immutable;
using System.Security.Cryptography;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Rules;

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
                    Calls = activated.Calls,
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
            WaitStarted wait => current with
            {
                Waiting = current.Waiting.Add(new Waiting(wait.StepId, wait.Calls) { Event = wait.Event, Until = wait.Until }),
            },
            JoinArrived arrived => current with
            {
                JoinArrivals = arrived.Completed
                    ? current.JoinArrivals.Remove(arrived.JoinKey)
                    : current.JoinArrivals.SetItem(arrived.JoinKey, current.JoinArrivals.GetValueOrDefault(arrived.JoinKey) + 1),
            },
            DecisionTaken or PathEnded => current,
            InstanceCompleted ended => current with { Status = InstanceStatus.Completed, CompletedAt = ended.At },
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown event."),
        };
        return next with { EventCount = current.EventCount + 1 };
    }

    public static InstanceState? Replay(IEnumerable<InstanceEvent> journal) => journal.Aggregate((InstanceState?)null, Evolve);

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

/// <summary>
/// Moves tokens through the pathway graph within one decision: every emitted event is folded into
/// <see cref="State"/> at once, so a join sees the branches that arrived earlier in the same move.
/// </summary>
internal sealed class Flow(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
{
    private RecordEvaluation? _record;

    public InstanceState State { get; private set; } = state;

    public List<InstanceEvent> Events { get; } = [];

    public void Emit(InstanceEvent @event)
    {
        Events.Add(@event);
        State = Decider.Evolve(State, @event);
    }

    /// <summary>Activate a step: open its task, take its decision, start its branches, or wait.</summary>
    public void Enter(string stepId, ImmutableList<string> calls)
    {
        var step = definition.Step(stepId);
        switch (step.Kind)
        {
            case StepKind.Task or StepKind.Handover:
                var role = step.Role!;
                Emit(new TaskActivated(
                    Decider.TaskId(State.Id, State.Tasks.Count),
                    step.Id,
                    role,
                    State.CareTeam.GetValueOrDefault(role, State.LeadOrganisation),
                    DueAt(step.Deadline))
                { At = now, Calls = calls });
                break;
            case StepKind.Decision:
                var (to, reason) = Choose(step, outcome: null);
                Emit(new DecisionTaken(step.Id, to, reason) { At = now });
                Enter(to, calls);
                break;
            case StepKind.Parallel:
                foreach (var branch in step.Successors)
                {
                    Enter(branch, calls);
                }

                break;
            case StepKind.Join:
                var key = calls.IsEmpty ? step.Id : $"{step.Id}@{string.Join('/', calls)}";
                var expected = PathwayChecks.IncomingArrows(definition, step.Id);
                var completed = State.JoinArrivals.GetValueOrDefault(key) + 1 >= expected;
                Emit(new JoinArrived(step.Id, key, completed) { At = now });
                if (completed)
                {
                    Leave(step, calls, outcome: null);
                }

                break;
            case StepKind.Merge:
                Leave(step, calls, outcome: null);
                break;
            case StepKind.Wait:
                Emit(new WaitStarted(step.Id, step.Event, null) { At = now, Calls = calls });
                break;
            case StepKind.Timer:
                Emit(new WaitStarted(step.Id, null, DueAt(step.Until)) { At = now, Calls = calls });
                break;
            case StepKind.Subpathway:
                Enter(definition.FindSubpathway(step.Subpathway!)!.StartStepId, calls.Add(step.Id));
                break;
            case StepKind.End when !calls.IsEmpty:
                Leave(definition.Step(calls[^1]), calls.RemoveAt(calls.Count - 1), outcome: null);
                break;
            case StepKind.End when State.HasActiveWork:
                Emit(new PathEnded(step.Id) { At = now });
                break;
            case StepKind.End:
                Emit(new InstanceCompleted(step.Id) { At = now });
                break;
        }
    }

    /// <summary>A step is done: follow its transitions.</summary>
    public void Leave(StepDefinition step, ImmutableList<string> calls, string? outcome)
    {
        if (step.Kind == StepKind.Parallel)
        {
            Enter(step.Id, calls);
            return;
        }

        Enter(Choose(step, outcome).To, calls);
    }

    /// <summary>The transition to take: the chosen outcome's, else the first condition that holds, else the default.</summary>
    private (string To, string Reason) Choose(StepDefinition step, string? outcome)
    {
        if (step.Transitions is [{ IsUnconditional: true } only])
        {
            return (only.To, "enige vervolgstap");
        }

        if (outcome is not null && step.Transitions.FirstOrDefault(t => t.Outcome == outcome) is { } chosen)
        {
            return (chosen.To, $"uitkomst '{outcome}'");
        }

        _record ??= new RecordEvaluation(definition, []);
        foreach (var transition in step.Transitions.Where(t => t.Condition is not null))
        {
            if (_record.Holds(transition.Condition!))
            {
                return (transition.To, $"voorwaarde {transition.When} geldt");
            }
        }

        var fallback = step.Transitions.First(t => t.IsDefault);
        return (fallback.To, "geen voorwaarde geldt: standaardtak");
    }

    private DateTimeOffset? DueAt(Deadline? deadline)
    {
        if (deadline is null || deadline.Anchor != DeadlineAnchor.Activation)
        {
            // Anchored on a clinical date the instance does not know yet: due once it is recorded.
            return null;
        }

        var sign = deadline.BeforeAnchor ? -1 : 1;
        return deadline.Duration.WorkingDays > 0
            ? DutchWorkingDays.Add(now, sign * deadline.Duration.WorkingDays)
            : now + (sign * deadline.Duration.Calendar);
    }
}
