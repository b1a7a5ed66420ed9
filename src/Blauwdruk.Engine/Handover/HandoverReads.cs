using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace Blauwdruk.Engine.Handover;

/// <summary>A handover in the JGZ's inbox: the document's record and whom it is about (the Composition's subject).</summary>
public sealed record InboxItem(HandoverDocumentRecord Row, string Subject);

/// <summary>A handover document as the receiving JGZ sees it.</summary>
public sealed record ReceivedHandover(HandoverDocumentRecord Row, Bundle Document);

/// <summary>
/// The one read path for handover documents, for the JGZ's inbox in the web app and the FHIR facade: only
/// what is addressed to the reader's organisation (<see cref="Addressed"/>, the one place of that rule), and opening a
/// current document marks it retrieved. <see cref="InboxAsync"/> and <see cref="HandoverAsync"/> also write
/// the access log (the API logs its own answers).
/// </summary>
public sealed class HandoverReads(BlauwdrukDbContext db, HandoverStore store, InstanceRunner runner, PathwayCatalog catalog, AccessLog access)
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

    /// <summary>The current handover documents addressed to the actor's organisation, not yet acknowledged first, then newest first; logged.</summary>
    public async Task<IReadOnlyList<InboxItem>> InboxAsync(Actor actor, CancellationToken cancellationToken)
    {
        var rows = await Addressed(actor)
            .Where(h => h.Current)
            .OrderBy(h => h.Status == HandoverStatus.Acknowledged)
            .ThenByDescending(h => h.SentAt)
            .Take(200)
            .ToListAsync(cancellationToken);
        if (catalog.IsCareProfessional(actor))
        {
            await access.RecordEachAsync(actor, AccessLog.Read, "web /overdrachten", CareReads.Clients(rows.Select(r => r.InstanceId).Distinct()), Access.Handover, AccessLog.Allowed, null, cancellationToken);
        }

        return rows.Select(row => new InboxItem(row, ((Composition)store.Open(row).Entry[0].Resource!).Subject?.Display ?? "")).ToList();
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
