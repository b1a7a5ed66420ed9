using System.Collections.Immutable;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Rules;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.FhirPath;

namespace Blauwdruk.Engine.Runtime;

/// <summary>
/// Moves tokens through the pathway graph within one decision: every emitted event is folded into
/// <see cref="State"/> at once, so a join sees the branches that arrived earlier in the same move.
/// A sub-pathway started by a signal carries its raiser's organisation as a call marker
/// (<c>@organisation</c>), which the Meldcode's <c>melder</c> role resolves to.
/// </summary>
internal sealed class Flow(PathwayDefinition definition, InstanceState state, DateTimeOffset now)
{
    private static readonly FhirJsonDeserializer Fhir = new();

    private RecordEvaluation? _record;

    public InstanceState State { get; private set; } = state;

    public List<InstanceEvent> Events { get; } = [];

    public void Emit(InstanceEvent @event)
    {
        Events.Add(@event);
        State = Decider.Evolve(State, @event);
        if (@event is TaskCompleted { Resources.Count: > 0 })
        {
            _record = null;
        }
    }

    /// <summary>Whether a condition holds over the record as it stands in this move (with the resources a completion just brought).</summary>
    public bool Holds(CompiledExpression condition)
    {
        _record ??= new RecordEvaluation(definition, State.Record.Select(json => (Resource)Fhir.DeserializeResource(json)));
        return _record.Holds(condition);
    }

    /// <summary>Activate a step: open its task, take its decision, start its branches, or wait.</summary>
    public void Enter(string stepId, ImmutableList<string> calls)
    {
        var step = definition.Step(stepId);
        switch (step.Kind)
        {
            case StepKind.Task or StepKind.Handover:
                var role = step.Role!;
                Emit(new TaskActivated(
                    Decider.TaskId(State.Id, State.TaskCount),
                    step.Id,
                    role,
                    OrganisationFor(role, calls),
                    Deadlines.DueAt(definition.WorkingDays, IsUrgent(calls) && step.Deadline?.Urgent is { } urgent ? step.Deadline with { Duration = urgent } : step.Deadline, now, State))
                { At = now, Calls = calls });
                break;
            case StepKind.Decision:
                var (to, reason) = Choose(step, outcome: null);
                Emit(new DecisionTaken(step.Id, to, reason) { At = now });
                Enter(to, calls);
                break;
            case StepKind.Parallel:
                foreach (var branch in step.Successors)
                {
                    Enter(branch, calls);
                }

                break;
            case StepKind.Join:
                var key = calls.IsEmpty ? step.Id : $"{step.Id}@{string.Join('/', calls)}";
                var expected = PathwayChecks.IncomingArrows(definition, step.Id);
                var completed = State.JoinArrivals.GetValueOrDefault(key) + 1 >= expected;
                Emit(new JoinArrived(step.Id, key, completed) { At = now });
                if (completed)
                {
                    Leave(step, calls, outcome: null);
                }

                break;
            case StepKind.Merge:
                Leave(step, calls, outcome: null);
                break;
            case StepKind.Wait:
                Emit(new WaitStarted(step.Id, step.Event, null) { At = now, Calls = calls });
                break;
            case StepKind.Timer:
                Emit(new WaitStarted(step.Id, null, Deadlines.DueAt(definition.WorkingDays, step.Until, now, State)) { At = now, Calls = calls });
                break;
            case StepKind.Subpathway:
                Enter(definition.FindSubpathway(step.Subpathway!)!.StartStepId, calls.Add(step.Id));
                break;
            case StepKind.End when calls.Count > 0 && !calls[^1].StartsWith('@'):
                Leave(definition.Step(calls[^1]), calls.RemoveAt(calls.Count - 1), outcome: null);
                break;
            case StepKind.End when State.HasActiveWork:
                Emit(new PathEnded(step.Id) { At = now });
                break;
            case StepKind.End:
                Emit(new InstanceCompleted(step.Id) { At = now });
                break;
        }
    }

    /// <summary>A step is done: follow its transitions.</summary>
    public void Leave(StepDefinition step, ImmutableList<string> calls, string? outcome)
    {
        if (step.Kind == StepKind.Parallel)
        {
            Enter(step.Id, calls);
            return;
        }

        // An urgent outcome (acute danger) marks the route it was chosen in: "@organisation!".
        if (outcome is not null && step.Outcomes.FirstOrDefault(o => o.Id == outcome) is { Urgent: true })
        {
            calls = calls.ConvertAll(c => c.StartsWith('@') && !c.EndsWith('!') ? c + "!" : c);
        }

        Enter(Choose(step, outcome).To, calls);
    }

    /// <summary>Whether the route these calls belong to was marked urgent.</summary>
    private static bool IsUrgent(ImmutableList<string> calls) => calls.Any(c => c.StartsWith('@') && c.EndsWith('!'));

    /// <summary>Starts a sub-pathway beside the running pathway, for the organisation that raised the signal.</summary>
    public void StartBeside(SubpathwayDefinition subpathway, string raiserOrganisation) =>
        Enter(subpathway.StartStepId, [$"@{raiserOrganisation}"]);

    /// <summary>The role every organisation that can raise a safety concern has or names (the standard's invariant).</summary>
    private const string AttentionOfficer = "aandachtsfunctionaris";

    /// <summary>
    /// The organisation that does a role's work: the raiser's for the raiser role; within a route a signal
    /// started, the aandachtsfunctionaris the raising organisation has or names; else the care team's.
    /// </summary>
    public string OrganisationFor(string role, ImmutableList<string> calls)
    {
        var raiser = calls.FirstOrDefault(c => c.StartsWith('@'))?[1..].TrimEnd('!');
        if (definition.FindRole(role)?.Assignment == RoleAssignment.Raiser)
        {
            return raiser ?? State.LeadOrganisation;
        }

        if (role == AttentionOfficer && raiser is not null && definition.Organisations.FirstOrDefault(o => o.ActorId == raiser) is { } raising)
        {
            if (raising.Roles.Contains(role))
            {
                return raising.ActorId;
            }

            if (raising.Aandachtsfunctionaris is { } named && definition.FindOrganisation(named) is { } consulted)
            {
                return consulted.ActorId;
            }
        }

        return State.CareTeam.GetValueOrDefault(role, State.LeadOrganisation);
    }

    /// <summary>The transition to take: the chosen outcome's, else the first condition that holds, else the default.</summary>
    private (string To, string Reason) Choose(StepDefinition step, string? outcome)
    {
        if (step.Transitions is [{ IsUnconditional: true } only])
        {
            return (only.To, "enige vervolgstap");
        }

        if (outcome is not null && step.Transitions.FirstOrDefault(t => t.Outcome == outcome) is { } chosen)
        {
            return (chosen.To, $"uitkomst '{outcome}'");
        }

        _record ??= new RecordEvaluation(definition, State.Record.Select(json => (Resource)Fhir.DeserializeResource(json)));
        foreach (var transition in step.Transitions.Where(t => t.Condition is not null))
        {
            if (_record.Holds(transition.Condition!))
            {
                return (transition.To, $"voorwaarde {transition.When} geldt");
            }
        }

        var fallback = step.Transitions.First(t => t.IsDefault);
        return (fallback.To, "geen voorwaarde geldt: standaardtak");
    }
}
