using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// The handover's documents were prepared for the client to see (the preview): the first stage of a
/// handover (prepared → available → retrieved → acknowledged). Recorded once per content version.
/// </summary>
public sealed record PrepareHandover(Guid TaskId, string ContentVersion) : InstanceCommand
{
    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        if (state.FindTask(TaskId) is not { } task || !Access.IsOnCareTeam(definition, state, By))
        {
            return Decision.Reject(RejectionKind.NotFound, "Deze taak bestaat niet of is niet meer open.");
        }

        if (definition.Step(task.StepId).Handover is null)
        {
            return Decision.Reject(RejectionKind.Invalid, $"'{definition.Step(task.StepId).Label}' is geen overdracht.");
        }

        return state.PreparedHandovers.GetValueOrDefault(TaskId) == ContentVersion
            ? Decision.Accept([])
            : Decision.Accept([new HandoverPrepared(TaskId, ContentVersion) { At = now, By = By.UserId }]);
    }
}
