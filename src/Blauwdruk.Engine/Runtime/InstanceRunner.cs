using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Runtime;

/// <summary>The outcome of a command run against the database: the new state and how many events it appended, or the refusal.</summary>
public sealed record RunResult(InstanceState? State, Rejection? Rejection, int Events = 0)
{
    /// <summary>The answer of an earlier run with the same idempotency key, given again; nothing ran now.</summary>
    public bool Replayed { get; init; }

    /// <summary>Refused because another writer changed the instance first: worth a retry, so not kept as the answer to a key.</summary>
    internal bool LostToConcurrentWrite { get; init; }

    public static RunResult Refused(Rejection rejection) => new(null, rejection);
}

/// <summary>
/// The shell around <see cref="Decider"/>: load the instance, decide, then append the events, update
/// the snapshot and the task projection, and record the access (and the idempotency key) in one
/// transaction. A refused command changes nothing but its access log entry.
/// </summary>
public sealed class InstanceRunner(
    BlauwdrukDbContext db, InstanceLoader loader, PathwayCatalog catalog, TimeProvider time, AccessLog access, SnapshotCache snapshots,
    IdempotencyLedger idempotency, IEnumerable<ICommandParticipant> participants)
{
    private const string ConcurrentWrite = "Het traject is tegelijk door iemand anders gewijzigd; laad het opnieuw en probeer het nog eens.";

    /// <param name="pathwayId">The pathway; null chooses the region's operational pathway for the client's municipality.</param>
    public Task<RunResult> StartAsync(string? pathwayId, StartInstance command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return RunLoggedAsync(command, () => command.InstanceId, async () =>
        {
            var choice = catalog.Choose(pathwayId, command.Municipality);
            if (choice.Definition is not { } definition)
            {
                return RunResult.Refused(new Rejection(choice.Ambiguous ? RejectionKind.Conflict : RejectionKind.NotFound, choice.Problem!));
            }

            // One query: the instance itself (a retry), or an active one of the same organisation for the same client.
            var found = await db.Instances.AsNoTracking()
                .Where(i => i.Id == command.InstanceId
                    || i.LeadOrganisation == command.By.OrganisationId && i.ClientReference == command.ClientReference && i.Status == InstanceStatus.Active)
                .Select(i => i.Id).Take(2).ToListAsync(cancellationToken);
            return found.Contains(command.InstanceId)
                ? RunResult.Refused(new Rejection(RejectionKind.Conflict, "Dit traject is al gestart."))
                : await RunAsync(definition, record: null, state: null, command with { Existing = found.Count > 0 ? found[0] : null }, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Runs a command on an instance: load, decide, store in one transaction.</summary>
    public Task<RunResult> ExecuteAsync(Guid instanceId, InstanceCommand command, CancellationToken cancellationToken) =>
        RunStoredAsync(command, instanceId, snapshots.Find(instanceId), () => db.Instances.FindAsync([instanceId], cancellationToken).AsTask(),
            Decider.NotFoundMessage(command), cancellationToken);

    /// <summary>Runs a command on the instance that holds a task (complete, claim, cancel, send, acknowledge).</summary>
    public Task<RunResult> ExecuteOnTaskAsync(Guid taskId, InstanceCommand command, CancellationToken cancellationToken) =>
        RunStoredAsync(command, null, snapshots.FindByTask(taskId), () => loader.HoldingTask(db.Instances, taskId).SingleOrDefaultAsync(cancellationToken),
            "Deze taak bestaat niet.", cancellationToken);

    /// <summary>On the snapshot this host kept, else on the stored instance that <paramref name="load"/> reads.</summary>
    private Task<RunResult> RunStoredAsync(
        InstanceCommand command, Guid? instanceId, (InstanceRecord Record, InstanceState State)? kept, Func<Task<InstanceRecord?>> load, string notFound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        instanceId ??= kept?.Record.Id;
        return RunLoggedAsync(command, () => instanceId, async () =>
        {
            if (await RunKeptAsync(kept, command, cancellationToken) is { } done)
            {
                return done;
            }

            // One connection for the load and the write, instead of taking one from the pool twice.
            await db.Database.OpenConnectionAsync(cancellationToken);
            var record = await load();
            instanceId ??= record?.Id;
            return record is null
                ? RunResult.Refused(new Rejection(RejectionKind.NotFound, notFound))
                : await RunLoadedAsync(record, command, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Runs a command once per idempotency key: a retry gets the first answer again. A refused command is
    /// an access attempt too: it goes to the access log as denied, with its idempotency record (nothing else
    /// was written). The engine's own ticks are not a person's access and are not logged.
    /// </summary>
    private async Task<RunResult> RunLoggedAsync(InstanceCommand command, Func<Guid?> instanceId, Func<Task<RunResult>> run, CancellationToken cancellationToken)
    {
        if (command.Idempotency is { } key && await idempotency.AnswerAsync(command.By, key, cancellationToken) is { } first)
        {
            return first;
        }

        var result = await run();
        EngineMetrics.Counted(command, result);
        if (result is { Rejection: { } rejection, Replayed: false } && command is not Tick)
        {
            db.ChangeTracker.Clear();
            access.Stage(command.By, AccessLog.Write, command.GetType().Name, instanceId()?.ToString(), Access.PurposeOf(null, null, command), AccessLog.Denied, rejection.Kind.ToString());
            // A conflict with a concurrent writer is not the answer to keep: a retry should run the command.
            if (command.Idempotency is { } refusedKey && !result.LostToConcurrentWrite)
            {
                idempotency.Stage(command.By, refusedKey, null, rejection);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.IsConcurrentWrite() && command.Idempotency is { } raced)
            {
                // A concurrent request with the same key answered first; that answer stands.
                db.ChangeTracker.Clear();
                return await idempotency.AnswerAsync(command.By, raced, cancellationToken) ?? result;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return result;
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
            EngineMetrics.SnapshotUsed("miss");
            return null;
        }

        var (record, state) = kept.Value;
        db.Instances.Attach(record);
        var result = await RunAsync(loader.DefinitionOf(state), record, state, command, cancellationToken);
        var stored = result is { Rejection: null, Events: > 0 };
        EngineMetrics.SnapshotUsed(stored ? "hit" : "retried");
        if (stored || result.Replayed)
        {
            return result;
        }

        db.ChangeTracker.Clear();
        snapshots.Forget(record.Id);
        return null;
    }

    private async Task<RunResult> RunLoadedAsync(InstanceRecord record, InstanceCommand command, CancellationToken cancellationToken)
    {
        var state = await loader.StateOfAsync(record, cancellationToken);
        return await RunAsync(loader.DefinitionOf(state), record, state, command, cancellationToken);
    }

    private async Task<RunResult> RunAsync(
        PathwayDefinition definition, InstanceRecord? record, InstanceState? state, InstanceCommand command, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var participant in participants)
        {
            command = await participant.PrepareAsync(definition, state, command, now, cancellationToken);
        }

        var decision = Decider.Decide(definition, state, command, now);
        if (decision.Rejection is { } rejection)
        {
            return RunResult.Refused(rejection);
        }

        var newState = state;
        foreach (var @event in decision.Events)
        {
            var before = newState;
            newState = Decider.Evolve(newState, @event);
            db.Journal.Add(JournalEntry.Of(@event, newState));
            TaskProjection.Project(db, before, newState, @event);
            if (Outbox.For(newState, @event, definition, now) is { } message)
            {
                db.Outbox.Add(message);
            }
        }

        if (newState is null || decision.Events.Count == 0 && command.Idempotency is null)
        {
            return new RunResult(state, null);
        }

        InstanceRecord? stored = null;
        if (decision.Events.Count > 0)
        {
            var nextDue = Deadlines.NextDue(definition, newState);
            stored = record?.Store(newState, now, nextDue) ?? db.Instances.Add(InstanceRecord.Of(newState, now, nextDue)).Entity;

            if (command is not Tick)
            {
                access.Stage(command.By, AccessLog.Write, command.GetType().Name, newState.Id.ToString(), Access.PurposeOf(definition, state, command), AccessLog.Allowed);
            }

            foreach (var participant in participants)
            {
                await participant.StageAsync(definition, newState, command, decision.Events, cancellationToken);
            }
        }

        if (command.Idempotency is { } key)
        {
            idempotency.Stage(command.By, key, newState);
        }

        try
        {
            // PostgreSQL runs the one batch SaveChanges sends as one implicit transaction: no BEGIN/COMMIT round
            // trip. A concurrent writer that read the same snapshot appends the same journal sequence numbers, so
            // its batch fails on the journal's key and none of it is kept (the three-host tests). At most three
            // statements per event keeps the batch under the provider's 1,000; a longer one keeps BEGIN/COMMIT.
            var batch = db is PostgresBlauwdrukDbContext && decision.Events.Count <= 300;
            db.Database.AutoTransactionBehavior = batch ? AutoTransactionBehavior.Never : AutoTransactionBehavior.WhenNeeded;
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsConcurrentWrite())
        {
            db.ChangeTracker.Clear();
            return command.Idempotency is { } raced && await idempotency.AnswerAsync(command.By, raced, cancellationToken) is { } first
                ? first
                : RunResult.Refused(new Rejection(RejectionKind.Conflict, ConcurrentWrite)) with { LostToConcurrentWrite = true };
        }
        finally
        {
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.WhenNeeded;
        }

        if (stored is not null)
        {
            snapshots.Keep(stored, state, newState);
        }

        return new RunResult(newState, null, decision.Events.Count);
    }
}
