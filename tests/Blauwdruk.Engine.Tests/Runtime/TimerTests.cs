using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>A timer step anchored on a clinical date waits for that date, and moves with it.</summary>
public class TimerTests
{
    private static readonly PathwayDefinition Pathway = PathwayReader.Read("""
        id: wacht
        version: 1.0.0
        title: Wacht
        roles:
          - id: verloskundige
            label: Verloskundige
        start: VOOR_ATERM
        steps:
          - id: VOOR_ATERM
            kind: timer
            label: Vier weken voor de à terme datum
            until:
              before: expectedDeliveryDate
              by: P4W
            next: HUISBEZOEK
          - id: HUISBEZOEK
            kind: task
            label: Huisbezoek
            role: verloskundige
            next: EINDE
          - id: EINDE
            kind: end
            label: Einde
        """, "wacht.yaml").GetValidDefinition();

    private static readonly Actor Midwife = new("verloskundige-1", ["verloskundige"], "ura:90000101");

    private DateTimeOffset _now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private InstanceState? _state;
    private List<InstanceEvent> _events = [];

    private void Given(InstanceCommand command)
    {
        var decision = Decider.Decide(Pathway, _state, command, _now);
        Assert.Null(decision.Rejection);
        _events = [.. decision.Events];
        _state = decision.Events.Aggregate(_state, Decider.Evolve);
    }

    private void RecordDueDate(int month, int day) =>
        Given(new RecordClinicalDate(DeadlineAnchor.ExpectedDeliveryDate, new DateOnly(2026, month, day)) { By = Midwife });

    [Fact]
    public void Without_the_date_the_timer_waits_for_an_unknown_moment_and_gets_it_when_the_date_is_recorded()
    {
        Given(new StartInstance(Guid.NewGuid(), "CL-1", "GM0599", new Dictionary<string, string>()) { By = Midwife });
        Assert.Null(Assert.Single(_state!.Waiting).Until);

        RecordDueDate(6, 30);

        // The end of the Dutch day four weeks before 30 June: 2 June, 24:00 in Amsterdam (summer time).
        var moved = Assert.Single(_events.OfType<WaitMoved>());
        Assert.Equal(new DateTimeOffset(2026, 6, 2, 22, 0, 0, TimeSpan.Zero), moved.Until);
        Assert.Equal(moved.Until, Assert.Single(_state.Waiting).Until);
        Assert.Equal(moved.Until, Deadlines.NextDue(Pathway, _state));
    }

    [Fact]
    public void A_corrected_due_date_moves_the_timer_and_it_fires_on_the_new_moment()
    {
        Given(new StartInstance(Guid.NewGuid(), "CL-1", "GM0599", new Dictionary<string, string>()) { By = Midwife });
        RecordDueDate(6, 30);

        RecordDueDate(7, 7);

        var until = Assert.Single(_state!.Waiting).Until;
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 22, 0, 0, TimeSpan.Zero), until);
        var line = Timeline.Describe(Pathway, _state, Assert.Single(_events.OfType<WaitMoved>()));
        Assert.Equal("wachten verschoven: Vier weken voor de à terme datum, tot 2026-06-10 00:00", line);

        // At the old moment nothing happens; at the new one the home visit opens.
        _now = new DateTimeOffset(2026, 6, 3, 0, 0, 0, TimeSpan.Zero);
        Given(new Tick { By = Tick.System });
        Assert.Empty(_state.OpenTasks);
        _now = until!.Value;
        Given(new Tick { By = Tick.System });
        Assert.Equal("HUISBEZOEK", Assert.Single(_state.OpenTasks).StepId);
        Assert.Empty(_state.Waiting);
    }

    [Fact]
    public void The_same_date_again_moves_nothing()
    {
        Given(new StartInstance(Guid.NewGuid(), "CL-1", "GM0599", new Dictionary<string, string>()) { By = Midwife });
        RecordDueDate(6, 30);

        RecordDueDate(6, 30);

        Assert.Empty(_events.OfType<WaitMoved>());
    }
}
