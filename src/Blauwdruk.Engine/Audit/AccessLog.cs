using Blauwdruk.Engine.Storage;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Audit;

/// <summary>
/// Writes access log entries. <see cref="Stage"/> adds one to the caller's unit of work, so it commits
/// with the data change it records (the runner does this for every command); <see cref="RecordAsync"/>
/// writes one on its own (reads, refusals), through <see cref="AccessLogWriter"/> so that concurrent reads
/// share a commit, and throws when it cannot: a read that cannot be logged is not served.
/// </summary>
public sealed class AccessLog(BlauwdrukDbContext db, TimeProvider time, AccessLogWriter writer, IOptions<AccessLogOptions> options)
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Allowed = "allowed";
    public const string Denied = "denied";

    public AccessLogEntry Stage(Actor actor, string action, string resource, string? client, string purpose, string outcome, string? detail = null)
    {
        var entry = Create(actor, action, resource, client, purpose, outcome, detail);
        db.AccessLog.Add(entry);
        return entry;
    }

    private AccessLogEntry Create(Actor actor, string action, string resource, string? client, string purpose, string outcome, string? detail)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new AccessLogEntry
        {
            At = time.GetUtcNow(),
            UserId = actor.UserId,
            Roles = string.Join(',', actor.Roles),
            OrganisationId = actor.OrganisationId,
            OnBehalfOf = actor.OnBehalfOf,
            Client = client,
            Action = action,
            Resource = resource,
            Purpose = purpose,
            Outcome = outcome,
            Detail = detail,
        };
    }

    /// <summary>Writes one entry on its own and waits until it is stored.</summary>
    public Task RecordAsync(Actor actor, string action, string resource, string? client, string purpose, string outcome, string? detail, CancellationToken cancellationToken) =>
        SaveAsync(Create(actor, action, resource, client, purpose, outcome, detail), cancellationToken);

    /// <summary>
    /// One access that showed several clients (a worklist, a search): one entry that lists them, so a page of
    /// fifty costs one entry, not fifty, and each client still finds it in her overview.
    /// </summary>
    public Task RecordListAsync(
        Actor actor, string action, string resource, IReadOnlyCollection<string> clients, string purpose, string outcome, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var distinct = clients.Distinct(StringComparer.Ordinal).ToList();
        var entry = Create(actor, action, resource, distinct.Count == 1 ? distinct[0] : null, purpose, outcome, detail);
        if (distinct.Count > 1)
        {
            entry.Listed.AddRange(distinct.Select(client => new AccessLogClient { Client = client }));
        }

        return SaveAsync(entry, cancellationToken);
    }

    /// <summary>Through the group-committing writer (the default), or in this unit of work's own transaction.</summary>
    private async Task SaveAsync(AccessLogEntry entry, CancellationToken cancellationToken)
    {
        if (options.Value.GroupCommit)
        {
            await writer.WriteAsync(entry, cancellationToken);
            return;
        }

        db.AccessLog.Add(entry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.Entry(entry).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
            foreach (var listed in entry.Listed)
            {
                db.Entry(listed).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
            }
        }
    }
}
