using System.Collections.Immutable;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>Something asked of an instance. Each command lives in its own file with its decision.</summary>
public abstract record InstanceCommand
{
    public required Actor By { get; init; }

    /// <summary>The client's key for this request, when it gave one: a retry with it gets the first answer and runs nothing twice.</summary>
    public IdempotencyKey? Idempotency { get; init; }

    /// <summary>The command's own decision, once <see cref="Decider"/> checked that the instance is there, active and the actor's to address.</summary>
    internal abstract Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now);

    /// <summary>The purpose its access is recorded under when the command itself says (a handover, the Meldcode); null for the default (see <see cref="Access.PurposeOf"/>).</summary>
    internal virtual string? AccessPurpose(PathwayDefinition? definition) => null;
}

/// <summary>A command on one open task (claim, complete, status, assign, cancel).</summary>
public interface ITaskCommand
{
    Guid TaskId { get; }
}

/// <summary>
/// The functional core of the runtime: <c>Decide</c> turns a command into events, <c>Evolve</c>
/// folds an event into the state. Both are pure: no I/O, no clock, no random numbers.
/// </summary>
public static class Decider
{
    /// <summary>What a caller is told when the instance or task is absent, or not theirs to see: the same words for both.</summary>
    public static string NotFoundMessage(InstanceCommand command) =>
        command is ITaskCommand ? "Deze taak bestaat niet." : "Dit traject bestaat niet.";

    public static Decision Decide(PathwayDefinition definition, InstanceState? state, InstanceCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(command);
        if (command is StartInstance start)
        {
            return start.DecideStart(definition, state, now);
        }

        if (state is null || !Access.MayCommand(definition, state, command))
        {
            return Decision.Reject(RejectionKind.NotFound, NotFoundMessage(command));
        }

        if (state.Status != InstanceStatus.Active)
        {
            return Decision.Reject(RejectionKind.Conflict, "Dit traject is afgesloten.");
        }

        return command.Decide(definition, state, now);
    }

    public static InstanceState Evolve(InstanceState? state, InstanceEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
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
                ExpectedDeliveryDate = started.ExpectedDeliveryDate,
                Tasks = [],
                StartedAt = started.At,
                EventCount = 1,
                SnapshotFormat = InstanceState.CurrentSnapshotFormat,
            };
        }

        var current = state ?? throw new InvalidOperationException($"{@event.GetType().Name} before InstanceStarted.");
        PathwayTask Task(Guid id) => current.FindTask(id)!;
        InstanceState Update(Guid id, Func<PathwayTask, PathwayTask> change) =>
            current with { Tasks = current.Tasks.Replace(Task(id), change(Task(id))) };
        InstanceState Finish(Guid id) => current with { Tasks = current.Tasks.Remove(Task(id)) };
        var next = @event switch
        {
            TaskActivated activated => current with
            {
                TaskCount = current.TaskCount + 1,
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
            TaskCompleted completed => Finish(completed.TaskId) with { Record = current.Record.AddRange(completed.Resources) },
            TaskClaimed claimed => Update(claimed.TaskId, t => t with { Status = PathwayTaskStatus.Accepted, Owner = claimed.By }),
            TaskAssigned assigned => Update(assigned.TaskId, t => t with { Status = t.Status == PathwayTaskStatus.Requested ? PathwayTaskStatus.Accepted : t.Status, Owner = assigned.UserId }),
            TaskStatusChanged changed => Update(changed.TaskId, t => t with
            {
                Status = changed.Status,
                Owner = changed.Status == PathwayTaskStatus.Requested ? null : t.Owner ?? changed.By,
                Reason = changed.Reason ?? t.Reason,
            }),
            TaskCancelled cancelled => Finish(cancelled.TaskId),
            TaskDueChanged due => Update(due.TaskId, t => t with { DueAt = due.DueAt, RemindedAt = null }),
            TaskReminded reminded => Update(reminded.TaskId, t => t with { RemindedAt = reminded.At }),
            TaskEscalated escalated => Update(escalated.TaskId, t => t with { EscalatedAt = escalated.At }) is var withEscalation
                ? withEscalation with
                {
                    TaskCount = current.TaskCount + 1,
                    Tasks = withEscalation.Tasks.Add(new PathwayTask
                    {
                        Id = escalated.EscalationTaskId,
                        StepId = Task(escalated.TaskId).StepId,
                        Role = escalated.Role,
                        OrganisationId = escalated.OrganisationId,
                        Status = PathwayTaskStatus.Requested,
                        ActivatedAt = escalated.At,
                        EscalationOf = escalated.TaskId,
                    }),
                }
                : current,
            SignalRaised raised => current with
            {
                Signals = current.Signals.Add(new RaisedSignal(raised.SignalId, raised.By ?? "", raised.OrganisationId, raised.At)),
            },
            ClinicalDateRecorded date => date.Date == DeadlineAnchor.BirthDate
                ? current with { BirthDate = date.Value, Phase = InstancePhase.Postnatal }
                : current with { ExpectedDeliveryDate = date.Value },
            NewbornsRecorded born => current with { Newborns = born.Newborns },
            BirthRecorded birth => current with
            {
                Birth = new RecordedBirth(birth.At, birth.By ?? "", birth.OrganisationId)
                {
                    Cancelled = birth.Cancelled, Ended = birth.Ended, Opened = birth.Opened, Waits = birth.Waits, Joins = birth.Joins,
                },
            },
            BirthCorrected { BornOn: null } => current with { BirthDate = null, Phase = InstancePhase.Prenatal, Newborns = [], Birth = null },
            BirthCorrected => current,
            ClientIdentified identified => current with { Identified = true, WithoutBsn = identified.WithoutBsn },
            ConsentRecorded consent => current with
            {
                Grants = current.Grants
                    .RemoveAll(g => g.Consent && g.Recipient == consent.Recipient && g.Kind == consent.Kind)
                    .Add(new HandoverGrantRecord(consent.Kind, consent.Recipient, true, consent.By ?? "", consent.OrganisationId, consent.At)
                    {
                        PreviewVersion = consent.PreviewVersion,
                        LeftOut = consent.LeftOut,
                        OwnWords = consent.OwnWords,
                        ChildConsent = consent.ChildConsent,
                        ByClient = consent.ByClient,
                    }),
                Refused = Lift(current.Refused, consent.Kind),
            },
            ConsentWithdrawn withdrawn => current with { Grants = Withdraw(current.Grants, withdrawn.Kind, withdrawn.Recipient) },
            HandoverRefused refused => current with
            {
                Grants = Withdraw(current.Grants, refused.Kind, refused.Recipient),
                Refused = current.Refused.Remove(refused.Kind).Add(refused.Kind),
            },
            LegalGroundRecorded ground => current with
            {
                Grants = current.Grants.Add(new HandoverGrantRecord(ground.Kind, ground.Recipient, false, ground.By ?? "", ground.OrganisationId, ground.At)
                {
                    Ground = ground.Ground,
                    Reason = ground.Reason,
                    Basis = ground.Basis,
                    Weighing = ground.Weighing,
                }),
            },
            HandoverPrepared prepared => current with { PreparedHandovers = current.PreparedHandovers.SetItem(prepared.TaskId, prepared.ContentVersion) },
            HandoverSent sent => current with
            {
                Handovers = current.Handovers
                    .RemoveAll(h => h.TaskId == sent.TaskId)
                    .AddRange(sent.Children.Select(child => new SentHandover(sent.TaskId, sent.Kind, child, sent.Recipient, sent.Version, HandoverStatus.Available, sent.At))),
            },
            HandoverRetrieved retrieved => current with
            {
                Handovers = current.Handovers.ConvertAll(h => h.TaskId == retrieved.TaskId && h.Child == retrieved.Child && h.Status == HandoverStatus.Available ? h with { Status = HandoverStatus.Retrieved } : h),
            },
            HandoverAcknowledged acknowledged => current with
            {
                Handovers = current.Handovers.ConvertAll(h => h.TaskId == acknowledged.TaskId && h.Child == acknowledged.Child ? h with { Status = HandoverStatus.Acknowledged } : h),
            },
            WaitStarted wait => current with
            {
                Waiting = current.Waiting.Add(new Waiting(wait.StepId, wait.Calls) { Event = wait.Event, Until = wait.Until }),
            },
            WaitEnded ended => current with { Waiting = current.Waiting.RemoveAll(w => w.StepId == ended.StepId) },
            WaitMoved moved => current with
            {
                Waiting = current.Waiting.ConvertAll(w => w.StepId == moved.StepId ? w with { Until = moved.Until } : w),
            },
            JoinReset reset => current with
            {
                JoinArrivals = reset.Arrivals == 0 ? current.JoinArrivals.Remove(reset.JoinKey) : current.JoinArrivals.SetItem(reset.JoinKey, reset.Arrivals),
            },
            JoinArrived arrived => current with
            {
                JoinArrivals = arrived.Completed
                    ? current.JoinArrivals.Remove(arrived.JoinKey)
                    : current.JoinArrivals.SetItem(arrived.JoinKey, current.JoinArrivals.GetValueOrDefault(arrived.JoinKey) + 1),
            },
            DecisionTaken or PathEnded => current,
            InstanceCompleted ended => current with { Status = InstanceStatus.Completed, CompletedAt = ended.At },
            InstanceClosed closed => current with { Status = InstanceStatus.Closed, CompletedAt = closed.At },
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown event."),
        };
        return next with { EventCount = current.EventCount + 1 };
    }

    /// <summary>
    /// Consents to the recipient for the withdrawn kind go; a consent for both handovers that loses one
    /// of them stays for the other.
    /// </summary>
    private static ImmutableList<HandoverGrantRecord> Withdraw(ImmutableList<HandoverGrantRecord> grants, HandoverKind? kind, string recipient) =>
        grants.SelectMany<HandoverGrantRecord, HandoverGrantRecord>(g =>
            !g.Consent || g.Recipient != recipient ? [g]
            : kind is null || g.Kind == kind ? []
            : g.Kind is null ? [g with { Kind = Other(kind.Value) }]
            : [g]).ToImmutableList();

    /// <summary>A consent lifts the refusals it covers; a refusal of both that loses one handover stays for the other.</summary>
    private static ImmutableList<HandoverKind?> Lift(ImmutableList<HandoverKind?> refused, HandoverKind? consented) =>
        refused.SelectMany<HandoverKind?, HandoverKind?>(r =>
            consented is null || r == consented ? []
            : r is null ? [Other(consented.Value)]
            : [r]).ToImmutableList();

    private static HandoverKind Other(HandoverKind kind) => kind == HandoverKind.Prenatal ? HandoverKind.Postnatal : HandoverKind.Prenatal;

    public static InstanceState? Replay(IEnumerable<InstanceEvent> journal) => journal.Aggregate((InstanceState?)null, Evolve);

    /// <summary>A newborn's id derived from the instance and the child's number (1, 2 for twins).</summary>
    internal static Guid NewbornId(Guid instanceId, int number) => TaskId(instanceId, -number);

    /// <summary>A task id derived from its instance and its number, so that deciding stays pure and replay gives the same ids.</summary>
    internal static Guid TaskId(Guid instanceId, int taskNumber)
    {
        Span<byte> input = stackalloc byte[20];
        instanceId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], taskNumber);
        return DeterministicGuid.From(input);
    }
}
