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
    /// <summary>Where each handover stands: prepared (previewed), available, retrieved, acknowledged; per child after the birth.</summary>
    public IReadOnlyList<HandoverStatusResponse> Handovers { get; init; } = [];

    /// <param name="viewer">Who reads it: the Meldcode route's tasks are shown only to those who need to know.</param>
    internal static InstanceResponse From(InstanceState state, PathwayDefinition definition, Actor viewer, DateTimeOffset now, IReadOnlyList<TimelineEntry>? timeline = null) =>
        new(state.Id, state.PathwayId, state.PathwayVersion, state.Status.ToString().ToLowerInvariant(),
            state.ClientReference, state.Municipality, state.CareTeam, state.StartedAt,
            state.Phase.ToString().ToLowerInvariant(), state.ExpectedDeliveryDate, state.BirthDate, state.Newborns,
            Access.OpenTasks(definition, state, viewer).Select(t => TaskResponse.From(t, state, definition, now)).ToList(), timeline)
        {
            Handovers = state.PreparedHandovers.Keys.Where(task => state.Handovers.All(h => h.TaskId != task))
                .Select(task => new HandoverStatusResponse(task, null, null, "prepared"))
                .Concat(state.Handovers.Select(h => new HandoverStatusResponse(h.TaskId, h.Child == 0 ? null : h.Child, h.Version, h.Status.ToString().ToLowerInvariant())))
                .ToList(),
        };
}

/// <summary>One handover document's stage: <c>prepared</c> (previewed, not sent), <c>available</c>, <c>retrieved</c>, <c>acknowledged</c>.</summary>
public sealed record HandoverStatusResponse(Guid TaskId, int? Child, int? Version, string Status);
