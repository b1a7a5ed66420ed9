using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Blauwdruk.Api.Instances;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blauwdruk.Api.Tests.Runtime;

/// <summary>
/// Three hosts on one PostgreSQL database: every timer fires exactly once, concurrent completions of the
/// same task complete it exactly once, and no host decides on a snapshot it kept that another host has
/// moved past.
/// </summary>
public sealed class TimersAndConcurrencyTests : IAsyncLifetime
{
    private const string Practice = "ura:90000101";

    /// <summary>A pathway of one task that escalates an hour after it opens.</summary>
    private const string TimerPathway = """
        id: termijntest
        version: 1.0.0
        title: Termijntest
        roles:
          - id: verloskundige
            label: Verloskundige
          - id: zorgcoordinator
            label: Zorgcoördinator
        start: TAAK
        steps:
          - id: TAAK
            kind: task
            label: Taak met termijn
            role: verloskundige
            deadline:
              within: PT1H
              escalateTo: zorgcoordinator
            next: EINDE
          - id: EINDE
            kind: end
            label: Einde
        """;

    private readonly string _pathways = Path.Combine(Path.GetTempPath(), $"blauwdruk-timers-{Guid.NewGuid():N}");
    private readonly List<BlauwdrukApiFactory> _hosts = [];

    public Task InitializeAsync()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "pathways"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_pathways, Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "pathways"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(_pathways, "blauwdruk", "termijntest.yaml"), TimerPathway);
        // As in a deployment, the hosts' connection pools together stay below the server's max_connections (100 by default).
        var database = $"{TestDatabases.Create(StorageProvider.Postgres)};Maximum Pool Size=30";
        for (var i = 0; i < 3; i++)
        {
            _hosts.Add(new BlauwdrukApiFactory(StorageProvider.Postgres, connectionString: database, pathwaysDirectory: _pathways));
        }
        foreach (var host in _hosts)
        {
            _ = host.Services; // start each host (migrations, pathway versions) before the test
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    private async Task<List<Guid>> StartInstances(int count)
    {
        var ids = new List<Guid>();
        await using var scope = _hosts[0].Services.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<InstanceRunner>();
        var actor = new Actor("verloskundige-maas", ["verloskundige"], Practice);
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7();
            var started = await runner.StartAsync("termijntest", new StartInstance(id, $"T-{i}", "GM0599", new Dictionary<string, string>()) { By = actor }, CancellationToken.None);
            Assert.Null(started.Rejection);
            ids.Add(id);
        }

        return ids;
    }

    private async Task<int> CountJournal(string type, IReadOnlyCollection<Guid> instances)
    {
        await using var scope = _hosts[0].Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Journal.CountAsync(e => e.Type == type && instances.Contains(e.InstanceId));
    }

    [Fact]
    public async Task A_thousand_timers_fire_exactly_once_with_three_hosts()
    {
        var instances = await StartInstances(1000);
        foreach (var host in _hosts)
        {
            host.Clock.Advance(TimeSpan.FromHours(2));
        }

        var rounds = await Task.WhenAll(_hosts.Select(h => Task.Run(() => h.Services.GetRequiredService<TimerWorker>().RunDueAsync(CancellationToken.None))));
        var again = await _hosts[1].Services.GetRequiredService<TimerWorker>().RunDueAsync(CancellationToken.None);

        Assert.Equal(1000, await CountJournal(nameof(TaskEscalated), instances));
        Assert.Equal(1000, rounds.Sum());
        Assert.Equal(0, again);
        await using var scope = _hosts[2].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        Assert.Equal(1000, await db.Tasks.CountAsync(t => t.EscalationOf != null && instances.Contains(t.InstanceId)));
        Assert.Equal(0, await db.Instances.CountAsync(i => instances.Contains(i.Id) && i.NextDueAt != null));
    }

    [Fact]
    public async Task Two_hundred_concurrent_completions_complete_each_task_once()
    {
        var instances = await StartInstances(100);
        await using var scope = _hosts[0].Services.CreateAsyncScope();
        var tasks = await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Tasks
            .Where(t => instances.Contains(t.InstanceId)).Select(t => t.Id).ToListAsync();
        var clients = _hosts.Select(h => h.ClientFor("verloskundige-maas")).ToList();

        // Every task completed by two hosts at once: 200 calls.
        var calls = tasks.SelectMany((task, i) => new[] { (Task: task, Client: clients[i % 3]), (Task: task, Client: clients[(i + 1) % 3]) });
        var responses = await Task.WhenAll(calls.Select(c => Task.Run(() => c.Client.PostAsJsonAsync($"/api/tasks/{c.Task}/complete", new { }))));

        Assert.Equal(100, await CountJournal(nameof(TaskCompleted), instances));
        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(100, await CountJournal(nameof(InstanceCompleted), instances));
    }

    /// <summary>
    /// Each host keeps the snapshots it wrote (<see cref="SnapshotCache"/>), so its next command on the
    /// instance skips the read. When another host changed the instance in between, the kept snapshot is
    /// out of date: whatever it would decide, the answer must be the one the stored instance gives, and
    /// the journal must stay one unbroken sequence.
    /// </summary>
    [Fact]
    public async Task A_host_never_decides_on_a_kept_snapshot_that_another_host_moved_past()
    {
        var retried = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument is { Name: "blauwdruk.snapshot_cache", Meter.Name: EngineMetrics.MeterName })
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (tags.ToArray().Any(t => t is { Key: "outcome", Value: "retried" }))
            {
                Interlocked.Add(ref retried, (int)value);
            }
        });
        listener.Start();

        var instance = (await StartInstances(1))[0]; // host 0 wrote it and keeps it: the task is requested there
        await using (var scope = _hosts[0].Services.CreateAsyncScope())
        {
            Assert.NotNull(scope.ServiceProvider.GetRequiredService<SnapshotCache>().Find(instance));
        }

        var task = await OpenTaskAsync(instance);
        var midwife = new Actor("verloskundige-maas", ["verloskundige"], Practice);

        // Host 1 starts the task.
        Assert.Null((await RunOnAsync(1, new ChangeTaskStatus(task, PathwayTaskStatus.InProgress) { By = midwife })).Rejection);

        // Host 0's snapshot (requested) would refuse "on hold"; the stored task (in progress) allows it.
        var held = await RunOnAsync(0, new ChangeTaskStatus(task, PathwayTaskStatus.OnHold) { Reason = "Wacht op de uitslag", By = midwife });
        Assert.Null(held.Rejection);
        Assert.Equal(PathwayTaskStatus.OnHold, held.State!.FindTask(task)!.Status);

        // Host 1's snapshot (in progress) would allow handing the task back; the stored task (on hold) does not.
        var handedBack = await RunOnAsync(1, new ChangeTaskStatus(task, PathwayTaskStatus.Requested) { By = midwife });
        Assert.Equal(RejectionKind.Conflict, handedBack.Rejection?.Kind);
        Assert.StartsWith("Een taak met status on-hold kan niet naar requested", handedBack.Rejection!.Message, StringComparison.Ordinal);

        // Host 2 resumes it; host 0 (its snapshot: on hold) completes it.
        Assert.Null((await RunOnAsync(2, new ChangeTaskStatus(task, PathwayTaskStatus.InProgress) { By = midwife })).Rejection);
        var completed = await RunOnAsync(0, new CompleteTask(task, null) { By = midwife });
        Assert.Null(completed.Rejection);

        await using var check = _hosts[2].Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<BlauwdrukDbContext>();
        var journal = await db.Journal.AsNoTracking().Where(e => e.InstanceId == instance).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(0, journal.Count), journal.Select(e => e.Sequence));
        Assert.Equal(
            ["InProgress", "OnHold", "InProgress"],
            journal.Where(e => e.Type == nameof(TaskStatusChanged)).Select(e => RuntimeJson.Deserialize<InstanceEvent>(e.Data)).Cast<TaskStatusChanged>().Select(e => e.Status.ToString()));
        Assert.Single(journal, e => e.Type == nameof(TaskCompleted));
        var (_, mismatches) = await check.ServiceProvider.GetRequiredService<JournalVerification>().VerifyAsync(CancellationToken.None);
        Assert.Empty(mismatches);

        // The three commands on an outdated snapshot were run again; the metric shows it (other tests may add to it).
        Assert.True(retried >= 3, $"{retried} commands counted as retried");
    }

    /// <summary>A host that opens a task (the task page) keeps the instance, so the completion that follows skips the read.</summary>
    [Fact]
    public async Task A_task_read_on_another_host_is_kept_there_for_the_command_that_follows()
    {
        var instance = (await StartInstances(1))[0]; // written by host 0
        var task = await OpenTaskAsync(instance);
        var midwife = new Actor("verloskundige-maas", ["verloskundige"], Practice);
        await using var scope = _hosts[1].Services.CreateAsyncScope();
        var kept = scope.ServiceProvider.GetRequiredService<SnapshotCache>();
        Assert.Null(kept.FindByTask(task));

        Assert.NotNull((await scope.ServiceProvider.GetRequiredService<CareReads>().FindTaskAsync(task, midwife, CancellationToken.None)).View);

        Assert.Equal(instance, kept.FindByTask(task)?.State.Id);
        var completed = await RunOnAsync(1, new CompleteTask(task, null) { By = midwife });
        Assert.Null(completed.Rejection);
        Assert.Null(kept.FindByTask(task)); // closed: it no longer finds the instance
        Assert.Equal(completed.State!.EventCount, await CountJournalOfAsync(instance));
    }

    private async Task<int> CountJournalOfAsync(Guid instance)
    {
        await using var scope = _hosts[2].Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Journal.CountAsync(e => e.InstanceId == instance);
    }

    private async Task<Guid> OpenTaskAsync(Guid instance)
    {
        await using var scope = _hosts[0].Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlauwdrukDbContext>().Tasks
            .Where(t => t.InstanceId == instance && t.Status == PathwayTaskStatus.Requested).Select(t => t.Id).SingleAsync();
    }

    private async Task<RunResult> RunOnAsync(int host, InstanceCommand command)
    {
        await using var scope = _hosts[host].Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InstanceRunner>().ExecuteOnTaskAsync(((ITaskCommand)command).TaskId, command, CancellationToken.None);
    }
}
