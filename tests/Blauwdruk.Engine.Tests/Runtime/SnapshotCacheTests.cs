using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Tests.Runtime;

public sealed class SnapshotCacheTests
{
    private static readonly Actor Midwife = new("verloskundige-1", ["verloskundige"], "ura:90000101");
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A client's instance of the standard, started: its intake task is open.</summary>
    private static InstanceState Started() =>
        Decider.Decide(TestPathways.Standard, null, new StartInstance(Guid.CreateVersion7(), "CL-1", "GM0599", new Dictionary<string, string>()) { By = Midwife }, Now)
            .Events.Aggregate((InstanceState?)null, Decider.Evolve)!;

    private static InstanceRecord RecordOf(InstanceState state, int version) => new()
    {
        Id = state.Id, PathwayId = state.PathwayId, PathwayVersion = state.PathwayVersion, Municipality = state.Municipality,
        LeadOrganisation = state.LeadOrganisation, Version = version, State = "{}",
    };

    private static SnapshotCache Cache(int size) => new(Options.Create(new StorageOptions { SnapshotCacheSize = size }));

    [Fact]
    public void A_kept_instance_is_found_by_its_id_and_its_open_tasks_until_they_close()
    {
        using var cache = Cache(100);
        var started = Started();
        var intake = started.Tasks.Single().Id;
        cache.Keep(RecordOf(started, 1), null, started);

        Assert.Same(started, cache.FindByTask(intake)?.State);
        // The intake closed and the next task opened.
        var completed = started with { Tasks = [started.Tasks[0] with { Id = Guid.CreateVersion7(), StepId = "VOLGENDE" }] };
        cache.Keep(RecordOf(completed, 2), started, completed);

        Assert.Null(cache.FindByTask(intake));
        var consult = completed.Tasks.Single().Id;
        var (record, state) = cache.FindByTask(consult)!.Value;
        Assert.Same(completed, state);
        Assert.Equal(2, record.Version);

        // Each caller gets its own copy of the record to attach and change.
        record.Version = 99;
        Assert.Equal(2, cache.Find(completed.Id)!.Value.Record.Version);

        // A read that loaded version 1 and comes late does not replace version 2.
        cache.Keep(RecordOf(started, 1), null, started);
        Assert.Same(completed, cache.Find(completed.Id)!.Value.State);

        cache.Forget(completed.Id);
        Assert.Null(cache.Find(completed.Id));
        Assert.Null(cache.FindByTask(consult));
    }

    [Fact]
    public void Size_zero_keeps_nothing()
    {
        using var cache = Cache(0);
        var started = Started();
        cache.Keep(RecordOf(started, 1), null, started);

        Assert.Null(cache.Find(started.Id));
        Assert.Null(cache.FindByTask(started.Tasks.Single().Id));
    }
}
