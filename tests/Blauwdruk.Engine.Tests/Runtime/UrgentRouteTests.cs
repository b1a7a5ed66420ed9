using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>
/// Acute danger at the Meldcode's consultation speeds up the route: steps 3 to 5 and the report get their
/// urgent terms (DOMAIN.md §2.3 step 2 note: "accelerated when the danger is acute"), without skipping a step.
/// </summary>
public class UrgentRouteTests : PathwayTest
{
    public UrgentRouteTests()
    {
        GivenStandardPathway();
        Start();
        Raise("safety-concern");
        Complete("VT_SIGNALS");
    }

    [Fact]
    public void After_acute_danger_the_talk_the_weighing_and_the_decision_are_due_the_next_day()
    {
        Complete("VT_CONSULT", "acuut-gevaar");

        Assert.Equal(Clock.GetUtcNow().AddDays(1), ThenTaskIsOpen("VT_TALK").DueAt);
        Clock.Advance(TimeSpan.FromHours(2));
        Complete("VT_TALK", "gevoerd");
        Assert.Equal(Clock.GetUtcNow().AddDays(1), ThenTaskIsOpen("VT_WEIGH").DueAt);
        Complete("VT_WEIGH");
        Assert.Equal(Clock.GetUtcNow().AddDays(1), ThenTaskIsOpen("VT_DECIDE").DueAt);
        // The route's aandachtsfunctionaris and melder are still the raiser's organisation.
        Assert.Equal(Practice, ThenTaskIsOpen("VT_DECIDE").OrganisationId);
    }

    [Fact]
    public void Without_acute_danger_the_route_keeps_its_week()
    {
        Complete("VT_CONSULT", "advies-vastgelegd");

        Assert.Equal(Clock.GetUtcNow().AddDays(7), ThenTaskIsOpen("VT_TALK").DueAt);
    }

    [Fact]
    public void The_standard_shows_the_urgent_term_next_to_the_usual_one()
    {
        Assert.Equal("binnen 1 week (bij spoed binnen 1 dag)", Definition.Step("VT_TALK").Deadline!.ToString());
        Assert.True(Definition.Step("VT_CONSULT").Outcomes.Single(o => o.Id == "acuut-gevaar").Urgent);
    }

    [Fact]
    public void An_urgent_term_longer_than_the_usual_one_is_refused_where_it_is_written()
    {
        var read = PathwayReader.Read("""
            id: spoed
            version: 1.0.0
            title: Spoed
            roles:
              - id: verloskundige
                label: Verloskundige
            start: A
            steps:
              - id: A
                kind: task
                label: A
                role: verloskundige
                deadline:
                  within: P1D
                  urgent: P2D
                next: EINDE
              - id: EINDE
                kind: end
                label: Einde
            """, "spoed.yaml");

        Assert.Contains(read.Errors, e => e.ToString().StartsWith("spoed.yaml:15:15: 'urgent' is een kortere termijn", StringComparison.Ordinal));
    }
}
