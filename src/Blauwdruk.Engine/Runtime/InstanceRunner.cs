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

    public static RunResult Refused(Rejection rejection) => new(null, rejection);
}

/// <summary>
/// The shell around <see cref="Decider"/>: load the instance, decide, then append the events, update
/// the snapshot and the task projection, and record the access (and the idempotency key) in one
/// transaction. A refused command changes nothing but its access log entry.
/// </summary>
public sealed class InstanceRunner(
    BlauwdrukDbContext db, InstanceLoader loader, PathwayCatalog catalog, TimeProvider time, AccessLog access, SnapshotCache snapshots,
    IEnumerable<ICommandParticipant> participants)
{
    private const string ConcurrentWrite = "Het traject is tegelijk door iemand anders gewijzigd; laad het opnieuw en probeer het nog eens.";

    /// <param name="pathwayId">The pathway; null chooses the region's operational pathway for the client's municipality.</param>
    public Task<RunResult> StartAsync(string? pathwayId, StartInstance command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return RunLoggedAsync(command, command.InstanceId, async () =>
        {
            var (definition, refusal) = ChoosePathway(pathwayId, command.Municipality);
            if (definition is null)
            {
                return RunResult.Refused(refusal!);
            }

            return await db.Instances.AnyAsync(i => i.Id == command.InstanceId, cancellationToken)
                ? RunResult.Refused(new Rejection(RejectionKind.Conflict, "Dit traject is al gestart."))
                : await RunAsync(definition, record: null, state: null, command, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Runs a command on an instance: load, decide, store in one transaction.</summary>
    public Task<RunResult> ExecuteAsync(Guid instanceId, InstanceCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return RunLoggedAsync(command, instanceId, async () =>
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
        }, cancellationToken);
    }

    /// <summary>Runs a command on the instance that holds a task (complete, claim, cancel, send, acknowledge).</summary>
    public async Task<RunResult> ExecuteOnTaskAsync(Guid taskId, InstanceCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        Guid? instanceId = null;
        return await RunLoggedAsync(command, () => instanceId, async () =>
        {
            var kept = snapshots.FindByTask(taskId);
            instanceId = kept?.Record.Id;
            if (await RunKeptAsync(kept, command, cancellationToken) is { } done)
            {
                return done;
            }

            // One connection for the load and the write, instead of taking one from the pool twice.
            await db.Database.OpenConnectionAsync(cancellationToken);
            var record = await loader.HoldingTask(db.Instances, taskId).SingleOrDefaultAsync(cancellationToken);
            instanceId = record?.Id;
            return record is null
                ? RunResult.Refused(new Rejection(RejectionKind.NotFound, "Deze taak bestaat niet."))
                : await RunLoadedAsync(record, command, cancellationToken);
        }, cancellationToken);
    }

    private (PathwayDefinition? Definition, Rejection? Refusal) ChoosePathway(string? pathwayId, string municipality)
    {
        if (pathwayId is not null)
        {
            return catalog.Find(pathwayId) is { } named ? (named, null) : (null, new Rejection(RejectionKind.NotFound, $"Zorgpad '{pathwayId}' bestaat niet."));
        }

        var regional = catalog.ForMunicipality(municipality);
        return regional.Count switch
        {
            1 => (regional[0], null),
            0 => (null, new Rejection(RejectionKind.NotFound, $"Er is geen operationeel zorgpad voor gemeente {municipality}; noem het zorgpad (pathwayId).")),
            _ => (null, new Rejection(RejectionKind.Conflict,
                $"Gemeente {municipality} valt onder meer dan één operationeel zorgpad ({string.Join(", ", regional.Select(d => d.Id))}); noem het zorgpad (pathwayId).")),
        };
    }

    private Task<RunResult> RunLoggedAsync(InstanceCommand command, Guid? instanceId, Func<Task<RunResult>> run, CancellationToken cancellationToken) =>
        RunLoggedAsync(command, () => instanceId, run, cancellationToken);

    /// <summary>
    /// Runs a command once per idempotency key: a retry gets the first answer again. A refused command is
    /// an access attempt too: it goes to the access log as denied, with its idempotency record (nothing else
    /// was written). The engine's own ticks are not a person's access and are not logged.
    /// </summary>
    private async Task<RunResult> RunLoggedAsync(InstanceCommand command, Func<Guid?> instanceId, Func<Task<RunResult>> run, CancellationToken cancellationToken)
    {
        if (command.Idempotency is { } key && await IdempotentAnswerAsync(command.By, key, cancellationToken) is { } first)
        {
            return first;
        }

        var result = await run();
        EngineMetrics.Commands.Add(1, new KeyValuePair<string, object?>("command", command.GetType().Name),
            new KeyValuePair<string, object?>("outcome", result.Rejection?.Kind.ToString().ToLowerInvariant() ?? "done"));
        if (result is { Rejection: { } rejection, Replayed: false } && command is not Tick)
        {
            db.ChangeTracker.Clear();
            access.Stage(command.By, AccessLog.Write, command.GetType().Name, instanceId()?.ToString(), Access.PurposeOf(null, null, command), AccessLog.Denied, rejection.Kind.ToString());
            // A conflict with a concurrent writer is not the answer to keep: a retry should run the command.
            if (command.Idempotency is { } refusedKey && rejection.Message != ConcurrentWrite)
            {
                db.IdempotencyRecords.Add(NewRecord(command.By, refusedKey, rejection));
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (IsConcurrentWrite(ex) && command.Idempotency is { } raced)
            {
                // A concurrent request with the same key answered first; that answer stands.
                db.ChangeTracker.Clear();
                return await IdempotentAnswerAsync(command.By, raced, cancellationToken) ?? result;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return result;
    }

    /// <summary>The first answer to a request with this key, rebuilt from what its command did; null when the key is new.</summary>
    private async Task<RunResult?> IdempotentAnswerAsync(Actor actor, IdempotencyKey key, CancellationToken cancellationToken)
    {
        var stored = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == actor.UserId && r.Key == key.Key, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        if (stored.RequestHash != key.RequestHash)
        {
            return RunResult.Refused(new Rejection(RejectionKind.Unprocessable,
                "Deze Idempotency-Key is al gebruikt voor een ander verzoek; gebruik per verzoek een nieuwe sleutel.")) with { Replayed = true };
        }

        if (stored.Rejection is { } kind)
        {
            return RunResult.Refused(new Rejection(Enum.Parse<RejectionKind>(kind), stored.RejectionMessage ?? "")) with { Replayed = true };
        }

        var state = stored is { InstanceId: { } id, EventCount: { } count } ? await loader.StateAtAsync(id, count, cancellationToken) : null;
        return state is null
            ? RunResult.Refused(new Rejection(RejectionKind.Unprocessable, "Deze Idempotency-Key is al gebruikt voor een ander soort verzoek; gebruik per verzoek een nieuwe sleutel.")) with { Replayed = true }
            : new RunResult(state, null) { Replayed = true };
    }

    private IdempotencyRecord NewRecord(Actor actor, IdempotencyKey key, Rejection? rejection = null, InstanceState? state = null) => new()
    {
        UserId = actor.UserId,
        Key = key.Key,
        RequestHash = key.RequestHash,
        InstanceId = state?.Id,
        EventCount = state?.EventCount,
        Rejection = rejection?.Kind.ToString(),
        RejectionMessage = rejection?.Message,
        CreatedAt = time.GetUtcNow(),
    };

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
        var result = await RunAsync(loader.DefinitionOf(state), record, state, command, cancellationToken);
        var stored = result is { Rejection: null, Events: > 0 };
        EngineMetrics.SnapshotCache.Add(1, new KeyValuePair<string, object?>("outcome", stored ? "hit" : "retried"));
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
        if (state is not null)
        {
            foreach (var participant in participants)
            {
                command = await participant.PrepareAsync(definition, state, command, now, cancellationToken);
            }
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
            db.Journal.Add(new JournalEntry
            {
                InstanceId = newState.Id,
                Sequence = newState.EventCount - 1,
                Type = @event.GetType().Name,
                At = @event.At,
                Data = RuntimeJson.Serialize(@event),
            });
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
            if (record is null)
            {
                stored = db.Instances.Add(InstanceRecord.Of(newState, now, nextDue)).Entity;
            }
            else
            {
                record.Store(newState, now, nextDue);
                stored = record;
            }

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
            db.IdempotencyRecords.Add(NewRecord(command.By, key, state: newState));
        }

        try
        {
            // PostgreSQL runs the one batch SaveChanges sends (journal, snapshot, projection, outbox)
            // as one implicit transaction, so the explicit BEGIN/COMMIT round trip is not needed. A
            // concurrent writer that read the same snapshot appends the same journal sequence numbers,
            // so its batch fails on the journal's primary key and none of it is kept (see the tests
            // with three hosts completing the same tasks). At most three statements per event keeps
            // the batch under the provider's limit of 1,000 statements; a longer one keeps BEGIN/COMMIT.
            var batch = db is PostgresBlauwdrukDbContext && decision.Events.Count <= 300;
            db.Database.AutoTransactionBehavior = batch ? AutoTransactionBehavior.Never : AutoTransactionBehavior.WhenNeeded;
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (IsConcurrentWrite(ex))
        {
            db.ChangeTracker.Clear();
            return command.Idempotency is { } raced && await IdempotentAnswerAsync(command.By, raced, cancellationToken) is { } first
                ? first
                : RunResult.Refused(new Rejection(RejectionKind.Conflict, ConcurrentWrite));
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

    /// <summary>
    /// Another host changed the instance first: its snapshot version moved on, or it took the
    /// journal sequence number (primary key) this write wanted.
    /// </summary>
    private static bool IsConcurrentWrite(DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException
        || exception.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation }
        || exception.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 };
}
