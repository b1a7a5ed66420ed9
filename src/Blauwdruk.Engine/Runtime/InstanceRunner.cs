using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Runtime;

/// <summary>The outcome of a command run against the database: the new state and how many events it appended, or the refusal.</summary>
public sealed record RunResult(InstanceState? State, Rejection? Rejection, int Events = 0)
{
    public static RunResult Refused(Rejection rejection) => new(null, rejection);
}

/// <summary>
/// The shell around <see cref="Decider"/>: load the instance, decide, then append the events, update
/// the snapshot and the task projection in one transaction. A refused command changes nothing.
/// </summary>
public sealed class InstanceRunner(
    BlauwdrukDbContext db, PathwayCatalog catalog, TimeProvider time, HandoverStore handovers, AccessLog access, SnapshotCache snapshots)
{
    /// <param name="pathwayId">The pathway; null chooses the region's operational pathway for the client's municipality.</param>
    public async Task<RunResult> StartAsync(string? pathwayId, StartInstance command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await LoggedAsync(command, command.InstanceId, await StartCoreAsync(pathwayId, command, cancellationToken), cancellationToken);
    }

    private async Task<RunResult> StartCoreAsync(string? pathwayId, StartInstance command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        PathwayDefinition? definition;
        if (pathwayId is null)
        {
            var regional = catalog.ForMunicipality(command.Municipality);
            if (regional.Count != 1)
            {
                return RunResult.Refused(new Rejection(regional.Count == 0 ? RejectionKind.NotFound : RejectionKind.Conflict, regional.Count == 0
                    ? $"Er is geen operationeel zorgpad voor gemeente {command.Municipality}; noem het zorgpad (pathwayId)."
                    : $"Gemeente {command.Municipality} valt onder meer dan één operationeel zorgpad ({string.Join(", ", regional.Select(d => d.Id))}); noem het zorgpad (pathwayId)."));
            }

            definition = regional[0];
        }
        else
        {
            definition = catalog.Find(pathwayId);
            if (definition is null)
            {
                return RunResult.Refused(new Rejection(RejectionKind.NotFound, $"Zorgpad '{pathwayId}' bestaat niet."));
            }
        }

        if (await db.Instances.AnyAsync(i => i.Id == command.InstanceId, cancellationToken))
        {
            return RunResult.Refused(new Rejection(RejectionKind.Conflict, "Dit traject is al gestart."));
        }

        return await RunAsync(definition, record: null, state: null, command, cancellationToken);
    }

    /// <summary>Runs a command on the instance that holds a task (complete, claim, cancel).</summary>
    public async Task<RunResult> ExecuteOnTaskAsync(Guid taskId, InstanceCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (instanceId, result) = await ExecuteOnTaskCoreAsync(taskId, command, cancellationToken);
        return await LoggedAsync(command, instanceId, result, cancellationToken);
    }

    private async Task<(Guid? InstanceId, RunResult Result)> ExecuteOnTaskCoreAsync(Guid taskId, InstanceCommand command, CancellationToken cancellationToken)
    {
        var kept = snapshots.FindByTask(taskId);
        if (await RunKeptAsync(kept, command, cancellationToken) is { } done)
        {
            return (kept!.Value.Record.Id, done);
        }

        // One connection for the load and the write, instead of taking one from the pool twice.
        await db.Database.OpenConnectionAsync(cancellationToken);

        var record = await HoldingTask(db.Instances, taskId).SingleOrDefaultAsync(cancellationToken);
        return record is null
            ? (null, RunResult.Refused(new Rejection(RejectionKind.NotFound, "Deze taak bestaat niet.")))
            : (record.Id, await RunLoadedAsync(record, command, cancellationToken));
    }

    public Task<RunResult> CompleteTaskAsync(CompleteTask command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ExecuteOnTaskAsync(command.TaskId, command, cancellationToken);
    }

    /// <summary>Runs a command on an instance: load, decide, store in one transaction.</summary>
    public async Task<RunResult> ExecuteAsync(Guid instanceId, InstanceCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await LoggedAsync(command, instanceId, await ExecuteCoreAsync(instanceId, command, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// A refused command is an access attempt too: it goes to the access log as denied, on its own
    /// (nothing else was written). The engine's own ticks are not a person's access and are not logged.
    /// </summary>
    private async Task<RunResult> LoggedAsync(InstanceCommand command, Guid? instanceId, RunResult result, CancellationToken cancellationToken)
    {
        EngineMetrics.Commands.Add(1, new KeyValuePair<string, object?>("command", command.GetType().Name),
            new KeyValuePair<string, object?>("outcome", result.Rejection?.Kind.ToString().ToLowerInvariant() ?? "done"));
        if (result.Rejection is { } rejection && command is not Tick)
        {
            db.ChangeTracker.Clear();
            await access.RecordAsync(command.By, AccessLog.Write, command.GetType().Name, instanceId?.ToString(), Purpose(command, null, null), AccessLog.Denied,
                rejection.Kind.ToString(), cancellationToken);
        }

        return result;
    }

    /// <summary>The ground of a command's access: the Meldcode route, a handover, or normal care.</summary>
    private static string Purpose(InstanceCommand command, PathwayDefinition? definition, InstanceState? state)
    {
        var step = command is ITaskCommand onTask ? state?.FindTask(onTask.TaskId)?.StepId : null;
        var inMeldcode = step is not null && definition?.FindStep(step)?.Within is { } within && definition.Signals.Any(s => s.Starts == within);
        return command switch
        {
            RecordLegalGround => "meldcode",
            RaiseSignal signal when definition?.FindSignal(signal.SignalId)?.Starts is not null => "meldcode",
            RecordConsent or WithdrawConsent or SendHandover or AcknowledgeHandover or RetrieveHandover => "handover",
            _ when inMeldcode => "meldcode",
            _ => "care",
        };
    }

    private async Task<RunResult> ExecuteCoreAsync(Guid instanceId, InstanceCommand command, CancellationToken cancellationToken)
    {
        if (await RunKeptAsync(snapshots.Find(instanceId), command, cancellationToken) is { } done)
        {
            return done;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var record = await db.Instances.FindAsync([instanceId], cancellationToken);
        return record is null
            ? RunResult.Refused(new Rejection(RejectionKind.NotFound, Decider.NotFoundMessage(command)))
            : await RunLoadedAsync(record, command, cancellationToken);
    }

    /// <summary>
    /// Runs a command on the snapshot this host kept (<see cref="SnapshotCache"/>). Only a stored change
    /// counts: anything else (a refusal, nothing to do, another host changed the instance first) may come
    /// from a snapshot that is out of date, so it is dropped and null returned: the caller runs the command
    /// again on the stored instance, and only that answer is given and logged.
    /// </summary>
    private async Task<RunResult?> RunKeptAsync((InstanceRecord Record, InstanceState State)? kept, InstanceCommand command, CancellationToken cancellationToken)
    {
        // Not when this unit of work already holds the instance (an earlier command in the same request).
        if (kept is null || db.Instances.Local.Any(i => i.Id == kept.Value.Record.Id))
        {
            EngineMetrics.SnapshotCache.Add(1, new KeyValuePair<string, object?>("outcome", "miss"));
            return null;
        }

        var (record, state) = kept.Value;

        db.Instances.Attach(record);
        var result = await RunAsync(DefinitionOf(state), record, state, command, cancellationToken);
        var stored = result is { Rejection: null, Events: > 0 };
        EngineMetrics.SnapshotCache.Add(1, new KeyValuePair<string, object?>("outcome", stored ? "hit" : "retried"));
        if (stored)
        {
            return result;
        }

        db.ChangeTracker.Clear();
        snapshots.Forget(record.Id);
        return null;
    }

    private async Task<RunResult> RunLoadedAsync(InstanceRecord record, InstanceCommand command, CancellationToken cancellationToken)
    {
        var state = await StateOfAsync(record, cancellationToken);
        return await RunAsync(DefinitionOf(state), record, state, command, cancellationToken);
    }

    /// <summary>The instance that holds a task, found in one round trip.</summary>
    private IQueryable<InstanceRecord> HoldingTask(IQueryable<InstanceRecord> instances, Guid taskId) =>
        instances.Where(i => db.Tasks.Any(t => t.Id == taskId && t.InstanceId == i.Id));

    /// <summary>The stored snapshot, or, when it was written in an older shape, the state rebuilt from the journal.</summary>
    private async Task<InstanceState> StateOfAsync(InstanceRecord record, CancellationToken cancellationToken)
    {
        var state = RuntimeJson.Deserialize<InstanceState>(record.State);
        return state.SnapshotFormat == InstanceState.CurrentSnapshotFormat
            ? state
            : Decider.Replay(await JournalAsync(record.Id, cancellationToken))!;
    }

    /// <summary>
    /// The preview of a handover task's documents, for the client to see before she consents: built as
    /// the handover would be now, with the consent still to be given. Refused (with the reason) when the
    /// task is not an open handover of the actor's care team, or the identity or the birth is missing.
    /// </summary>
    public async Task<(HandoverPreview? Preview, Rejection? Rejection)> PreviewAsync(Guid taskId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);

        // Tracked: recording that the handover was prepared writes this same snapshot, without loading it again.
        var record = await HoldingTask(db.Instances, taskId).SingleOrDefaultAsync(cancellationToken);
        var state = record is null ? null : await StateOfAsync(record, cancellationToken);
        if (record is null || state is null || !state.IsOnCareTeam(DefinitionOf(state), actor) || state.FindTask(taskId) is not { } task)
        {
            return (null, new Rejection(RejectionKind.NotFound, "Deze taak bestaat niet of is niet meer open."));
        }

        var definition = DefinitionOf(state);
        if (definition.Step(task.StepId).Handover is not { } kind)
        {
            return (null, new Rejection(RejectionKind.Invalid, $"'{definition.Step(task.StepId).Label}' is geen overdracht."));
        }

        var recipient = HandoverDocument.RecipientOf(definition, state);
        if (recipient is null || !state.Identified || kind == HandoverKind.Postnatal && state.Newborns.IsEmpty)
        {
            return (null, new Rejection(RejectionKind.Conflict, SendHandover.Blocked(definition, state, kind) ?? "De overdracht kan nog niet worden opgesteld."));
        }

        var now = time.GetUtcNow();
        var children = kind == HandoverKind.Prenatal ? [0] : state.Newborns.Select(n => n.Number).ToList();
        var documents = await handovers.BuildAsync(definition, state, await JournalAsync(state.Id, cancellationToken), kind, children,
            HandoverGrant.Preview(actor, now), actor, now, version: 1, cancellationToken);
        var content = HandoverDocument.ContentVersion(documents);
        var prepare = new PrepareHandover(taskId, content) { By = actor };
        var prepared = await LoggedAsync(prepare, state.Id, await RunAsync(definition, record, state, prepare, cancellationToken), cancellationToken);
        if (prepared.Rejection is { } refused)
        {
            return (null, refused);
        }

        var heading = $"Voorbeeld: {definition.Step(task.StepId).Label}";
        return (new HandoverPreview(kind, recipient, content, documents, HandoverDocument.ToHtml(documents, heading, content)), null);
    }

    /// <summary>
    /// A task for an actor: the instance that holds it (null when there is no such task), and the open task
    /// with its state when the actor may act on it: a member of the care team (who sees the file,
    /// <c>WholeFile</c>), or someone outside it to whose organisation and role the task was given (the JGZ's
    /// home visit), who sees the task alone.
    /// </summary>
    public async Task<TaskLookup> FindTaskAsync(Guid taskId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var record = await HoldingTask(db.Instances.AsNoTracking(), taskId).SingleOrDefaultAsync(cancellationToken);
        if (record is null)
        {
            return new TaskLookup(null, null, null, false);
        }

        var state = await ReadAsync(record, cancellationToken);
        var denied = new TaskLookup(record.Id, null, null, false);
        if (state.FindTask(taskId) is not { } task)
        {
            return denied;
        }

        var definition = DefinitionOf(state);
        if (state.IsOnCareTeam(definition, actor))
        {
            return NeedToKnow.OpenTasks(definition, state, actor).Any(t => t.Id == taskId) ? new TaskLookup(record.Id, state, task, true) : denied;
        }

        return task.OrganisationId == actor.OrganisationId && actor.HasRole(task.Role) ? new TaskLookup(record.Id, state, task, false) : denied;
    }

    /// <summary>The state of an instance for an actor on its care team; null when absent or not theirs.</summary>
    public async Task<InstanceState?> FindAsync(Guid instanceId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var record = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        var state = record is null ? null : await ReadAsync(record, cancellationToken);
        return state is not null && state.IsOnCareTeam(DefinitionOf(state), actor) ? state : null;
    }

    /// <summary>
    /// An instance read for a person, also kept (<see cref="SnapshotCache"/>) for the command that usually
    /// follows: the task page, then the task's completion.
    /// </summary>
    private async Task<InstanceState> ReadAsync(InstanceRecord record, CancellationToken cancellationToken)
    {
        var state = await StateOfAsync(record, cancellationToken);
        snapshots.Keep(record, null, state);
        return state;
    }

    /// <summary>The journal of an instance, in order: the source of truth the snapshot is built from.</summary>
    public async Task<IReadOnlyList<InstanceEvent>> JournalAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var rows = await db.Journal.AsNoTracking()
            .Where(e => e.InstanceId == instanceId)
            .OrderBy(e => e.Sequence)
            .Select(e => e.Data)
            .ToListAsync(cancellationToken);
        return rows.Select(RuntimeJson.Deserialize<InstanceEvent>).ToList();
    }

    public PathwayDefinition DefinitionOf(InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return catalog.Find(state.PathwayId, state.PathwayVersion)
            ?? throw new InvalidOperationException(
                $"Instance {state.Id} runs pathway {state.PathwayId} {state.PathwayVersion}, which this host has not loaded.");
    }

    private async Task<RunResult> RunAsync(
        PathwayDefinition definition, InstanceRecord? record, InstanceState? state, InstanceCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var decision = Decider.Decide(definition, state, command, now);
        if (decision.Rejection is { } rejection)
        {
            return RunResult.Refused(rejection);
        }

        if (decision.Events.Count == 0)
        {
            return new RunResult(state, null);
        }

        var sequence = state?.EventCount ?? 0;
        var newState = state;
        foreach (var @event in decision.Events)
        {
            var before = newState;
            newState = Decider.Evolve(newState, @event);
            db.Journal.Add(new JournalEntry
            {
                InstanceId = newState.Id,
                Sequence = sequence++,
                Type = @event.GetType().Name,
                At = @event.At,
                Data = RuntimeJson.Serialize(@event),
            });
            Project(before, newState, @event);
            if (Outbox.For(newState, @event, definition, now) is { } message)
            {
                db.Outbox.Add(message);
            }
        }

        var stored = Snapshot(record, newState!, now, Deadlines.NextDue(definition, newState!));
        if (command is not Tick)
        {
            access.Stage(command.By, AccessLog.Write, command.GetType().Name, newState!.Id.ToString(), Purpose(command, definition, state), AccessLog.Allowed);
        }

        // What leaves the journal: the identity (encrypted beside the instance) and the handover documents.
        if (command is RecordIdentity identify)
        {
            await handovers.StageIdentityAsync(newState!.Id, identify.Identity, now, cancellationToken);
        }

        if (decision.Events.OfType<HandoverSent>().ToList() is { Count: > 0 } sent)
        {
            var journal = (await JournalAsync(newState!.Id, cancellationToken)).Concat(decision.Events).ToList();
            foreach (var handover in sent)
            {
                var content = await handovers.StageDocumentsAsync(definition, newState, journal, handover, command.By, cancellationToken);
                if (newState.GrantFor(handover.Kind, handover.Recipient) is { Consent: true, PreviewVersion: { } seen } && seen != content)
                {
                    db.ChangeTracker.Clear();
                    return RunResult.Refused(new Rejection(RejectionKind.Conflict,
                        $"De inhoud van de overdracht is veranderd sinds de cliënt het voorbeeld zag (versie {seen}, nu {content}). "
                        + "Laat haar het nieuwe voorbeeld zien en leg haar toestemming opnieuw vast; er is niets verstuurd."));
                }
            }
        }

        foreach (var @event in decision.Events)
        {
            if (@event is HandoverRetrieved retrieved)
            {
                await handovers.StageStatusAsync(retrieved.TaskId, retrieved.Child, HandoverStatus.Retrieved, retrieved.At, cancellationToken);
            }
            else if (@event is HandoverAcknowledged acknowledged)
            {
                await handovers.StageStatusAsync(acknowledged.TaskId, acknowledged.Child, HandoverStatus.Acknowledged, acknowledged.At, cancellationToken);
            }
        }

        try
        {
            // PostgreSQL runs the one batch SaveChanges sends (journal, snapshot, projection, outbox)
            // as one implicit transaction, so the explicit BEGIN/COMMIT round trip is not needed. A
            // concurrent writer that read the same snapshot appends the same journal sequence numbers,
            // so its batch fails on the journal's primary key and none of it is kept (see the tests
            // with three hosts completing the same tasks). At most three statements per event keeps
            // the batch under the provider's limit of 1,000 statements; a longer one keeps BEGIN/COMMIT.
            if (db is PostgresBlauwdrukDbContext && decision.Events.Count <= 300)
            {
                db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (IsConcurrentWrite(ex))
        {
            db.ChangeTracker.Clear();
            return RunResult.Refused(new Rejection(RejectionKind.Conflict,
                "Het traject is tegelijk door iemand anders gewijzigd; laad het opnieuw en probeer het nog eens."));
        }

        snapshots.Keep(stored, state, newState!);
        return new RunResult(newState, null, decision.Events.Count);
    }

    private InstanceRecord Snapshot(InstanceRecord? record, InstanceState state, DateTimeOffset now, DateTimeOffset? nextDue)
    {
        if (record is null)
        {
            return db.Instances.Add(new InstanceRecord
            {
                Id = state.Id,
                PathwayId = state.PathwayId,
                PathwayVersion = state.PathwayVersion,
                Status = state.Status,
                Municipality = state.Municipality,
                ClientReference = state.ClientReference,
                LeadOrganisation = state.LeadOrganisation,
                StartedAt = state.StartedAt,
                UpdatedAt = now,
                Version = 1,
                NextDueAt = nextDue,
                State = RuntimeJson.Serialize(state),
            }).Entity;
        }

        record.NextDueAt = nextDue;
        record.Status = state.Status;
        record.UpdatedAt = now;
        record.Version++;
        record.State = RuntimeJson.Serialize(state);
        return record;
    }

    /// <summary>Keeps the task projection in step with an event, given the state before and after it.</summary>
    private void Project(InstanceState? before, InstanceState after, InstanceEvent @event)
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
                UpdateRow(after, before!.FindTask(completed.TaskId)! with { Status = PathwayTaskStatus.Completed }, completed.At);
                break;
            case TaskCancelled cancelled:
                UpdateRow(after, before!.FindTask(cancelled.TaskId)! with { Status = cancelled.Failed ? PathwayTaskStatus.Failed : PathwayTaskStatus.Cancelled }, cancelled.At);
                break;
            case TaskClaimed or TaskAssigned or TaskStatusChanged or TaskDueChanged:
                UpdateRow(after, after.FindTask(((ITaskChange)@event).TaskId)!, completedAt: null);
                break;
        }
    }

    /// <summary>Updates a task's row (projected when the task opened) in the same batch, without reading it first.</summary>
    private void UpdateRow(InstanceState state, PathwayTask task, DateTimeOffset? completedAt)
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
            foreach (var property in new[] { nameof(TaskRecord.Status), nameof(TaskRecord.CompletedAt), nameof(TaskRecord.DueAt), nameof(TaskRecord.Owner) })
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

    /// <summary>
    /// Another host changed the instance first: its snapshot version moved on, or it took the
    /// journal sequence number (primary key) this write wanted.
    /// </summary>
    private static bool IsConcurrentWrite(DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException
        || exception.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation }
        || exception.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 };
}

/// <summary>
/// A task as an actor may see it: the instance holding it (null when there is no such task); the open task and
/// its state only when the actor may act on it, with <see cref="WholeFile"/> when the client's file may be shown too.
/// </summary>
public sealed record TaskLookup(Guid? InstanceId, InstanceState? State, PathwayTask? Task, bool WholeFile);

/// <summary>A handover as it would be sent now: its documents, the version of their content, and a printable Dutch page.</summary>
public sealed record HandoverPreview(HandoverKind Kind, string Recipient, string ContentVersion, IReadOnlyList<Hl7.Fhir.Model.Bundle> Documents, string Html);
