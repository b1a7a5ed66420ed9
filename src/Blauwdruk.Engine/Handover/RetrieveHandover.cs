using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Handover;

/// <summary>The JGZ read a handover document (through the FHIR facade): its status moves from available to retrieved.</summary>
public sealed record RetrieveHandover(Guid TaskId, int Child) : InstanceCommand, IRecipientCommand
{
    internal override string? AccessPurpose(PathwayDefinition? definition) => Access.Handover;

    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        var handover = state.Handovers.FirstOrDefault(h => h.TaskId == TaskId && h.Child == Child);
        if (handover is null || !Access.Received(handover, By))
        {
            return Decision.Reject(RejectionKind.NotFound, "Deze overdracht bestaat niet.");
        }

        return handover.Status == HandoverStatus.Available
            ? Decision.Accept([new HandoverRetrieved(TaskId, Child, By.OrganisationId) { At = now, By = By.UserId }])
            : Decision.Accept([]);
    }
}
