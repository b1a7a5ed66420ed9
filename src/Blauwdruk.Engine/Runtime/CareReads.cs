using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Storage;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Runtime;

/// <summary>A worklist row: the task and the care provider's own reference for the client.</summary>
public sealed record WorkItem(TaskRecord Task, string ClientReference);

/// <summary>The first tasks of a worklist and whether there are more.</summary>
public sealed record WorkItemPage(IReadOnlyList<WorkItem> Items, bool More);

/// <summary>What a care professional may see of one client: the state, the pathway, and the journal events visible to them.</summary>
public sealed record ClientFile(InstanceState State, PathwayDefinition Definition, IReadOnlyList<InstanceEvent> Journal)
{
    public IReadOnlyList<TimelineEntry> Timeline(Actor actor) => Runtime.Timeline.Of(Definition, Journal, Access.Visible(Definition, State, actor));

    public IEnumerable<PathwayTask> OpenTasks(Actor actor) => Access.OpenTasks(Definition, State, actor);
}

/// <summary>A task and the file it belongs to; without <c>WholeFile</c> only the task itself may be shown (the journal is empty).</summary>
public sealed record TaskView(ClientFile File, PathwayTask Task, bool WholeFile);

/// <summary>
/// The one read path for client data, for the web app, the REST API and the FHIR facade: the rules of
/// <see cref="Access"/> applied to what is stored. The <c>Find…</c> and <c>…Visible</c> reads decide what
/// may be seen and log nothing (the API logs every answer it sends, <c>AccessLogFilter</c>); the page reads
/// (<see cref="FileAsync"/>, <see cref="TaskAsync"/>, <see cref="WorklistAsync"/>) also write the access
/// log, an entry per client shown, before the page gets the data. A read that cannot be logged throws, so
/// nothing is shown.
/// </summary>
public sealed class CareReads(BlauwdrukDbContext db, InstanceLoader loader, Worklist worklist, AccessLog access)
{
    /// <summary>A client's file for a member of the care team; null for anyone else, and when there is no such client.</summary>
    public async Task<ClientFile?> FindFileAsync(Guid instanceId, Actor actor, CancellationToken cancellationToken, bool withJournal = true)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var state = await loader.ReadAsync(instanceId, cancellationToken);
        var definition = state is null ? null : loader.DefinitionOf(state);
        if (state is null || !Access.IsOnCareTeam(definition!, state, actor))
        {
            return null;
        }

        return new ClientFile(state, definition!, withJournal ? await loader.JournalAsync(instanceId, cancellationToken) : []);
    }

    /// <summary>
    /// A task with what may be shown of it (<see cref="Access.TaskVisibility"/>): with the client's file for
    /// the care team; for someone outside it who was given the task (the JGZ's home visit) the task alone.
    /// Null when it is not the actor's to see; <paramref name="instanceId"/> names the instance that holds
    /// the task even then, for the access log.
    /// </summary>
    public async Task<(TaskView? View, Guid? InstanceId)> FindTaskAsync(Guid taskId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var state = await loader.ReadHoldingTaskAsync(taskId, cancellationToken);
        if (state?.FindTask(taskId) is not { } task)
        {
            return (null, state?.Id);
        }

        var definition = loader.DefinitionOf(state);
        var visibility = Access.TaskVisibility(definition, state, task, actor);
        if (visibility == TaskVisibility.None)
        {
            return (null, state.Id);
        }

        var wholeFile = visibility == TaskVisibility.WithFile;
        var journal = wholeFile ? await loader.JournalAsync(state.Id, cancellationToken) : [];
        return (new TaskView(new ClientFile(state, definition, journal), task, wholeFile), state.Id);
    }

    /// <summary>The instances an organisation may see as care plans: those it leads or has a task in (each still checked against the care team).</summary>
    public IQueryable<InstanceRecord> VisibleInstances(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var withTasks = db.Tasks.Where(t => t.OrganisationId == actor.OrganisationId).Select(t => t.InstanceId);
        return db.Instances.AsNoTracking().Where(i => i.LeadOrganisation == actor.OrganisationId || withTasks.Contains(i.Id));
    }

    /// <param name="shown">
    /// The clients this open page has shown before. A worklist that refreshes itself logs a client once,
    /// when she first appears on it, not at every refresh; the set is updated.
    /// </param>
    /// <param name="size">How many tasks, from the first; a page that loaded more asks for them all again when it refreshes.</param>
    /// <param name="clientReference">
    /// Part of the care provider's own reference to narrow to (any case); applied in the query, before the
    /// access log, so that a client the filter leaves out is not logged as shown.
    /// </param>
    public async Task<WorkItemPage> WorklistAsync(
        Actor actor, WorklistFilter filter, ISet<Guid> shown, CancellationToken cancellationToken, string? clientReference = null, int size = Worklist.DefaultPageSize)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(shown);
        var page = await worklist.PageAsync(actor, filter, cancellationToken, size: size, clientReference: clientReference);
        var ids = page.Tasks.Select(t => t.InstanceId).Distinct().ToList();
        var references = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, i.ClientReference }).ToDictionaryAsync(i => i.Id, i => i.ClientReference, cancellationToken);
        var items = page.Tasks.Select(t => new WorkItem(t, references.GetValueOrDefault(t.InstanceId, ""))).ToList();
        var fresh = ids.Where(id => !shown.Contains(id)).ToList();
        if (fresh.Count > 0)
        {
            // Marked before the write, so that a refresh overlapping this one does not log them again; unmarked if the write fails.
            shown.UnionWith(fresh);
            try
            {
                await access.RecordListAsync(actor, AccessLog.Read, "web /werklijst", Clients(fresh), Access.Care, AccessLog.Allowed, null, cancellationToken);
            }
            catch
            {
                shown.ExceptWith(fresh);
                throw;
            }
        }

        return new WorkItemPage(items, page.Next is not null);
    }

    /// <summary>A client's file for a member of the care team, logged; null (logged as denied) for anyone else.</summary>
    public async Task<ClientFile?> FileAsync(Guid instanceId, Actor actor, string page, CancellationToken cancellationToken)
    {
        var file = await FindFileAsync(instanceId, actor, cancellationToken);
        await access.RecordAsync(actor, AccessLog.Read, page, instanceId.ToString(), Access.Care, file is null ? AccessLog.Denied : AccessLog.Allowed, null, cancellationToken);
        return file;
    }

    /// <summary>A task's page (see <see cref="FindTaskAsync"/>), logged as allowed or denied.</summary>
    public async Task<TaskView?> TaskAsync(Guid taskId, Actor actor, CancellationToken cancellationToken)
    {
        var (view, instanceId) = await FindTaskAsync(taskId, actor, cancellationToken);
        await access.RecordAsync(actor, AccessLog.Read, "web /taken/{id}", instanceId?.ToString(), Access.Care, view is null ? AccessLog.Denied : AccessLog.Allowed, null, cancellationToken);
        return view;
    }

    internal static List<string> Clients(IEnumerable<Guid> ids) => ids.Select(id => id.ToString()).ToList();
}
