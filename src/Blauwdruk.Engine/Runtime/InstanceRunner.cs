using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Runtime;

/// <summary>The outcome of a command run against the database: the new state, or the refusal.</summary>
public sealed record RunResult(InstanceState? State, Rejection? Rejection)
{
    public static RunResult Refused(Rejection rejection) => new(null, rejection);
}

/// <summary>
/// The shell around <see cref="Decider"/>: load the instance, decide, then append the events, update
/// the snapshot and the task projection in one transaction. A refused command changes nothing.
/// </summary>
public sealed class InstanceRunner(BlauwdrukDbContext db, PathwayCatalog catalog, TimeProvider time)
{
    public async Task<RunResult> StartAsync(string pathwayId, StartInstance command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var definition = catalog.Find(pathwayId);
        if (definition is null)
        {
            return RunResult.Refused(new Rejection(RejectionKind.NotFound, $"Zorgpad '{pathwayId}' bestaat niet."));
        }

        if (await db.Instances.AnyAsync(i => i.Id == command.InstanceId, cancellationToken))
        {
            return RunResult.Refused(new Rejection(RejectionKind.Conflict, "Dit traject is al gestart."));
        }

        return await RunAsync(definition, record: null, state: null, command, cancellationToken);
    }

    public async Task<RunResult> CompleteTaskAsync(CompleteTask command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var instanceId = await db.Tasks
            .Where(t => t.Id == command.TaskId)
            .Select(t => (Guid?)t.InstanceId)
            .SingleOrDefaultAsync(cancellationToken);
        var record = instanceId is null ? null : await db.Instances.FindAsync([instanceId.Value], cancellationToken);
        if (record is null)
        {
            return RunResult.Refused(new Rejection(RejectionKind.NotFound, "Deze taak bestaat niet."));
        }

        var state = RuntimeJson.Deserialize<InstanceState>(record.State);
        return await RunAsync(DefinitionOf(state), record, state, command, cancellationToken);
    }

    /// <summary>The state of an instance for an actor on its care team; null when absent or not theirs.</summary>
    public async Task<InstanceState?> FindAsync(Guid instanceId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var record = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        var state = record is null ? null : RuntimeJson.Deserialize<InstanceState>(record.State);
        return state is not null && state.HasOnCareTeam(actor.OrganisationId) ? state : null;
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

        var sequence = state?.EventCount ?? 0;
        var newState = state;
        foreach (var @event in decision.Events)
        {
            newState = Decider.Evolve(newState, @event);
            db.Journal.Add(new JournalEntry
            {
                InstanceId = newState.Id,
                Sequence = sequence++,
                Type = @event.GetType().Name,
                At = @event.At,
                Data = RuntimeJson.Serialize(@event),
            });
            await ProjectAsync(newState, @event, cancellationToken);
        }

        Snapshot(record, newState!, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (IsConcurrentWrite(ex))
        {
            db.ChangeTracker.Clear();
            return RunResult.Refused(new Rejection(RejectionKind.Conflict,
                "Het traject is tegelijk door iemand anders gewijzigd; laad het opnieuw en probeer het nog eens."));
        }

        return new RunResult(newState, null);
    }

    private void Snapshot(InstanceRecord? record, InstanceState state, DateTimeOffset now)
    {
        if (record is null)
        {
            db.Instances.Add(new InstanceRecord
            {
                Id = state.Id,
                PathwayId = state.PathwayId,
                PathwayVersion = state.PathwayVersion,
                Status = state.Status,
                Municipality = state.Municipality,
                LeadOrganisation = state.LeadOrganisation,
                StartedAt = state.StartedAt,
                UpdatedAt = now,
                Version = 1,
                State = RuntimeJson.Serialize(state),
            });
            return;
        }

        record.Status = state.Status;
        record.UpdatedAt = now;
        record.Version++;
        record.State = RuntimeJson.Serialize(state);
    }

    private async Task ProjectAsync(InstanceState state, InstanceEvent @event, CancellationToken cancellationToken)
    {
        switch (@event)
        {
            case TaskActivated activated:
                db.Tasks.Add(new TaskRecord
                {
                    Id = activated.TaskId,
                    InstanceId = state.Id,
                    PathwayId = state.PathwayId,
                    PathwayVersion = state.PathwayVersion,
                    StepId = activated.StepId,
                    Role = activated.Role,
                    OrganisationId = activated.OrganisationId,
                    Status = PathwayTaskStatus.Requested,
                    ActivatedAt = activated.At,
                    DueAt = activated.DueAt,
                });
                break;
            case TaskCompleted completed:
                var row = await db.Tasks.FindAsync([completed.TaskId], cancellationToken)
                    ?? throw new InvalidOperationException($"Task {completed.TaskId} is missing from the worklist projection.");
                row.Status = PathwayTaskStatus.Completed;
                row.CompletedAt = completed.At;
                break;
        }
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
