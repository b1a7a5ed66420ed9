using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>A timer step anchored on a clinical date waits for that date, and moves with it.</summary>
public class TimerTests : PathwayTest
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

    public TimerTests() => GivenPathway(Pathway);

    private void RecordDueDate(int month, int day) =>
        Given(new RecordClinicalDate(DeadlineAnchor.ExpectedDeliveryDate, new DateOnly(2026, month, day)) { By = Midwife });

    [Fact]
    public void Without_the_date_the_timer_waits_for_an_unknown_moment_and_gets_it_when_the_date_is_recorded()
    {
        Start();
        Assert.Null(Assert.Single(State!.Waiting).Until);

        RecordDueDate(6, 30);

        // The end of the Dutch day four weeks before 30 June: 2 June, 24:00 in Amsterdam (summer time).
        var moved = Assert.Single(Events.OfType<WaitMoved>());
        Assert.Equal(new DateTimeOffset(2026, 6, 2, 22, 0, 0, TimeSpan.Zero), moved.Until);
        Assert.Equal(moved.Until, Assert.Single(State.Waiting).Until);
        Assert.Equal(moved.Until, Deadlines.NextDue(Pathway, State));
    }

    [Fact]
    public void A_corrected_due_date_moves_the_timer_and_it_fires_on_the_new_moment()
    {
        Start();
        RecordDueDate(6, 30);

        RecordDueDate(7, 7);

        var until = Assert.Single(State!.Waiting).Until;
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 22, 0, 0, TimeSpan.Zero), until);
        var line = Timeline.Describe(Pathway, State, Assert.Single(Events.OfType<WaitMoved>()));
        Assert.Equal("wachten verschoven: Vier weken voor de à terme datum, tot 10 juni 2026, 00:00", line);

        // At the old moment nothing happens; at the new one the home visit opens.
        Clock.SetUtcNow(new DateTimeOffset(2026, 6, 3, 0, 0, 0, TimeSpan.Zero));
        Given(new Tick { By = Tick.System });
        Assert.Empty(State.OpenTasks);
        Clock.SetUtcNow(until!.Value);
        Given(new Tick { By = Tick.System });
        Assert.Equal("HUISBEZOEK", Assert.Single(State.OpenTasks).StepId);
        Assert.Empty(State.Waiting);
    }

    [Fact]
    public void The_same_date_again_moves_nothing()
    {
        Start();
        RecordDueDate(6, 30);

        RecordDueDate(6, 30);

        Assert.Empty(Events.OfType<WaitMoved>());
    }
}
