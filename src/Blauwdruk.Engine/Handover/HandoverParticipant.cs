using Blauwdruk.Engine.Conformance;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// The handover's part in running a command (<see cref="ICommandParticipant"/>): before a send it draws up
/// the documents as they would leave now, so the decision can compare their content with the preview the
/// client consented to; after an accepted command it stages what the journal never holds: the encrypted
/// identity, the encrypted documents, and their status (retrieved, acknowledged). A document that does not
/// validate against nl-core never leaves: the send is refused, and the log names where (never what).
/// </summary>
internal sealed partial class HandoverParticipant(HandoverStore store, InstanceLoader loader, NlCoreValidator validator, ILogger<HandoverParticipant> logger) : ICommandParticipant
{
    public async ValueTask<InstanceCommand> PrepareAsync(PathwayDefinition definition, InstanceState? state, InstanceCommand command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (state is null)
        {
            // A start with a BSN: is she already in an active pathway of this organisation?
            return command is StartInstance { Existing: null } start && IdentityOf(start)?.Bsn is { } bsn
                ? start with { Existing = await store.ActiveInstanceOfAsync(bsn, start.By.OrganisationId, cancellationToken) }
                : command;
        }

        if (command is RecordIdentity { Existing: null, Identity.Bsn: { } identityBsn } identity)
        {
            // Her BSN in another active pathway of this organisation: one pathway per client.
            return identity with { Existing = await store.ActiveInstanceOfAsync(identityBsn, state.LeadOrganisation, cancellationToken, except: state.Id) };
        }

        if (command is RecordConsent consent)
        {
            return await CheckedAsync(definition, state, consent, now, cancellationToken);
        }

        if (command is not SendHandover send || send.Sendable(definition, state, now) is not { } kind)
        {
            return command;
        }

        var mother = await store.RequiredIdentityAsync(state.Id, cancellationToken);
        var prepared = send.WithDocuments(definition, state, await loader.JournalAsync(state.Id, cancellationToken), kind, mother, now);
        prepared = prepared with { Prepared = prepared.Prepared! with { MotherMinor = IsMinor(mother, now) } };
        var errors = prepared.Prepared!.Documents.SelectMany(d => validator.ValidateDocument(d).Issue.Where(NlCoreValidator.IsError)).ToList();
        if (errors.Count == 0)
        {
            return prepared;
        }

        // Locations and issue codes only: the validator's messages can quote names or a BSN.
        LogNonconformant(state.Id, send.TaskId, errors.Count, string.Join("; ", errors.Select(NlCoreValidator.Location).Distinct().Take(20)));
        return prepared with { Prepared = prepared.Prepared with { Nonconformant = errors.Count } };
    }

    /// <summary>
    /// A consent with what its decision checks: the preview drawn up now (its version, and the version of the
    /// sections she shares), and whether the mother is a minor (she cannot consent for the child's data).
    /// </summary>
    private async ValueTask<RecordConsent> CheckedAsync(PathwayDefinition definition, InstanceState state, RecordConsent consent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!state.Identified)
        {
            return consent;
        }

        var mother = await store.RequiredIdentityAsync(state.Id, cancellationToken);
        var author = Access.IsClient(state, consent.By) ? HandoverGrant.PracticeOf(state) : consent.By;
        string? full = null, shared = null;
        if (consent.Kind is { } kind && consent.PreviewVersion is not null && HandoverReadiness.Unbuildable(definition, state, kind) is null)
        {
            var documents = HandoverDocument.BuildEach(definition, state, await loader.JournalAsync(state.Id, cancellationToken), kind, HandoverReadiness.ChildrenOf(state, kind),
                mother, HandoverGrant.Preview(author, now), author, now, version: 1);
            full = HandoverDocument.ContentVersion(documents);
            shared = HandoverDocument.ContentVersion(documents, consent.LeftOut.ToList());
        }

        return consent with { Check = new ConsentCheck(full, shared, IsMinor(mother, now)) };
    }

    /// <summary>The identity a start records with it, if any.</summary>
    private static ClientIdentity? IdentityOf(StartInstance start) => start.Then.OfType<RecordIdentity>().LastOrDefault()?.Identity;

    /// <summary>Whether the mother is under 18 today (Dutch date).</summary>
    internal static bool IsMinor(ClientIdentity mother, DateTimeOffset now) => mother.BirthDate.AddYears(18) > DutchWorkingDays.DateOf(now);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handover of instance {InstanceId}, task {TaskId} not sent: {Count} nl-core validation errors at {Locations}")]
    private partial void LogNonconformant(Guid instanceId, Guid taskId, int count, string locations);

    public async ValueTask StageAsync(PathwayDefinition definition, InstanceState state, InstanceCommand command, IReadOnlyList<InstanceEvent> events, CancellationToken cancellationToken)
    {
        if (((command as RecordIdentity)?.Identity ?? (command is StartInstance start ? IdentityOf(start) : null)) is { } identity)
        {
            await store.StageIdentityAsync(state.Id, identity, events[0].At, cancellationToken);
        }

        foreach (var @event in events)
        {
            switch (@event)
            {
                case HandoverSent sent when command is SendHandover { Prepared: { } prepared }:
                    await store.StageDocumentsAsync(state.Id, sent, prepared.Documents, cancellationToken);
                    break;
                case HandoverSent:
                    throw new InvalidOperationException("A handover was sent without its documents drawn up first.");
                case HandoverRetrieved retrieved:
                    await store.StageStatusAsync(retrieved.TaskId, retrieved.Child, HandoverStatus.Retrieved, retrieved.At, cancellationToken);
                    break;
                case HandoverAcknowledged acknowledged:
                    await store.StageStatusAsync(acknowledged.TaskId, acknowledged.Child, HandoverStatus.Acknowledged, acknowledged.At, cancellationToken);
                    break;
            }
        }
    }
}
