using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>How the runtime follows decisions, parallel branches, joins, sub-pathways and waits.</summary>
public class FlowTests
{
    private const string Practice = "ura:90000101";

    private static readonly PathwayDefinition Pathway = PathwayReader.Read("""
        id: stroom
        version: 1.0.0
        title: Stroom
        roles:
          - id: verloskundige
            label: Verloskundige
        facts:
          - id: aantal
            label: Aantal
            expression: "%record.count()"
        start: KEUZE
        steps:
          - id: KEUZE
            kind: decision
            label: Keuze
            transitions:
              - to: EINDE
                when: "%aantal > 5"
              - to: SPLITS
                default: true
          - id: SPLITS
            kind: parallel
            label: Splitsen
            branches: [LINKS, RECHTS]
          - id: LINKS
            kind: task
            label: Links
            role: verloskundige
            deadline: 5 werkdagen
            next: SAMEN
          - id: RECHTS
            kind: task
            label: Rechts
            role: verloskundige
            outcomes:
              - id: omweg
                label: Omweg
            transitions:
              - to: OMWEG
                outcome: omweg
              - to: RECHTS_KLAAR
                default: true
          - id: OMWEG
            kind: subpathway
            label: Omweg
            subpathway: zij
            next: RECHTS_KLAAR
          - id: RECHTS_KLAAR
            kind: merge
            label: Rechts klaar
            next: SAMEN
          - id: SAMEN
            kind: join
            label: Samen
            next: WACHT
          - id: WACHT
            kind: wait
            label: Wacht op geboorte
            event: geboorte
            next: EINDE
          - id: EINDE
            kind: end
            label: Einde
        subpathways:
          - id: zij
            title: Zijpad
            start: ZIJ
            steps:
              - id: ZIJ
                kind: task
                label: Zij
                role: verloskundige
                next: ZIJ_EINDE
              - id: ZIJ_EINDE
                kind: end
                label: Zij einde
        signals:
          - id: geboorte
            label: Geboorte
        """, "stroom.yaml").GetValidDefinition();

    private static readonly Actor Midwife = new("verloskundige-1", ["verloskundige"], Practice);

    // Friday 24 April 2026, 09:00 in Amsterdam: five working days run over King's Day.
    private readonly DateTimeOffset _now = new(2026, 4, 24, 7, 0, 0, TimeSpan.Zero);
    private InstanceState? _state;
    private List<InstanceEvent> _events = [];

    private void Given(InstanceCommand command)
    {
        var decision = Decider.Decide(Pathway, _state, command, _now);
        Assert.Null(decision.Rejection);
        _events = [.. decision.Events];
        foreach (var @event in decision.Events)
        {
            _state = Decider.Evolve(_state, @event);
        }
    }

    private void Start() => Given(new StartInstance(Guid.NewGuid(), "CL-1", "GM0599", new Dictionary<string, string>()) { By = Midwife });

    private void Complete(string stepId, string? outcome = null) =>
        Given(new CompleteTask(_state!.OpenTasks.Single(t => t.StepId == stepId).Id, outcome) { By = Midwife });

    private string[] Open() => _state!.OpenTasks.Select(t => t.StepId).Order().ToArray();

    [Fact]
    public void A_decision_without_a_holding_condition_takes_its_default_and_says_why()
    {
        Start();

        var decision = Assert.Single(_events.OfType<DecisionTaken>());
        Assert.Equal(("KEUZE", "SPLITS", "geen voorwaarde geldt: standaardtak"), (decision.StepId, decision.To, decision.Reason));
    }

    [Fact]
    public void A_parallel_step_opens_every_branch()
    {
        Start();

        Assert.Equal(["LINKS", "RECHTS"], Open());
    }

    [Fact]
    public void A_working_day_deadline_skips_kings_day()
    {
        Start();

        Assert.Equal(new DateTimeOffset(2026, 5, 4, 7, 0, 0, TimeSpan.Zero), _state!.OpenTasks.Single(t => t.StepId == "LINKS").DueAt);
    }

    [Fact]
    public void A_join_waits_for_every_branch()
    {
        Start();

        Complete("LINKS");
        Assert.Equal(["RECHTS"], Open());
        Assert.Empty(_state!.Waiting);

        Complete("RECHTS");
        Assert.Empty(Open());
        Assert.Equal("WACHT", Assert.Single(_state.Waiting).StepId);
        Assert.Equal("geboorte", _state.Waiting[0].Event);
        Assert.Empty(_state.JoinArrivals);
    }

    [Fact]
    public void A_subpathway_runs_and_returns_to_the_step_after_it()
    {
        Start();
        Complete("RECHTS", outcome: "omweg");

        var sideTask = _state!.OpenTasks.Single(t => t.StepId == "ZIJ");
        Assert.Equal(["OMWEG"], sideTask.Calls);

        Complete("ZIJ");
        Complete("LINKS");

        Assert.Empty(Open());
        Assert.Equal("WACHT", Assert.Single(_state.Waiting).StepId);
    }

    [Fact]
    public void An_unknown_outcome_is_refused_with_the_choices()
    {
        Start();
        var task = _state!.OpenTasks.Single(t => t.StepId == "RECHTS");

        var decision = Decider.Decide(Pathway, _state, new CompleteTask(task.Id, "snelweg") { By = Midwife }, _now);

        Assert.Equal(RejectionKind.Invalid, decision.Rejection?.Kind);
        Assert.Equal("Onbekende uitkomst 'snelweg' voor 'Rechts'; kies uit: omweg.", decision.Rejection?.Message);
    }

    [Fact]
    public void Replaying_a_flow_with_branches_and_joins_gives_the_same_state()
    {
        var journal = new List<InstanceEvent>();
        Start();
        journal.AddRange(_events);
        Complete("RECHTS", outcome: "omweg");
        journal.AddRange(_events);
        Complete("LINKS");
        journal.AddRange(_events);

        var replayed = Decider.Replay(journal)!;

        Assert.Equal(_state!.Tasks, replayed.Tasks);
        Assert.Equal(_state.JoinArrivals, replayed.JoinArrivals);
        Assert.Equal(_state.Waiting, replayed.Waiting);
    }
}
