using Blauwdruk.Engine.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// The instances this host wrote or showed someone last, kept in memory so that the next command on one of them need not
/// read it back: one query and one round trip fewer per command. A kept snapshot is a guess, never the
/// truth: the write that follows still checks the instance's version and the journal's sequence, so when
/// another host has moved the instance on, that write fails and the runner runs the command again on the
/// stored instance (<see cref="InstanceRunner"/>). Holds at most <c>Storage:SnapshotCacheSize</c> entries
/// (an instance, and one per open task to find it by); 0 turns it off. Unused entries leave after ten minutes.
/// </summary>
public sealed class SnapshotCache : IDisposable
{
    private static readonly TimeSpan Unused = TimeSpan.FromMinutes(10);
    private readonly MemoryCache? _cache;

    public SnapshotCache(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var size = options.Value.SnapshotCacheSize;
        _cache = size > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = size }) : null;
    }

    /// <summary>The kept snapshot of an instance: a copy of its record to attach, and its state.</summary>
    public (InstanceRecord Record, InstanceState State)? Find(Guid instanceId) =>
        _cache is not null && _cache.TryGetValue(instanceId, out Kept? kept) ? (kept!.Record.Copy(), kept.State) : null;

    /// <summary>The kept snapshot of the instance that held this task when it was kept.</summary>
    public (InstanceRecord Record, InstanceState State)? FindByTask(Guid taskId) =>
        _cache is not null && _cache.TryGetValue(new TaskKey(taskId), out Guid instanceId) ? Find(instanceId) : null;

    /// <summary>
    /// Keeps what was just committed: the record as stored and the state it holds. The tasks that closed
    /// since <paramref name="before"/> are no longer a way to find it.
    /// </summary>
    public void Keep(InstanceRecord record, InstanceState? before, InstanceState state)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(state);
        // A read that loaded the instance just before another command here wrote it must not undo that.
        if (_cache is null || _cache.TryGetValue(record.Id, out Kept? newer) && newer!.Record.Version > record.Version)
        {
            return;
        }

        // The state is kept as objects; its JSON is left out (every write replaces it), halving what an entry holds.
        var kept = record.Copy();
        kept.State = "";
        var entry = new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Unused };
        _cache.Set(record.Id, new Kept(kept, state), entry);
        foreach (var closed in before?.Tasks.Where(t => state.FindTask(t.Id) is null) ?? [])
        {
            _cache.Remove(new TaskKey(closed.Id));
        }

        foreach (var task in state.Tasks)
        {
            _cache.Set(new TaskKey(task.Id), record.Id, entry);
        }
    }

    public void Forget(Guid instanceId) => _cache?.Remove(instanceId);

    public void Dispose() => _cache?.Dispose();

    private sealed record Kept(InstanceRecord Record, InstanceState State);

    private readonly record struct TaskKey(Guid TaskId);
}
