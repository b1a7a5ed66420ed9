using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// What happened to an instance; appended to the journal, never changed. The type names are stored,
/// so renaming one needs a migration of the journal.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(InstanceStarted), "instance-started")]
[JsonDerivedType(typeof(TaskActivated), "task-activated")]
[JsonDerivedType(typeof(TaskCompleted), "task-completed")]
[JsonDerivedType(typeof(DecisionTaken), "decision-taken")]
[JsonDerivedType(typeof(WaitStarted), "wait-started")]
[JsonDerivedType(typeof(JoinArrived), "join-arrived")]
[JsonDerivedType(typeof(PathEnded), "path-ended")]
[JsonDerivedType(typeof(InstanceCompleted), "instance-completed")]
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
    ImmutableDictionary<string, string> CareTeam) : InstanceEvent;

public sealed record TaskActivated(
    Guid TaskId,
    string StepId,
    string Role,
    string OrganisationId,
    DateTimeOffset? DueAt) : InstanceEvent
{
    public ImmutableList<string> Calls { get; init; } = [];
}

public sealed record TaskCompleted(Guid TaskId, string? Outcome) : InstanceEvent;

/// <summary>A decision step chose a branch; <paramref name="Reason"/> says why, in Dutch.</summary>
public sealed record DecisionTaken(string StepId, string To, string Reason) : InstanceEvent;

/// <summary>A wait step waits for a signal, or a timer step for a moment.</summary>
public sealed record WaitStarted(string StepId, string? Event, DateTimeOffset? Until) : InstanceEvent
{
    public ImmutableList<string> Calls { get; init; } = [];
}

/// <summary>A branch arrived at a join; <paramref name="Completed"/> when it was the last one.</summary>
public sealed record JoinArrived(string StepId, string JoinKey, bool Completed) : InstanceEvent;

/// <summary>A path reached an end step while other work goes on.</summary>
public sealed record PathEnded(string EndStepId) : InstanceEvent;

public sealed record InstanceCompleted(string EndStepId) : InstanceEvent;
