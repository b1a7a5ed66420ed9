using Blauwdruk.Engine.Audit;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Handover;

/// <summary>A handover as it would be sent now: its documents, the version of their content, and a printable Dutch page.</summary>
public sealed record HandoverPreview(HandoverKind Kind, string Recipient, string ContentVersion, IReadOnlyList<Bundle> Documents, string Heading);

/// <summary>
/// Prepares the preview of a handover task's documents, for the client to see before she consents: built as
/// the handover would be now, with the consent still to be given, and recorded as the handover's first stage
/// (<see cref="PrepareHandover"/>, once per content version). Preparing is a command: reading a preview
/// elsewhere changes nothing.
/// </summary>
public sealed class HandoverPreviews(InstanceLoader loader, InstanceRunner runner, HandoverStore store, AccessLog access, TimeProvider time)
{
    /// <summary>
    /// Prepares the preview: draws it up (<see cref="DrawUpAsync"/>) and records that it was prepared, once per
    /// content version. The refusal (with the reason) when the task is not an open handover of the actor's care
    /// team, or the identity or the birth is missing; a refusal goes to the access log as any refused command.
    /// </summary>
    public async Task<(HandoverPreview? Preview, Rejection? Rejection)> PrepareAsync(Guid taskId, Actor actor, CancellationToken cancellationToken)
    {
        var (preview, rejection) = await DrawUpAsync(taskId, actor, cancellationToken);
        if (preview is null)
        {
            await access.RecordAsync(actor, AccessLog.Write, nameof(PrepareHandover), null, Access.Handover, AccessLog.Denied, rejection!.Kind.ToString(), cancellationToken);
            return (null, rejection);
        }

        var prepared = await runner.ExecuteOnTaskAsync(taskId, new PrepareHandover(taskId, preview.ContentVersion) { By = actor }, cancellationToken);
        return prepared.Rejection is { } refused ? (null, refused) : (preview, null);
    }

    /// <summary>The preview as it would be drawn up now, without recording anything (a read).</summary>
    public async Task<(HandoverPreview? Preview, Rejection? Rejection)> DrawUpAsync(Guid taskId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var state = await loader.ReadHoldingTaskAsync(taskId, cancellationToken);
        var definition = state is null ? null : loader.DefinitionOf(state);
        if (state is null || !Access.IsOnCareTeam(definition!, state, actor) || state.FindTask(taskId) is not { } task)
        {
            return (null, new Rejection(RejectionKind.NotFound, "Deze taak bestaat niet of is niet meer open."));
        }

        if (definition!.Step(task.StepId).Handover is not { } kind)
        {
            return (null, new Rejection(RejectionKind.Invalid, $"'{definition.Step(task.StepId).Label}' is geen overdracht."));
        }

        if (HandoverReadiness.Unbuildable(definition, state, kind) is { } reason)
        {
            return (null, new Rejection(RejectionKind.Conflict, reason));
        }

        var now = time.GetUtcNow();
        var documents = await store.BuildAsync(definition, state, await loader.JournalAsync(state.Id, cancellationToken), kind, HandoverReadiness.ChildrenOf(state, kind),
            HandoverGrant.Preview(actor, now), actor, now, version: 1, cancellationToken);
        var content = HandoverDocument.ContentVersion(documents);
        return (new HandoverPreview(kind, HandoverReadiness.RecipientOf(definition, state)!, content, documents, $"Voorbeeld: {definition.Step(task.StepId).Label}"), null);
    }
}
