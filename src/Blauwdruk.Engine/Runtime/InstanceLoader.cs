using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Reads instances as the runner and the read service need them: the stored snapshot (rebuilt from the
/// journal when it was written in an older shape), the journal, and the pathway version an instance runs on.
/// Decides nothing about who may see what (<see cref="Access"/>, <see cref="CareReads"/>).
/// </summary>
public sealed class InstanceLoader(BlauwdrukDbContext db, PathwayCatalog catalog, SnapshotCache snapshots)
{
    /// <summary>The instance that holds a task, found in one round trip.</summary>
    internal IQueryable<InstanceRecord> HoldingTask(IQueryable<InstanceRecord> instances, Guid taskId) =>
        instances.Where(i => db.Tasks.Any(t => t.Id == taskId && t.InstanceId == i.Id));

    /// <summary>The stored snapshot, or, when it was written in an older shape, the state rebuilt from the journal.</summary>
    internal async Task<InstanceState> StateOfAsync(InstanceRecord record, CancellationToken cancellationToken)
    {
        var state = RuntimeJson.Deserialize<InstanceState>(record.State);
        return state.SnapshotFormat == InstanceState.CurrentSnapshotFormat
            ? state
            : Decider.Replay(await JournalAsync(record.Id, cancellationToken))!;
    }

    /// <summary>
    /// An instance read for a person, also kept (<see cref="SnapshotCache"/>) for the command that usually
    /// follows: the task page, then the task's completion. Null when there is no such instance.
    /// </summary>
    public async Task<InstanceState?> ReadAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var record = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        return record is null ? null : await KeepAsync(record, cancellationToken);
    }

    /// <summary>The instance that holds a task, read for a person and kept like <see cref="ReadAsync"/>; null when there is no such task.</summary>
    public async Task<InstanceState?> ReadHoldingTaskAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var record = await HoldingTask(db.Instances.AsNoTracking(), taskId).SingleOrDefaultAsync(cancellationToken);
        return record is null ? null : await KeepAsync(record, cancellationToken);
    }

    private async Task<InstanceState> KeepAsync(InstanceRecord record, CancellationToken cancellationToken)
    {
        var state = await StateOfAsync(record, cancellationToken);
        snapshots.Keep(record, null, state);
        return state;
    }

    /// <summary>The journal of an instance, in order: the source of truth the snapshot is built from.</summary>
    public Task<IReadOnlyList<InstanceEvent>> JournalAsync(Guid instanceId, CancellationToken cancellationToken) =>
        EventsAsync(instanceId, int.MaxValue, cancellationToken);

    /// <summary>The state of an instance as it was after its first <paramref name="events"/> events (an idempotent replay of an answer).</summary>
    internal async Task<InstanceState?> StateAtAsync(Guid instanceId, int events, CancellationToken cancellationToken) =>
        Decider.Replay(await EventsAsync(instanceId, events, cancellationToken));

    private async Task<IReadOnlyList<InstanceEvent>> EventsAsync(Guid instanceId, int before, CancellationToken cancellationToken)
    {
        var rows = await db.Journal.AsNoTracking()
            .Where(e => e.InstanceId == instanceId && e.Sequence < before)
            .OrderBy(e => e.Sequence)
            .Select(e => e.Data)
            .ToListAsync(cancellationToken);
        return rows.Select(RuntimeJson.Deserialize<InstanceEvent>).ToList();
    }

    /// <summary>The pathway version an instance runs on.</summary>
    public PathwayDefinition DefinitionOf(InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return catalog.Find(state.PathwayId, state.PathwayVersion)
            ?? throw new InvalidOperationException(
                $"Instance {state.Id} runs pathway {state.PathwayId} {state.PathwayVersion}, which this host has not loaded.");
    }
}
