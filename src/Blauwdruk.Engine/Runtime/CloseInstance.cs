using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Close a pathway before its end (the client moved away, transferred to another VSV), with a
/// reason; open tasks are cancelled. Done by the hoofdbehandelaar (a lead role of the lead organisation) or the care coordinator.
/// </summary>
public sealed record CloseInstance(string Reason) : InstanceCommand
{
    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
    {
        var coordinator = By.HasRole("zorgcoordinator") && state.CareTeam.GetValueOrDefault("zorgcoordinator") == By.OrganisationId;
        var lead = By.OrganisationId == state.LeadOrganisation && By.Roles.Any(definition.LeadRoles.Contains);
        if (!lead && !coordinator)
        {
            return Decision.Reject(RejectionKind.Forbidden, "Alleen de hoofdbehandelaar of de zorgcoördinator sluit een traject af.");
        }

        if (string.IsNullOrWhiteSpace(Reason))
        {
            return Decision.Reject(RejectionKind.Invalid, "Geef een reden voor het afsluiten.");
        }

        var events = state.OpenTasks
            .Select(t => (InstanceEvent)new TaskCancelled(t.Id, $"Traject afgesloten: {Reason.Trim()}") { At = now, By = By.UserId })
            .Append(new InstanceClosed(Reason.Trim()) { At = now, By = By.UserId })
            .ToList();
        return Decision.Accept(events);
    }
}
