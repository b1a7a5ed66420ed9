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
    DateTimeOffset? DueAt) : InstanceEvent;

public sealed record TaskCompleted(Guid TaskId, string? Outcome) : InstanceEvent;

public sealed record InstanceCompleted(string EndStepId) : InstanceEvent;
