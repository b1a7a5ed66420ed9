using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>An event that changes a task already open: the projection, the timeline and need-to-know follow it by <see cref="TaskId"/>.</summary>
public interface ITaskChange
{
    Guid TaskId { get; }
}

/// <summary>
/// What happened to an instance; appended to the journal, never changed. The type names are stored,
/// so renaming one needs a migration of the journal.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(InstanceStarted), "instance-started")]
[JsonDerivedType(typeof(TaskActivated), "task-activated")]
[JsonDerivedType(typeof(TaskCompleted), "task-completed")]
[JsonDerivedType(typeof(TaskClaimed), "task-claimed")]
[JsonDerivedType(typeof(TaskAssigned), "task-assigned")]
[JsonDerivedType(typeof(TaskStatusChanged), "task-status-changed")]
[JsonDerivedType(typeof(TaskCancelled), "task-cancelled")]
[JsonDerivedType(typeof(TaskDueChanged), "task-due-changed")]
[JsonDerivedType(typeof(TaskReminded), "task-reminded")]
[JsonDerivedType(typeof(TaskEscalated), "task-escalated")]
[JsonDerivedType(typeof(SignalRaised), "signal-raised")]
[JsonDerivedType(typeof(ClinicalDateRecorded), "clinical-date-recorded")]
[JsonDerivedType(typeof(NewbornsRecorded), "newborns-recorded")]
[JsonDerivedType(typeof(BirthRecorded), "birth-recorded")]
[JsonDerivedType(typeof(BirthCorrected), "birth-corrected")]
[JsonDerivedType(typeof(WaitEnded), "wait-ended")]
[JsonDerivedType(typeof(InstanceClosed), "instance-closed")]
[JsonDerivedType(typeof(DecisionTaken), "decision-taken")]
[JsonDerivedType(typeof(WaitStarted), "wait-started")]
[JsonDerivedType(typeof(WaitMoved), "wait-moved")]
[JsonDerivedType(typeof(JoinArrived), "join-arrived")]
[JsonDerivedType(typeof(JoinReset), "join-reset")]
[JsonDerivedType(typeof(PathEnded), "path-ended")]
[JsonDerivedType(typeof(InstanceCompleted), "instance-completed")]
[JsonDerivedType(typeof(ClientIdentified), "client-identified")]
[JsonDerivedType(typeof(ConsentRecorded), "consent-recorded")]
[JsonDerivedType(typeof(ConsentWithdrawn), "consent-withdrawn")]
[JsonDerivedType(typeof(HandoverRefused), "handover-refused")]
[JsonDerivedType(typeof(LegalGroundRecorded), "legal-ground-recorded")]
[JsonDerivedType(typeof(HandoverPrepared), "handover-prepared")]
[JsonDerivedType(typeof(HandoverSent), "handover-sent")]
[JsonDerivedType(typeof(HandoverRetrieved), "handover-retrieved")]
[JsonDerivedType(typeof(HandoverAcknowledged), "handover-acknowledged")]
public abstract record InstanceEvent
{
    public required DateTimeOffset At { get; init; }

    /// <summary>The user who caused it; null for the engine's own moves.</summary>
    public string? By { get; init; }
}

public sealed record InstanceStarted(
    Guid InstanceId,
    string PathwayId,
    string PathwayVersion,
    string ClientReference,
    string Municipality,
    string LeadOrganisation,
    ImmutableDictionary<string, string> CareTeam) : InstanceEvent
{
    public DateOnly? ExpectedDeliveryDate { get; init; }
}

public sealed record TaskActivated(
    Guid TaskId,
    string StepId,
    string Role,
    string OrganisationId,
    DateTimeOffset? DueAt) : InstanceEvent
{
    public ImmutableList<string> Calls { get; init; } = [];
}

public sealed record TaskCompleted(Guid TaskId, string? Outcome) : InstanceEvent, ITaskChange
{
    /// <summary>FHIR resources (JSON) added to the record with the completion, e.g. the screening's QuestionnaireResponse.</summary>
    public ImmutableList<string> Resources { get; init; } = [];

    /// <summary>A referral step: the organisation (the pathway's id) the client was referred to, from the step's referral options.</summary>
    public string? ReferredTo { get; init; }

    /// <summary>What the professional recorded in the step's note field (the Meldcode's signals); need-to-know like the task itself.</summary>
    public string? Note { get; init; }
}

public sealed record TaskClaimed(Guid TaskId) : InstanceEvent, ITaskChange;

public sealed record TaskCancelled(Guid TaskId, string Reason) : InstanceEvent, ITaskChange
{
    /// <summary>FHIR status failed rather than cancelled: attempted, but it could not be done.</summary>
    public bool Failed { get; init; }
}

public sealed record TaskAssigned(Guid TaskId, string UserId) : InstanceEvent, ITaskChange;

public sealed record TaskStatusChanged(Guid TaskId, PathwayTaskStatus Status, string? Reason) : InstanceEvent, ITaskChange;

/// <summary>A clinical date moved, and with it the due date of a task anchored on it.</summary>
public sealed record TaskDueChanged(Guid TaskId, DateTimeOffset? DueAt) : InstanceEvent, ITaskChange;

/// <summary>A reminder before the due date went out (an outbox message).</summary>
public sealed record TaskReminded(Guid TaskId) : InstanceEvent, ITaskChange;

/// <summary>The task is overdue: an escalation task opened for the escalation target.</summary>
public sealed record TaskEscalated(Guid TaskId, Guid EscalationTaskId, string Role, string OrganisationId) : InstanceEvent;

public sealed record SignalRaised(string SignalId, string OrganisationId, string? Note) : InstanceEvent
{
    /// <summary>Why a birth date far from the due date is right (more than 6 weeks before or 3 weeks after it).</summary>
    public string? Reason { get; init; }
}

public sealed record ClinicalDateRecorded(DeadlineAnchor Date, DateOnly Value) : InstanceEvent;

/// <summary>The children born, with their ids (the mother's pathway now also concerns them).</summary>
public sealed record NewbornsRecorded(ImmutableList<Newborn> Newborns) : InstanceEvent;

/// <summary>The birth's own bookkeeping: by which organisation, and what it ended and opened (see <see cref="RecordedBirth"/>).</summary>
public sealed record BirthRecorded(string OrganisationId) : InstanceEvent
{
    public ImmutableList<PathwayTask> Cancelled { get; init; } = [];
    public ImmutableList<Waiting> Ended { get; init; } = [];
    public ImmutableList<Guid> Opened { get; init; } = [];
    public ImmutableList<string> Waits { get; init; } = [];

    /// <summary>The joins whose arrived branches the birth dropped, by join key, with their count then.</summary>
    public ImmutableDictionary<string, int> Joins { get; init; } = ImmutableDictionary<string, int>.Empty;
}

/// <summary>
/// The birth was corrected, with the reason: to another date or number of children, or, with no date, undone
/// because she was not born yet (the pathway is back in pregnancy; the tasks it ended are reopened by the events that follow).
/// </summary>
public sealed record BirthCorrected(DateOnly? BornOn, int Newborns, string Reason) : InstanceEvent;

/// <summary>A wait step got its signal, or a timer step its moment.</summary>
public sealed record WaitEnded(string StepId) : InstanceEvent;

/// <summary>A timer step anchored on a clinical date got its moment, or moved with the date.</summary>
public sealed record WaitMoved(string StepId, DateTimeOffset? Until) : InstanceEvent;

public sealed record InstanceClosed(string Reason) : InstanceEvent;

/// <summary>A decision step chose a branch; <paramref name="Reason"/> says why, in Dutch.</summary>
public sealed record DecisionTaken(string StepId, string To, string Reason) : InstanceEvent;

/// <summary>A wait step waits for a signal, or a timer step for a moment.</summary>
public sealed record WaitStarted(string StepId, string? Event, DateTimeOffset? Until) : InstanceEvent
{
    public ImmutableList<string> Calls { get; init; } = [];
}

/// <summary>A branch arrived at a join; <paramref name="Completed"/> when it was the last one.</summary>
public sealed record JoinArrived(string StepId, string JoinKey, bool Completed) : InstanceEvent;

/// <summary>
/// A join's count of arrived branches was set: to 0 when an interrupt (the birth) ended a branch it waited for, so
/// that it can no longer complete and holds the pathway open; back to its count when a correction reopens that branch.
/// </summary>
public sealed record JoinReset(string StepId, string JoinKey, int Arrivals) : InstanceEvent;

/// <summary>A path reached an end step while other work goes on.</summary>
public sealed record PathEnded(string EndStepId) : InstanceEvent;

public sealed record InstanceCompleted(string EndStepId) : InstanceEvent;

/// <summary>The client's identity (BSN, name, birth date) was recorded; it is kept encrypted outside the journal.</summary>
public sealed record ClientIdentified : InstanceEvent
{
    /// <summary>The client has no BSN (yet): the handover names her by a temporary identifier.</summary>
    public bool WithoutBsn { get; init; }
}

/// <summary>
/// The client consented to a handover (<paramref name="Kind"/>; null for both) to <paramref name="Recipient"/>,
/// after seeing the preview; <paramref name="PreviewVersion"/> is the version of what she agreed to share
/// (the sections she did not leave out).
/// </summary>
public sealed record ConsentRecorded(HandoverKind? Kind, string Recipient, string? PreviewVersion, string OrganisationId) : InstanceEvent
{
    /// <summary>The parts (<see cref="HandoverParts.All"/>) she chose to leave out: they do not leave.</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];

    /// <summary>What she herself wants the JGZ nurse to know, in her words; sent marked as written by her.</summary>
    public string? OwnWords { get; init; }

    /// <summary>After the birth: who consented for the child's data, and in which capacity (a parent with parental authority, or the guardian).</summary>
    public ConsentGiver? ChildConsent { get; init; }

    /// <summary>She gave it herself on her own page; false: recorded with her by a professional in the practice.</summary>
    public bool ByClient { get; init; }
}

/// <summary>The client does not want this handover (<paramref name="Kind"/>; null for both) to leave at all; her care goes on.</summary>
public sealed record HandoverRefused(HandoverKind? Kind, string Recipient) : InstanceEvent
{
    public bool ByClient { get; init; }
}

/// <summary>The client withdrew her consent; a handover not yet sent will not leave.</summary>
public sealed record ConsentWithdrawn(HandoverKind? Kind, string Recipient) : InstanceEvent;

/// <summary>
/// Without consent, the aandachtsfunctionaris recorded a legal ground toward a recipient (for the JGZ:
/// for a handover of <paramref name="Kind"/>, null for both) with the reason. An event from before the
/// grounds were checked per recipient has no <see cref="Basis"/>; it opens no handover.
/// </summary>
public sealed record LegalGroundRecorded(HandoverKind? Kind, string Recipient, string Ground, string Reason, string OrganisationId) : InstanceEvent
{
    public ShareRecipient? RecipientKind { get; init; }
    public LegalBasis? Basis { get; init; }

    /// <summary>For a conflict of duties: the weighing, with the data it lets go.</summary>
    public ConflictOfDutiesWeighing? Weighing { get; init; }
}

/// <summary>A handover's documents were prepared and previewed for the client, with this content version.</summary>
public sealed record HandoverPrepared(Guid TaskId, string ContentVersion) : InstanceEvent;

/// <summary>
/// A handover became available to <paramref name="Recipient"/>: one document per child (prenatal: child 0),
/// as version <paramref name="Version"/>; a later version replaces the earlier one.
/// </summary>
public sealed record HandoverSent(Guid TaskId, HandoverKind Kind, ImmutableList<int> Children, string Recipient, int Version, bool UnderConsent) : InstanceEvent;

/// <summary>The recipient read a handover document.</summary>
public sealed record HandoverRetrieved(Guid TaskId, int Child, string OrganisationId) : InstanceEvent;

/// <summary>
/// The recipient confirmed it received a handover document, with an optional short note back to the sender
/// (as a pause carries its reason and a safety concern its note), for the sender's organisation to read.
/// </summary>
public sealed record HandoverAcknowledged(Guid TaskId, int Child, string OrganisationId) : InstanceEvent
{
    public string? Note { get; init; }
}
