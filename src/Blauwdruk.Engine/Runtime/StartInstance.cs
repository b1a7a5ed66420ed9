using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Start a pathway for one client: the pathway, its care team and, when the form gave it, who she is, as one
/// change that happens whole or not at all. The starting professional's organisation leads the care and
/// takes every role that the care team does not name. A second active pathway of the same organisation for
/// the same client reference or BSN is refused, naming the one that exists.
/// </summary>
public sealed partial record StartInstance(
    Guid InstanceId,
    string ClientReference,
    string Municipality,
    IReadOnlyDictionary<string, string> CareTeam) : InstanceCommand
{
    /// <summary>The expected delivery date, when known at the start; deadlines anchored on it get their due dates.</summary>
    public DateOnly? ExpectedDeliveryDate { get; init; }

    /// <summary>
    /// Commands that complete the start (who the client is), each decided on the pathway as started so far and
    /// by the same professional; a refusal of any of them refuses the start.
    /// </summary>
    public IReadOnlyList<InstanceCommand> Then { get; init; } = [];

    /// <summary>An active pathway of the starting organisation for the same client reference or BSN, looked up before the decision.</summary>
    internal Guid? Existing { get; init; }

    [GeneratedRegex("^GM[0-9]{4}$")]
    private static partial Regex MunicipalityCode();

    /// <summary>An instance that exists is not started again.</summary>
    internal override Decision Decide(PathwayDefinition definition, InstanceState state, DateTimeOffset now) => DecideStart(definition, state, now);

    internal Decision DecideStart(PathwayDefinition definition, InstanceState? state, DateTimeOffset now)
    {
        if (state is not null)
        {
            return Decision.Reject(RejectionKind.Conflict, "Dit traject is al gestart.");
        }

        if (definition.Status == PathwayStatus.Retired)
        {
            return Decision.Reject(RejectionKind.Conflict, $"Zorgpad '{definition.Id}' versie {definition.Version} is buiten gebruik; start op de actuele versie.");
        }

        if (!By.Roles.Any(role => definition.LeadRoles.Contains(role) && definition.FindRole(role) is not null))
        {
            return Decision.Reject(RejectionKind.Forbidden,
                $"Alleen een {string.Join(" of ", definition.LeadRoles.Select(definition.RoleLabel).Select(l => l.ToLowerInvariant()))} start een traject in zorgpad '{definition.Id}'.");
        }

        if (!MunicipalityCode().IsMatch(Municipality))
        {
            return Decision.Reject(RejectionKind.Invalid, $"Onbekende gemeentecode '{Municipality}': gebruik de CBS-code, bijvoorbeeld GM0599.");
        }

        var unknownRoles = CareTeam.Keys.Where(role => definition.FindRole(role) is null).ToList();
        if (unknownRoles.Count > 0)
        {
            return Decision.Reject(RejectionKind.Invalid, $"Het zorgteam noemt rollen die zorgpad '{definition.Id}' niet kent: {string.Join(", ", unknownRoles)}.");
        }

        if (ExpectedDeliveryDate is { } expected && RecordClinicalDate.DueDateProblem(expected, now) is { } dueDateProblem)
        {
            return Decision.Reject(RejectionKind.Invalid, dueDateProblem);
        }

        if (Existing is { } existing)
        {
            return Decision.Reject(new Rejection(RejectionKind.Conflict,
                "Voor deze cliënt loopt in uw organisatie al een traject (dezelfde cliëntreferentie of hetzelfde BSN); ga verder in dat traject.")
            { ExistingInstanceId = existing });
        }

        var careTeam = CareTeam.ToImmutableDictionary(StringComparer.Ordinal);
        foreach (var role in By.Roles.Where(role => definition.FindRole(role) is not null && !careTeam.ContainsKey(role)))
        {
            careTeam = careTeam.Add(role, By.OrganisationId);
        }

        if (definition.IsOperational && definition.Municipalities.All(m => m.Code != Municipality))
        {
            return Decision.Reject(RejectionKind.Invalid, $"Zorgpad '{definition.Title}' geldt niet voor gemeente {Municipality}.");
        }

        careTeam = WithRegionalOrganisations(definition, careTeam);

        var started = new InstanceStarted(
            InstanceId, definition.Id, definition.Version, ClientReference, Municipality, By.OrganisationId, careTeam)
        { At = now, By = By.UserId, ExpectedDeliveryDate = ExpectedDeliveryDate };
        var flow = new Flow(definition, Decider.Evolve(null, started), now);
        flow.Enter(definition.StartStepId, []);
        List<InstanceEvent> events = [started, .. flow.Events];
        var current = flow.State;
        foreach (var next in Then)
        {
            var decision = Decider.Decide(definition, current, next with { By = By }, now);
            if (decision.Rejection is not null)
            {
                return decision;
            }

            events.AddRange(decision.Events);
            current = decision.Events.Aggregate(current, Decider.Evolve);
        }

        return Decision.Accept(events);
    }

    /// <summary>
    /// In an operational pathway every role nobody named goes to the region's organisation for the
    /// client's municipality: the JGZ organisation of the municipality for the handover's recipient,
    /// the lead organisation when it holds the role itself, else the first organisation that holds it
    /// in that municipality.
    /// </summary>
    private ImmutableDictionary<string, string> WithRegionalOrganisations(PathwayDefinition definition, ImmutableDictionary<string, string> careTeam)
    {
        var municipality = definition.Municipalities.FirstOrDefault(m => m.Code == Municipality);
        if (municipality is null)
        {
            return careTeam;
        }

        foreach (var role in definition.Roles.Where(r => r.Assignment == RoleAssignment.Organisation && !careTeam.ContainsKey(r.Id)))
        {
            var candidates = definition.OrganisationsFor(role.Id, municipality.Code).ToList();
            var jgz = municipality.Jgz is { } jgzId && definition.Steps.Any(s => s.Recipient == role.Id)
                ? definition.FindOrganisation(jgzId)
                : null;
            // Each organisation has its own aandachtsfunctionaris: the lead keeps a role it holds itself.
            var own = definition.Organisations.FirstOrDefault(o => o.ActorId == By.OrganisationId && o.Roles.Contains(role.Id));
            var chosen = jgz ?? own ?? candidates.FirstOrDefault();
            if (chosen is not null)
            {
                careTeam = careTeam.Add(role.Id, chosen.ActorId);
            }
        }

        return careTeam;
    }
}
