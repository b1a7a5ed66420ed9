using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Runtime;

/// <summary>A worklist row: the task and the care provider's own reference for the client.</summary>
public sealed record WorkItem(TaskRecord Task, string ClientReference);

/// <summary>What a care professional may see of one client: the state, the pathway, and the journal events visible to them.</summary>
public sealed record ClientFile(InstanceState State, PathwayDefinition Definition, IReadOnlyList<InstanceEvent> Journal)
{
    public IReadOnlyList<TimelineEntry> Timeline(Actor actor) => Runtime.Timeline.Of(Definition, Journal, NeedToKnow.Visible(Definition, State, actor));

    public IEnumerable<PathwayTask> OpenTasks(Actor actor) => NeedToKnow.OpenTasks(Definition, State, actor);
}

/// <summary>A task and the file it belongs to; without <c>WholeFile</c> only the task itself may be shown.</summary>
public sealed record TaskView(ClientFile File, PathwayTask Task, bool WholeFile);

/// <summary>A handover in the JGZ's inbox: the document's record and whom it is about (the Composition's subject).</summary>
public sealed record InboxItem(HandoverDocumentRecord Row, string Subject);

/// <summary>A handover document as the receiving JGZ sees it.</summary>
public sealed record ReceivedHandover(HandoverDocumentRecord Row, Bundle Document);

/// <summary>
/// The web app's reads of client data: the same rules as the API (the care team, need-to-know, the
/// recipient of a handover) and the same access log, an entry per client shown, written before the
/// page gets the data. A read that cannot be logged throws, so nothing is shown.
/// </summary>
public sealed class CareReads(BlauwdrukDbContext db, InstanceRunner runner, Worklist worklist, PathwayCatalog catalog, AccessLog access, HandoverStore store)
{
    /// <param name="shown">
    /// The clients this open page has shown before. A worklist that refreshes itself logs a client once,
    /// when she first appears on it, not at every refresh; the set is updated.
    /// </param>
    public async Task<IReadOnlyList<WorkItem>> WorklistAsync(Actor actor, WorklistFilter filter, ISet<Guid> shown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(shown);
        var tasks = await worklist.OpenTasksAsync(actor, cancellationToken, filter);
        var ids = tasks.Select(t => t.InstanceId).Distinct().ToList();
        var references = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, i.ClientReference }).ToDictionaryAsync(i => i.Id, i => i.ClientReference, cancellationToken);
        var fresh = ids.Where(id => !shown.Contains(id)).ToList();
        if (fresh.Count > 0)
        {
            await access.RecordEachAsync(actor, AccessLog.Read, "web /werklijst", Clients(fresh), "care", AccessLog.Allowed, null, cancellationToken);
            shown.UnionWith(fresh);
        }

        return tasks.Select(t => new WorkItem(t, references.GetValueOrDefault(t.InstanceId, ""))).ToList();
    }

    /// <summary>A client's file for a member of the care team; null (logged as denied) for anyone else.</summary>
    public async Task<ClientFile?> FileAsync(Guid instanceId, Actor actor, string page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var state = await runner.FindAsync(instanceId, actor, cancellationToken);
        await access.RecordAsync(actor, AccessLog.Read, page, instanceId.ToString(), "care", state is null ? AccessLog.Denied : AccessLog.Allowed, null, cancellationToken);
        return state is null ? null : new ClientFile(state, runner.DefinitionOf(state), await runner.JournalAsync(instanceId, cancellationToken));
    }

    /// <summary>
    /// A task with what its page may show: the client's file for the care team; for someone outside it
    /// who was given the task (the JGZ's home visit) the task alone (<see cref="TaskView.WholeFile"/> false:
    /// the page shows no journal, no other tasks). Logged as allowed or denied.
    /// </summary>
    public async Task<TaskView?> TaskAsync(Guid taskId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var found = await runner.FindTaskAsync(taskId, actor, cancellationToken);
        await access.RecordAsync(actor, AccessLog.Read, "web /taken/{id}", found.InstanceId?.ToString(), "care", found.State is null ? AccessLog.Denied : AccessLog.Allowed, null, cancellationToken);
        if (found is not { State: { } state, Task: { } task })
        {
            return null;
        }

        var journal = found.WholeFile ? await runner.JournalAsync(state.Id, cancellationToken) : [];
        return new TaskView(new ClientFile(state, runner.DefinitionOf(state), journal), task, found.WholeFile);
    }

    /// <summary>The current handover documents addressed to the actor's organisation, not yet acknowledged first, then newest first.</summary>
    public async Task<IReadOnlyList<InboxItem>> InboxAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!catalog.IsCareProfessional(actor))
        {
            return [];
        }

        var rows = await db.HandoverDocuments.AsNoTracking()
            .Where(h => h.Recipient == actor.OrganisationId && h.Current)
            .OrderBy(h => h.Status == HandoverStatus.Acknowledged)
            .ThenByDescending(h => h.SentAt)
            .Take(200)
            .ToListAsync(cancellationToken);
        await access.RecordEachAsync(actor, AccessLog.Read, "web /overdrachten", Clients(rows.Select(r => r.InstanceId).Distinct()), "handover", AccessLog.Allowed, null, cancellationToken);
        return rows.Select(row => new InboxItem(row, ((Composition)store.Open(row).Entry[0].Resource!).Subject?.Display ?? "")).ToList();
    }

    /// <summary>One document addressed to the actor's organisation, decrypted; opening it marks it retrieved.</summary>
    public async Task<ReceivedHandover?> HandoverAsync(Guid documentId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var row = catalog.IsCareProfessional(actor)
            ? await db.HandoverDocuments.AsNoTracking().SingleOrDefaultAsync(h => h.Id == documentId && h.Recipient == actor.OrganisationId, cancellationToken)
            : null;
        await access.RecordAsync(actor, AccessLog.Read, "web /overdrachten/{id}", row?.InstanceId.ToString(), "handover", row is null ? AccessLog.Denied : AccessLog.Allowed, null, cancellationToken);
        if (row is null)
        {
            return null;
        }

        if (row is { Status: HandoverStatus.Available, Current: true })
        {
            var retrieved = await runner.ExecuteOnTaskAsync(row.TaskId, new RetrieveHandover(row.TaskId, row.Child) { By = actor }, cancellationToken);
            if (retrieved.Rejection is null)
            {
                row = await db.HandoverDocuments.AsNoTracking().SingleAsync(h => h.Id == documentId, cancellationToken);
            }
        }

        return new ReceivedHandover(row, store.Open(row));
    }

    private static List<string?> Clients(IEnumerable<Guid> ids)
    {
        var clients = ids.Select(id => (string?)id.ToString()).ToList();
        return clients.Count == 0 ? [null] : clients;
    }
}
