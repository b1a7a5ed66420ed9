using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// Make a handover step's document available to the JGZ: one per child after the birth. Only with
/// the client's recorded consent for it, or a recorded legal ground; otherwise the step waits and
/// nothing leaves. A consent names the content of the preview the client saw: if the content changed
/// since, nothing leaves. Sending again makes a new version that replaces the earlier one. The task
/// stays open (in progress) until the JGZ acknowledges receipt.
/// </summary>
public sealed record SendHandover(Guid TaskId) : InstanceCommand
{
    /// <summary>
    /// The documents as they would leave now, drawn up before the decision (<see cref="HandoverParticipant"/>);
    /// null when they cannot be drawn up yet, or where no documents are built (a scenario without them).
    /// </summary>
    public PreparedDocuments? Prepared { get; init; }

    internal override string? AccessPurpose(PathwayDefinition? definition) => Access.Handover;

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (TaskRules.Check(definition, state, TaskId, By) is { } refusal)
        {
            return refusal;
        }

        var task = state.FindTask(TaskId)!;
        var step = definition.Step(task.StepId);
        if (task.EscalationOf is not null || step.Handover is not { } kind)
        {
            return Decision.Reject(RejectionKind.Invalid, $"'{step.Label}' is geen overdracht.");
        }

        if (HandoverReadiness.Blocked(definition, state, kind, now) is { } reason)
        {
            return Decision.Reject(RejectionKind.Conflict, reason);
        }

        var recipient = HandoverReadiness.RecipientOf(definition, state)!;
        var grant = state.GrantFor(kind, recipient, now)!;
        if (grant is { Consent: true, PreviewVersion: { } seen } && Prepared is { ContentVersion: { } content } && seen != content)
        {
            return Decision.Reject(RejectionKind.Conflict,
                $"De inhoud van de overdracht is veranderd sinds de cliënt het voorbeeld zag (versie {seen}, nu {content}). "
                + "Laat haar het nieuwe voorbeeld zien en leg haar toestemming opnieuw vast; er is niets verstuurd.");
        }

        if (kind == HandoverKind.Postnatal && grant.Consent && Prepared is { MotherMinor: true } && (grant.ChildConsent ?? ConsentGiver.Mother).Capacity == ConsentCapacity.Mother)
        {
            return Decision.Reject(RejectionKind.Conflict, ConsentGiver.MinorMother + " Er is niets verstuurd.");
        }

        if (Prepared is { Nonconformant: > 0 } invalid)
        {
            return Decision.Reject(RejectionKind.Conflict,
                $"De overdracht voldoet niet aan de Nederlandse profielen (nl-core): {invalid.Nonconformant} fout(en). Er is niets verstuurd. "
                + "Meld dit bij de beheerder van Blauwdruk; het logboek noemt waar (zonder cliëntgegevens).");
        }

        var version = NextVersion(state, task.Id);
        var children = HandoverReadiness.ChildrenOf(state, kind);
        List<InstanceEvent> events = [new HandoverSent(task.Id, kind, [.. children], recipient, version, grant.Consent) { At = now, By = By.UserId }];
        if (task.Status != PathwayTaskStatus.InProgress)
        {
            events.Add(new TaskStatusChanged(task.Id, PathwayTaskStatus.InProgress, "Verstuurd; wacht op de ontvangstbevestiging van de JGZ.") { At = now, By = By.UserId });
        }

        return Decision.Accept(events);
    }

    /// <summary>The kind of handover whose documents this send would leave with now; null when the send would be refused before that.</summary>
    internal HandoverKind? Sendable(PathwayDefinition definition, InstanceState state, DateTimeOffset now) =>
        state.FindTask(TaskId) is { EscalationOf: null } task && definition.FindStep(task.StepId)?.Handover is { } kind && HandoverReadiness.Blocked(definition, state, kind, now) is null
            ? kind
            : null;

    /// <summary>This send with its documents drawn up as they would leave now (see <see cref="Prepared"/>), under the grant the instance holds.</summary>
    internal SendHandover WithDocuments(PathwayDefinition definition, InstanceState state, IReadOnlyList<InstanceEvent> journal, HandoverKind kind, ClientIdentity mother, DateTimeOffset now)
    {
        var grant = HandoverGrant.Of(state.GrantFor(kind, HandoverReadiness.RecipientOf(definition, state)!, now)!);
        var documents = HandoverDocument.BuildEach(definition, state, journal, kind, HandoverReadiness.ChildrenOf(state, kind), mother, grant, By, now, NextVersion(state, TaskId));
        return this with { Prepared = new PreparedDocuments(documents, HandoverDocument.ContentVersion(documents)) };
    }

    /// <summary>The version the next document of a handover task gets: 1, then one more for each correction.</summary>
    internal static int NextVersion(InstanceState state, Guid taskId) =>
        state.Handovers.Where(h => h.TaskId == taskId).Select(h => h.Version).DefaultIfEmpty(0).Max() + 1;
}

/// <summary>A handover's documents drawn up before the decision to send them: one per child, and the version of their content.</summary>
public sealed record PreparedDocuments(IReadOnlyList<Bundle> Documents, string ContentVersion)
{
    /// <summary>How many nl-core validation errors the documents have; any means nothing leaves.</summary>
    public int Nonconformant { get; init; }

    /// <summary>Whether the mother is under 18: then she cannot consent for the child's data.</summary>
    public bool MotherMinor { get; init; }
}
