using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// A feature that takes part in running a command without the runner knowing it (the handover: its
/// encrypted identity and documents). Before the decision it loads what the decision needs into the
/// command, so that the decider, replay and <c>simulate</c> see every rule; after an accepted decision it
/// stages what leaves the journal in the same unit of work as the events, so both commit or neither.
/// </summary>
public interface ICommandParticipant
{
    /// <summary>The command with what its decision needs; the command itself when this participant has nothing to add. <paramref name="state"/> is null before a start.</summary>
    ValueTask<InstanceCommand> PrepareAsync(PathwayDefinition definition, InstanceState? state, InstanceCommand command, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Stages the rows beside the events of an accepted command; <paramref name="state"/> is the state after them.</summary>
    ValueTask StageAsync(PathwayDefinition definition, InstanceState state, InstanceCommand command, IReadOnlyList<InstanceEvent> events, CancellationToken cancellationToken);
}
