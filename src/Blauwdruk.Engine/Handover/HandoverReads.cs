using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Handover;

/// <summary>A handover in the JGZ's inbox: the document's record and, read from the document, the mother, the child and the sender.</summary>
public sealed record InboxItem(HandoverDocumentRecord Row, HandoverSummary Summary)
{
    /// <summary>A version after the first replaced the earlier one (which is no longer in the inbox).</summary>
    public bool Replaces => Row.Version > 1;
}

/// <summary>Which handovers of the inbox to show, by their state.</summary>
public enum InboxFilter
{
    All,
    New,
    Opened,
    Acknowledged,
}

/// <summary>
/// One page of the inbox: the newest current documents that pass the filter and the search, how many
/// current documents there are in each state, and whether more match than are shown.
/// </summary>
public sealed record InboxPage(IReadOnlyList<InboxItem> Items, IReadOnlyDictionary<HandoverStatus, int> Counts, bool More);

/// <summary>
/// Where one of a sender's handover documents stands, for the sender: its version and status, and, once
/// the JGZ acknowledged it, when, by which organisation and with what note back (null: none).
/// </summary>
public sealed record HandoverReceipt(int Child, int Version, HandoverStatus Status, DateTimeOffset SentAt, string Recipient)
{
    /// <summary>When the JGZ first opened the current version.</summary>
    public DateTimeOffset? RetrievedAt { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }
    public string? AcknowledgedBy { get; init; }
    public string? Note { get; init; }
}

/// <summary>A handover document as the receiving JGZ sees it.</summary>
public sealed record ReceivedHandover(HandoverDocumentRecord Row, Bundle Document);

/// <summary>
/// The one read path for handover documents, for the JGZ's inbox in the web app and the FHIR facade: only
/// what is addressed to the reader's organisation (<see cref="Addressed"/>, the one place of that rule), and opening a
/// current document marks it retrieved. <see cref="InboxAsync"/> and <see cref="HandoverAsync"/> also write
/// the access log (the API logs its own answers).
/// </summary>
public sealed class HandoverReads(BlauwdrukDbContext db, HandoverStore store, InstanceRunner runner, InstanceLoader loader, PathwayCatalog catalog, AccessLog access)
{
    /// <summary>Every document addressed to the actor's organisation (current and earlier versions); none for someone without a care role.</summary>
    public IQueryable<HandoverDocumentRecord> Addressed(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var organisation = actor.OrganisationId;
        return catalog.IsCareProfessional(actor)
            ? db.HandoverDocuments.AsNoTracking().Where(h => h.Recipient == organisation)
            : db.HandoverDocuments.AsNoTracking().Where(_ => false);
    }

    /// <summary>The tasks an organisation may read (the FHIR facade): its own, and those of the handovers addressed to it.</summary>
    public IQueryable<TaskRecord> VisibleTasks(Actor actor)
    {
        var addressed = Addressed(actor).Select(h => h.TaskId);
        var organisation = actor.OrganisationId;
        return catalog.IsCareProfessional(actor)
            ? db.Tasks.AsNoTracking().Where(t => t.OrganisationId == organisation || addressed.Contains(t.Id))
            : db.Tasks.AsNoTracking().Where(_ => false);
    }

    /// <summary>For tasks the reader may see (<see cref="VisibleTasks"/>): the id of the current document each is about (the first child's), not its content.</summary>
    public async Task<Dictionary<Guid, Guid>> DocumentOfTasksAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken cancellationToken) =>
        (await db.HandoverDocuments.AsNoTracking().Where(h => taskIds.Contains(h.TaskId) && h.Current).OrderBy(h => h.Child).Select(h => new { h.TaskId, h.Id }).ToListAsync(cancellationToken))
            .GroupBy(h => h.TaskId).ToDictionary(g => g.Key, g => g.First().Id);

    /// <summary>The document, decrypted.</summary>
    public Bundle Open(HandoverDocumentRecord row) => store.Open(row);

    /// <summary>The document, decrypted, as its stored FHIR JSON.</summary>
    public string OpenJson(HandoverDocumentRecord row) => store.OpenJson(row);

    /// <summary>
    /// One document addressed to the actor's organisation, decrypted; opening a current, available one marks
    /// it retrieved (a command, logged as such). Null when there is none, or it is not theirs.
    /// </summary>
    public async Task<ReceivedHandover?> FindAsync(Guid documentId, Actor actor, CancellationToken cancellationToken)
    {
        var row = await Addressed(actor).SingleOrDefaultAsync(h => h.Id == documentId, cancellationToken);
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

    /// <summary>How many handovers one inbox page shows: the newest.</summary>
    public const int PageSize = 50;

    /// <summary>
    /// How many of the newest documents a search on the mother's name reads: the names are only in the
    /// encrypted documents, so a search opens them (an organisation's inbox, not the whole database).
    /// </summary>
    public const int SearchScope = 500;

    /// <summary>
    /// The current handover documents addressed to the actor's organisation (earlier versions left out),
    /// newest first, in the state the filter asks for, and whose mother's name contains the search (case and
    /// accents aside); at most <see cref="PageSize"/>. The clients shown are logged.
    /// </summary>
    public async Task<InboxPage> InboxAsync(Actor actor, InboxFilter filter, string? search, CancellationToken cancellationToken)
    {
        var current = Addressed(actor).Where(h => h.Current);
        var counts = (await current.GroupBy(h => h.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(g => g.Key, g => g.Count);
        var filtered = filter switch
        {
            InboxFilter.New => current.Where(h => h.Status == HandoverStatus.Available),
            InboxFilter.Opened => current.Where(h => h.Status == HandoverStatus.Retrieved),
            InboxFilter.Acknowledged => current.Where(h => h.Status == HandoverStatus.Acknowledged),
            _ => current,
        };
        var term = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        var scope = term is null ? PageSize + 1 : SearchScope;
        var rows = await filtered.OrderByDescending(h => h.SentAt).ThenByDescending(h => h.Id).Take(scope).ToListAsync(cancellationToken);
        var matching = rows
            .Select(row => new InboxItem(row, HandoverSummary.Of(store.Open(row))))
            .Where(item => term is null || Contains(item.Summary.Mother, term))
            .ToList();
        var shown = matching.Take(PageSize).ToList();
        if (catalog.IsCareProfessional(actor))
        {
            await access.RecordListAsync(actor, AccessLog.Read, "web /overdrachten", CareReads.Clients(shown.Select(r => r.Row.InstanceId)), Access.Handover, AccessLog.Allowed, null, cancellationToken);
        }

        return new InboxPage(shown, counts, matching.Count > PageSize || term is not null && rows.Count == scope);
    }

    private static bool Contains(string name, string term) =>
        System.Globalization.CultureInfo.InvariantCulture.CompareInfo.IndexOf(name, term, System.Globalization.CompareOptions.IgnoreCase | System.Globalization.CompareOptions.IgnoreNonSpace) >= 0;

    /// <summary>
    /// For the organisation that sent a handover (the task's own): where each current document stands, and the
    /// JGZ's acknowledgement with its note back. Null when the task is not the actor's organisation's (another
    /// organisation, the JGZ included, gets nothing), or it is no handover that was sent.
    /// </summary>
    public async Task<IReadOnlyList<HandoverReceipt>?> SentAsync(Guid taskId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!catalog.IsCareProfessional(actor)
            || await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId && t.OrganisationId == actor.OrganisationId, cancellationToken) is not { } task
            || await loader.ReadAsync(task.InstanceId, cancellationToken) is not { } state
            || !state.Handovers.Any(h => h.TaskId == taskId))
        {
            return null;
        }

        return Receipts(state, await loader.JournalAsync(task.InstanceId, cancellationToken), taskId);
    }

    /// <summary>Where each current document of a sent handover task stands, with the JGZ's acknowledgement and note (the sender's and the client's view).</summary>
    public static IReadOnlyList<HandoverReceipt> Receipts(InstanceState state, IReadOnlyList<InstanceEvent> journal, Guid taskId)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(journal);
        var sent = state.Handovers.Where(h => h.TaskId == taskId).ToList();
        if (sent.Count == 0)
        {
            return [];
        }

        // Only the acknowledgements of the current version: a correction is acknowledged anew.
        var lastSent = journal.Select((e, i) => (e, i)).Last(x => x.e is HandoverSent s && s.TaskId == taskId).i;
        var acknowledged = journal.Skip(lastSent).OfType<HandoverAcknowledged>().Where(a => a.TaskId == taskId).ToList();
        var retrieved = journal.Skip(lastSent).OfType<HandoverRetrieved>().Where(r => r.TaskId == taskId).ToList();
        return sent.OrderBy(h => h.Child).Select(h =>
            {
                var receipt = new HandoverReceipt(h.Child, h.Version, h.Status, h.SentAt, h.Recipient) { RetrievedAt = retrieved.FirstOrDefault(r => r.Child == h.Child)?.At };
                return acknowledged.LastOrDefault(a => a.Child == h.Child) is { } a
                    ? receipt with { AcknowledgedAt = a.At, AcknowledgedBy = a.OrganisationId, Note = a.Note }
                    : receipt;
            })
            .ToList();
    }

    /// <summary>
    /// <see cref="SentAsync"/> for the web app's page of a handover task that closed when the JGZ acknowledged it,
    /// so the sender still reads the acknowledgement and the note back; logged as allowed or denied.
    /// </summary>
    public async Task<IReadOnlyList<HandoverReceipt>?> ClosedAsync(Guid taskId, Actor actor, CancellationToken cancellationToken)
    {
        var receipts = await SentAsync(taskId, actor, cancellationToken);
        var instanceId = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => (Guid?)t.InstanceId).SingleOrDefaultAsync(cancellationToken);
        await access.RecordAsync(actor, AccessLog.Read, "web /taken/{id} (overdracht afgerond)", instanceId?.ToString(), Access.Handover,
            receipts is null ? AccessLog.Denied : AccessLog.Allowed, null, cancellationToken);
        return receipts;
    }

    /// <summary>One document for the web app (see <see cref="FindAsync"/>), logged as allowed or denied.</summary>
    public async Task<ReceivedHandover?> HandoverAsync(Guid documentId, Actor actor, CancellationToken cancellationToken)
    {
        var received = await FindAsync(documentId, actor, cancellationToken);
        await access.RecordAsync(actor, AccessLog.Read, "web /overdrachten/{id}", received?.Row.InstanceId.ToString(), Access.Handover,
            received is null ? AccessLog.Denied : AccessLog.Allowed, null, cancellationToken);
        return received;
    }
}
