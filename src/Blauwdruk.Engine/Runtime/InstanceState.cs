using System.Collections.Immutable;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Where one client's pathway stands. Built only by <see cref="Decider.Evolve"/> from the journal,
/// and stored as a snapshot next to it.
/// </summary>
public sealed record InstanceState
{
    public required Guid Id { get; init; }
    public required string PathwayId { get; init; }
    public required string PathwayVersion { get; init; }
    public required InstanceStatus Status { get; init; }

    /// <summary>The care provider's own reference for the client (never the BSN).</summary>
    public required string ClientReference { get; init; }

    /// <summary>CBS municipality code of the client's residence (e.g. GM0599), which picks the local organisations.</summary>
    public required string Municipality { get; init; }

    /// <summary>The organisation holding each role for this client.</summary>
    public required ImmutableDictionary<string, string> CareTeam { get; init; }

    /// <summary>The organisation that started the pathway and takes any role nobody else holds.</summary>
    public required string LeadOrganisation { get; init; }

    /// <summary>
    /// The open tasks. A finished task (completed, cancelled, failed) leaves the snapshot: the journal
    /// and the task projection keep it, so a command's cost does not grow with the client's history.
    /// </summary>
    public required ImmutableList<PathwayTask> Tasks { get; init; }

    /// <summary>How many tasks this instance has opened so far; the next task gets this number (see <see cref="Decider.TaskId"/>).</summary>
    public int TaskCount { get; init; }

    /// <summary>Wait and timer steps that are waiting for a signal or a moment.</summary>
    public ImmutableList<Waiting> Waiting { get; init; } = [];

    /// <summary>Per join step (and call stack), how many of its branches have arrived.</summary>
    public ImmutableDictionary<string, int> JoinArrivals { get; init; } = ImmutableDictionary<string, int>.Empty;

    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    public InstancePhase Phase { get; init; } = InstancePhase.Prenatal;

    /// <summary>The expected delivery date (à terme datum), when known.</summary>
    public DateOnly? ExpectedDeliveryDate { get; init; }

    /// <summary>The date of birth, once the birth is recorded.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>The FHIR resources collected so far (JSON): screenings, observations. Facts are evaluated over these.</summary>
    public ImmutableList<string> Record { get; init; } = [];

    /// <summary>The newborns, once the birth is recorded: one, or more for twins; each gets its own postnatal handover.</summary>
    public ImmutableList<Newborn> Newborns { get; init; } = [];

    /// <summary>Whether the client's identity is recorded (it is kept encrypted outside the state).</summary>
    public bool Identified { get; init; }

    /// <summary>Identified without a BSN (yet): a temporary identifier stands in for it until the BSN is recorded.</summary>
    public bool WithoutBsn { get; init; }

    /// <summary>What allows a handover to leave: consents and legal grounds, as recorded and not withdrawn.</summary>
    public ImmutableList<HandoverGrantRecord> Grants { get; init; } = [];

    /// <summary>The handovers the client refused as a whole (null: both); a later consent lifts the refusal.</summary>
    public ImmutableList<Pathways.HandoverKind?> Refused { get; init; } = [];

    /// <summary>Whether the client refused a handover of this kind.</summary>
    public bool Refuses(Pathways.HandoverKind kind) => Refused.Any(r => r is null || r == kind);

    /// <summary>Per handover task, the content version of the last preview prepared for the client.</summary>
    public ImmutableDictionary<Guid, string> PreparedHandovers { get; init; } = ImmutableDictionary<Guid, string>.Empty;

    /// <summary>The handover documents made available, the latest version of each (per task and child).</summary>
    public ImmutableList<SentHandover> Handovers { get; init; } = [];

    /// <summary>
    /// The grant for a handover to a recipient: the client's latest consent first (her choice per section for
    /// this handover over an earlier yes for both on the consent form), else a weighed conflict of
    /// duties that still holds (<see cref="HandoverGrantRecord.Holds"/>).
    /// </summary>
    public HandoverGrantRecord? GrantFor(Pathways.HandoverKind kind, string recipient, DateTimeOffset now) =>
        Grants.Where(g => g.Recipient == recipient && (g.Kind is null || g.Kind == kind) && g.Holds(now)).OrderByDescending(g => g.Consent).ThenByDescending(g => g.At).FirstOrDefault();

    /// <summary>The signals raised so far, in order.</summary>
    public ImmutableList<RaisedSignal> Signals { get; init; } = [];

    /// <summary>The birth as recorded and what it changed, so that its organisation can correct it (<see cref="CorrectBirth"/>); null before it.</summary>
    public RecordedBirth? Birth { get; init; }

    /// <summary>How many events the journal holds for this instance; the next event gets this number.</summary>
    public int EventCount { get; init; }

    /// <summary>
    /// The shape of the stored snapshot. A snapshot written in another shape is rebuilt from the
    /// journal when it is loaded; raise this when the state changes meaning.
    /// </summary>
    public int SnapshotFormat { get; init; }

    public const int CurrentSnapshotFormat = 2;

    /// <summary>Whether a task id belongs to this instance but the task is no longer open.</summary>
    public bool HadTask(Guid taskId) =>
        FindTask(taskId) is null && Enumerable.Range(0, TaskCount).Any(n => Decider.TaskId(Id, n) == taskId);

    public PathwayTask? FindTask(Guid taskId) => Tasks.FirstOrDefault(t => t.Id == taskId);

    public IEnumerable<PathwayTask> OpenTasks => Tasks;

    /// <summary>Whether anything is still running: an open task, a wait or a partly arrived join.</summary>
    public bool HasActiveWork => OpenTasks.Any() || !Waiting.IsEmpty || JoinArrivals.Values.Any(n => n > 0);

    /// <summary>
    /// Whether the actor is a care professional of this client's care team: they hold a role of the
    /// pathway, and their organisation leads the care or holds a role in it other than receiving a
    /// handover. A colleague in another role (a regional coordinator of the same VSV) sees nothing of the
    /// client; the JGZ sees only the handovers addressed to it and the tasks given to it, never the file.
    /// </summary>
    public bool IsOnCareTeam(Pathways.PathwayDefinition definition, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Roles.Any(role => definition.FindRole(role) is not null)
            && (LeadOrganisation == actor.OrganisationId
                || CareTeam.Any(member => member.Value == actor.OrganisationId && !definition.Steps.Any(s => s.Recipient == member.Key)));
    }
}

public enum InstanceStatus
{
    Active,
    Completed,

    /// <summary>Closed before its end, with a reason.</summary>
    Closed,
}

public enum InstancePhase
{
    Prenatal,
    Postnatal,
}

/// <summary>A child born in this pregnancy: its number (1, 2 for twins) and a stable id for its records.</summary>
public sealed record Newborn(int Number, Guid Id);

/// <summary>
/// Who recorded the birth, when, and what it changed: the prenatal tasks and waits it ended, the tasks and
/// waits it opened. A correction that finds she was not born yet puts these back.
/// </summary>
public sealed record RecordedBirth(DateTimeOffset At, string By, string OrganisationId)
{
    public ImmutableList<PathwayTask> Cancelled { get; init; } = [];
    public ImmutableList<Waiting> Ended { get; init; } = [];
    public ImmutableDictionary<string, int> Joins { get; init; } = ImmutableDictionary<string, int>.Empty;
    public ImmutableList<Guid> Opened { get; init; } = [];
    public ImmutableList<string> Waits { get; init; } = [];
}

public sealed record RaisedSignal(string SignalId, string By, string OrganisationId, DateTimeOffset At);

/// <summary>An open task of a pathway step, following the FHIR Task status machine.</summary>
public sealed record PathwayTask
{
    public required Guid Id { get; init; }
    public required string StepId { get; init; }
    public required string Role { get; init; }
    public required string OrganisationId { get; init; }
    public required PathwayTaskStatus Status { get; init; }
    public required DateTimeOffset ActivatedAt { get; init; }
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>The sub-pathway steps this task was reached through, innermost last; empty in the main flow.</summary>
    public ImmutableList<string> Calls { get; init; } = [];

    /// <summary>The user who claimed the task (status accepted).</summary>
    public string? Owner { get; init; }

    /// <summary>Why the task is on hold (Dutch).</summary>
    public string? Reason { get; init; }

    public DateTimeOffset? RemindedAt { get; init; }
    public DateTimeOffset? EscalatedAt { get; init; }

    /// <summary>For an escalation task: the overdue task it is about.</summary>
    public Guid? EscalationOf { get; init; }

    public bool IsOverdue(DateTimeOffset now) => DueAt is { } due && due <= now;
}

/// <summary>A wait or timer step that is waiting.</summary>
public sealed record Waiting(string StepId, ImmutableList<string> Calls)
{
    public string? Event { get; init; }
    public DateTimeOffset? Until { get; init; }
}

/// <summary>FHIR R4 Task.status values that pathway tasks use.</summary>
public enum PathwayTaskStatus
{
    Requested,
    Accepted,
    InProgress,
    OnHold,
    Completed,
    Cancelled,
    Failed,
}

/// <summary>A consent or a legal ground for handovers of a kind (null: both) to a recipient organisation.</summary>
public sealed record HandoverGrantRecord(Pathways.HandoverKind? Kind, string Recipient, bool Consent, string By, string OrganisationId, DateTimeOffset At)
{
    public string? PreviewVersion { get; init; }

    /// <summary>A consent: the parts she left out, her own words, who consented for the child, and whether she gave it herself.</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];

    public string? OwnWords { get; init; }
    public ConsentGiver? ChildConsent { get; init; }
    public bool ByClient { get; init; }

    public string? Ground { get; init; }
    public string? Reason { get; init; }

    /// <summary>Without consent: the ground, and for a conflict of duties its weighing.</summary>
    public LegalBasis? Basis { get; init; }

    public ConflictOfDutiesWeighing? Weighing { get; init; }

    /// <summary>
    /// Whether the grant lets a handover leave now: a consent (until withdrawn), or a conflict of duties
    /// until the end of the day its weighing names. The meldrecht and a ground without a basis (recorded
    /// before grounds were checked per recipient) never open a handover to the JGZ.
    /// </summary>
    public bool Holds(DateTimeOffset now) =>
        Consent || (Basis == LegalBasis.ConflictOfDuties && Weighing is { } weighing && weighing.Until >= DutchWorkingDays.DateOf(now));

    /// <summary>A weighed conflict of duties whose term has passed: it let data go once, and needs a new weighing now.</summary>
    public bool Expired(DateTimeOffset now) => Basis == LegalBasis.ConflictOfDuties && !Holds(now);
}

/// <summary>Where a handover document stands: available to the recipient, read by it, or acknowledged.</summary>
public enum HandoverStatus
{
    Available,
    Retrieved,
    Acknowledged,
}

/// <summary>A handover document made available: for a task and a child (0 before the birth), in its latest version.</summary>
public sealed record SentHandover(Guid TaskId, Pathways.HandoverKind Kind, int Child, string Recipient, int Version, HandoverStatus Status, DateTimeOffset SentAt);
