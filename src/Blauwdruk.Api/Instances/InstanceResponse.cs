using Blauwdruk.Api.Tasks;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Api.Instances;

/// <summary>An instance as the API shows it: where the client's pathway stands and what is open.</summary>
public sealed record InstanceResponse(
    Guid Id,
    string PathwayId,
    string PathwayVersion,
    string Status,
    string ClientReference,
    string Municipality,
    IReadOnlyDictionary<string, string> CareTeam,
    DateTimeOffset StartedAt,
    string Phase,
    DateOnly? ExpectedDeliveryDate,
    DateOnly? BirthDate,
    IReadOnlyList<Newborn> Newborns,
    IReadOnlyList<TaskResponse> OpenTasks,
    IReadOnlyList<TimelineEntry>? Timeline)
{
    internal static InstanceResponse From(InstanceState state, PathwayDefinition definition, DateTimeOffset now, IReadOnlyList<TimelineEntry>? timeline = null) =>
        new(state.Id, state.PathwayId, state.PathwayVersion, state.Status.ToString().ToLowerInvariant(),
            state.ClientReference, state.Municipality, state.CareTeam, state.StartedAt,
            state.Phase.ToString().ToLowerInvariant(), state.ExpectedDeliveryDate, state.BirthDate, state.Newborns,
            state.OpenTasks.Select(t => TaskResponse.From(t, state, definition, now)).ToList(), timeline);
}
