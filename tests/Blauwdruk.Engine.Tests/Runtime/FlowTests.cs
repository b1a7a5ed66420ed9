using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>How the runtime follows decisions, parallel branches, joins, sub-pathways and waits.</summary>
public class FlowTests : PathwayTest
{
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

    // Friday 24 April 2026, 09:00 in Amsterdam: five working days run over King's Day.
    public FlowTests()
        : base(startsAt: new DateTimeOffset(2026, 4, 24, 7, 0, 0, TimeSpan.Zero)) => GivenPathway(Pathway);

    [Fact]
    public void A_decision_without_a_holding_condition_takes_its_default_and_says_why()
    {
        Start();

        var decision = Assert.Single(Events.OfType<DecisionTaken>());
        Assert.Equal(("KEUZE", "SPLITS", "geen voorwaarde geldt: standaardtak"), (decision.StepId, decision.To, decision.Reason));
    }

    [Fact]
    public void A_parallel_step_opens_every_branch()
    {
        Start();

        Assert.Equal(["LINKS", "RECHTS"], OpenSteps());
    }

    [Fact]
    public void A_working_day_deadline_skips_kings_day()
    {
        Start();

        Assert.Equal(new DateTimeOffset(2026, 5, 4, 7, 0, 0, TimeSpan.Zero), OpenTask("LINKS").DueAt);
    }

    [Fact]
    public void A_join_waits_for_every_branch()
    {
        Start();

        Complete("LINKS");
        Assert.Equal(["RECHTS"], OpenSteps());
        Assert.Empty(State!.Waiting);

        Complete("RECHTS");
        Assert.Empty(OpenSteps());
        Assert.Equal("WACHT", Assert.Single(State.Waiting).StepId);
        Assert.Equal("geboorte", State.Waiting[0].Event);
        Assert.Empty(State.JoinArrivals);
    }

    [Fact]
    public void A_subpathway_runs_and_returns_to_the_step_after_it()
    {
        Start();
        Complete("RECHTS", outcome: "omweg");

        var sideTask = OpenTask("ZIJ");
        Assert.Equal(["OMWEG"], sideTask.Calls);

        Complete("ZIJ");
        Complete("LINKS");

        Assert.Empty(OpenSteps());
        Assert.Equal("WACHT", Assert.Single(State!.Waiting).StepId);
    }

    [Fact]
    public void An_unknown_outcome_is_refused_with_the_choices()
    {
        Start();

        var decision = TryComplete("RECHTS", "snelweg");

        Assert.Equal(RejectionKind.Invalid, decision.Rejection?.Kind);
        Assert.Equal("Onbekende uitkomst 'snelweg' voor 'Rechts'; kies uit: omweg.", decision.Rejection?.Message);
    }

    [Fact]
    public void Replaying_a_flow_with_branches_and_joins_gives_the_same_state()
    {
        Start();
        Complete("RECHTS", outcome: "omweg");
        Complete("LINKS");

        var replayed = Decider.Replay(Journal)!;

        Assert.Equal(State!.Tasks, replayed.Tasks);
        Assert.Equal(State.JoinArrivals, replayed.JoinArrivals);
        Assert.Equal(State.Waiting, replayed.Waiting);
    }
}
