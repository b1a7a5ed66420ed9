using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Clients;

/// <summary>
/// What a client signed in as herself may reach: the pathways whose recorded identity has her verified BSN
/// (matched on its keyed hash, never on a reference she gives). Every look-up is in the access log (NEN
/// 7513), naming her by her subject (a pseudonym) with the role and purpose <c>client</c> and no
/// organisation: an entry per pathway she was shown, or one denied entry when none matched.
/// </summary>
public sealed class ClientAccess(HandoverStore store, AccessLog log)
{
    /// <summary>The detail of the denied entry of a sign-in whose BSN matched no pathway.</summary>
    public const string NoMatch = "no-match";

    /// <param name="resource">What she opened, for the log (<c>GET /api/me</c>, <c>web /mijn</c>).</param>
    public async Task<IReadOnlyList<Guid>> PathwaysOfAsync(ClientPerson person, string resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var instances = await store.InstancesOfAsync(person.Bsn, cancellationToken);
        if (instances.Count == 0)
        {
            await log.RecordAsync(person.Unmatched, AccessLog.Read, resource, null, Access.ClientPurpose, AccessLog.Denied, NoMatch, cancellationToken);
            return instances;
        }

        // The log names her the same on each of her pathways (subject, role, no organisation); the entry's client says which.
        await log.RecordListAsync(person.Unmatched, AccessLog.Read, resource, CareReads.Clients(instances), Access.ClientPurpose, AccessLog.Allowed, null, cancellationToken);
        return instances;
    }
}
