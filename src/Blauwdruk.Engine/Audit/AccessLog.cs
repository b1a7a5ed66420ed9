using Blauwdruk.Engine.Storage;

namespace Blauwdruk.Engine.Audit;

/// <summary>
/// Writes access log entries. <see cref="Stage"/> adds one to the caller's unit of work, so it commits
/// with the data change it records (the runner does this for every command); <see cref="RecordAsync"/>
/// writes one on its own (reads, refusals) and throws when it cannot: a read that cannot be logged is
/// not served.
/// </summary>
public sealed class AccessLog(BlauwdrukDbContext db, TimeProvider time)
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Allowed = "allowed";
    public const string Denied = "denied";

    public AccessLogEntry Stage(Actor actor, string action, string resource, string? client, string purpose, string outcome, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var entry = new AccessLogEntry
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
        db.AccessLog.Add(entry);
        return entry;
    }

    public Task RecordAsync(Actor actor, string action, string resource, string? client, string purpose, string outcome, string? detail, CancellationToken cancellationToken) =>
        RecordEachAsync(actor, action, resource, [client], purpose, outcome, detail, cancellationToken);

    /// <summary>One access that showed several clients (a worklist, a search): an entry per client, written together.</summary>
    public async Task RecordEachAsync(
        Actor actor, string action, string resource, IReadOnlyCollection<string?> clients, string purpose, string outcome, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var entries = clients.Select(client => Stage(actor, action, resource, client, purpose, outcome, detail)).ToList();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            foreach (var entry in entries)
            {
                db.Entry(entry).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
            }
        }
    }
}
