using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Storage;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// Where identities and handover documents are kept: encrypted with ASP.NET Data Protection (keys in
/// the database, shared by every host), decrypted only to build or deliver a handover. Rows are staged
/// on the runner's context and written in the same transaction as the command's events. Her BSN is also
/// kept as a keyed hash (<see cref="ClientIdentityRecord.BsnKey"/>), so her pathways are found when she
/// signs in herself (<see cref="InstancesOfAsync"/>).
/// </summary>
public sealed class HandoverStore(BlauwdrukDbContext db, IDataProtectionProvider protection, Secrets secrets)
{
    /// <summary>The name of the HMAC key of <see cref="ClientIdentityRecord.BsnKey"/> in <c>secrets</c>.</summary>
    internal const string BsnKeySecret = "client-identity-bsn-key";

    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    private IDataProtector Identities => protection.CreateProtector("Blauwdruk.ClientIdentity.v1");
    private IDataProtector Documents => protection.CreateProtector("Blauwdruk.HandoverDocument.v1");

    /// <summary>Adds or replaces the client's identity in the current unit of work.</summary>
    internal async Task StageIdentityAsync(Guid instanceId, ClientIdentity identity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var protectedIdentity = Identities.Protect(JsonSerializer.Serialize(identity));
        var bsnKey = identity.Bsn is { } bsn ? await BsnKeyAsync(bsn, cancellationToken) : null;
        var row = await db.ClientIdentities.FindAsync([instanceId], cancellationToken);
        if (row is null)
        {
            db.ClientIdentities.Add(new ClientIdentityRecord { InstanceId = instanceId, Protected = protectedIdentity, BsnKey = bsnKey, UpdatedAt = now });
        }
        else
        {
            row.Protected = protectedIdentity;
            row.BsnKey = bsnKey;
            row.UpdatedAt = now;
        }
    }

    /// <summary>The pathways whose recorded identity has this BSN, active and closed alike; the identity changed last first.</summary>
    public async Task<IReadOnlyList<Guid>> InstancesOfAsync(string bsn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(bsn);
        var key = await BsnKeyAsync(bsn, cancellationToken);
        return await db.ClientIdentities.AsNoTracking().Where(c => c.BsnKey == key).OrderByDescending(c => c.UpdatedAt).Select(c => c.InstanceId).ToListAsync(cancellationToken);
    }

    /// <summary>An active pathway led by <paramref name="organisation"/> (other than <paramref name="except"/>) whose recorded identity has this BSN; null when there is none.</summary>
    internal async Task<Guid?> ActiveInstanceOfAsync(string bsn, string organisation, CancellationToken cancellationToken, Guid? except = null)
    {
        var key = await BsnKeyAsync(bsn, cancellationToken);
        return await db.ClientIdentities.AsNoTracking()
            .Where(c => c.BsnKey == key && c.InstanceId != except)
            .Join(db.Instances.Where(i => i.LeadOrganisation == organisation && i.Status == InstanceStatus.Active), c => c.InstanceId, i => i.Id, (c, i) => (Guid?)i.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Gives every identity with a BSN recorded before <see cref="ClientIdentityRecord.BsnKey"/> existed its key
    /// (at start, after the migrations). A row is only filled while it is still the one read, so an identity
    /// another host records meanwhile keeps its own key. Returns how many were filled.
    /// </summary>
    public async Task<int> BackfillBsnKeysAsync(CancellationToken cancellationToken)
    {
        var filled = 0;
        var missing = await db.ClientIdentities.AsNoTracking().Where(c => c.BsnKey == null).Select(c => c.InstanceId).ToListAsync(cancellationToken);
        foreach (var chunk in missing.Chunk(200))
        {
            var rows = await db.ClientIdentities.AsNoTracking().Where(c => chunk.Contains(c.InstanceId) && c.BsnKey == null).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                if (JsonSerializer.Deserialize<ClientIdentity>(Identities.Unprotect(row.Protected))?.Bsn is not { } bsn)
                {
                    continue;
                }

                var key = await BsnKeyAsync(bsn, cancellationToken);
                filled += await db.ClientIdentities.Where(c => c.InstanceId == row.InstanceId && c.BsnKey == null && c.Protected == row.Protected)
                    .ExecuteUpdateAsync(set => set.SetProperty(c => c.BsnKey, key), cancellationToken);
            }
        }

        return filled;
    }

    private async Task<string> BsnKeyAsync(string bsn, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(await secrets.KeyAsync(BsnKeySecret, cancellationToken), Encoding.UTF8.GetBytes(bsn)));

    public async Task<ClientIdentity?> IdentityAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var row = await db.ClientIdentities.AsNoTracking().SingleOrDefaultAsync(c => c.InstanceId == instanceId, cancellationToken);
        return row is null ? null : JsonSerializer.Deserialize<ClientIdentity>(Identities.Unprotect(row.Protected));
    }

    /// <summary>
    /// Stages the documents a <see cref="HandoverSent"/> made available (one per child, drawn up before the
    /// decision); earlier versions stop being current.
    /// </summary>
    internal async Task StageDocumentsAsync(Guid instanceId, HandoverSent sent, IReadOnlyList<Bundle> documents, CancellationToken cancellationToken)
    {
        foreach (var earlier in await db.HandoverDocuments.Where(h => h.TaskId == sent.TaskId && h.Current).ToListAsync(cancellationToken))
        {
            earlier.Current = false;
            earlier.UpdatedAt = sent.At;
        }

        foreach (var (child, bundle) in sent.Children.Zip(documents))
        {
            var id = Guid.CreateVersion7(sent.At);
            bundle.Id = id.ToString();
            db.HandoverDocuments.Add(new HandoverDocumentRecord
            {
                Id = id,
                InstanceId = instanceId,
                TaskId = sent.TaskId,
                Child = child,
                Version = sent.Version,
                Kind = sent.Kind,
                Recipient = sent.Recipient,
                Identifier = bundle.Identifier!.Value!,
                Status = HandoverStatus.Available,
                Current = true,
                SentAt = sent.At,
                UpdatedAt = sent.At,
                Document = Documents.Protect(JsonSerializer.Serialize(bundle, Fhir)),
            });
        }
    }

    /// <summary>The identity a handover is built from; only asked for once the instance says it is recorded.</summary>
    internal async Task<ClientIdentity> RequiredIdentityAsync(Guid instanceId, CancellationToken cancellationToken) =>
        await IdentityAsync(instanceId, cancellationToken) ?? throw new InvalidOperationException($"Instance {instanceId} has no stored identity.");

    /// <summary>The documents of a handover, one per child (0: the prenatal one), built from the stored identity.</summary>
    public async Task<IReadOnlyList<Bundle>> BuildAsync(
        PathwayDefinition definition, InstanceState state, IReadOnlyList<InstanceEvent> journal, HandoverKind kind, IEnumerable<int> children,
        HandoverGrant grant, Actor author, DateTimeOffset now, int version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var identity = await RequiredIdentityAsync(state.Id, cancellationToken);
        return HandoverDocument.BuildEach(definition, state, journal, kind, children, identity, grant, author, now, version);
    }

    /// <summary>Moves the current document of a task and child to a new status (retrieved, acknowledged).</summary>
    internal async Task StageStatusAsync(Guid taskId, int child, HandoverStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = db.HandoverDocuments.Local.FirstOrDefault(h => h.TaskId == taskId && h.Child == child && h.Current)
            ?? await db.HandoverDocuments.SingleAsync(h => h.TaskId == taskId && h.Child == child && h.Current, cancellationToken);
        row.Status = status;
        row.UpdatedAt = at;
    }

    /// <summary>The document of a row, decrypted.</summary>
    public Bundle Open(HandoverDocumentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return JsonSerializer.Deserialize<Bundle>(OpenJson(record), Fhir)!;
    }

    /// <summary>The document of a row as its stored FHIR JSON, decrypted and not parsed (for answers that pass it on as it is).</summary>
    public string OpenJson(HandoverDocumentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Documents.Unprotect(record.Document);
    }
}
