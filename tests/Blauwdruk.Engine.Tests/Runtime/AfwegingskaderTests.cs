using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>
/// Step 5 of the Meldcode in the standard: the afwegingskader's answers, each with a justification,
/// decide which outcomes the professional may choose (DOMAIN.md §2.3). A refused completion changes nothing.
/// </summary>
public class AfwegingskaderTests : PathwayTest
{
    public AfwegingskaderTests()
    {
        GivenStandardPathway();
        Start();
        Raise("safety-concern");
        Complete("VT_SIGNALS");
        Complete("VT_CONSULT", "advies-vastgelegd");
        Complete("VT_TALK", "gevoerd");
        Complete("VT_WEIGH");
    }

    private Decision Decide(string outcome, string answers) =>
        Try(new CompleteTask(OpenTask("VT_DECIDE").Id, outcome) { By = Midwife, Resources = [answers] });

    [Fact]
    public void Acute_unsafety_makes_help_only_impossible_and_the_refusal_names_the_rule()
    {
        var acute = Afwegingskader.Answers("afwegingskader", (1, true, "Blauwe plekken, partner dreigt"), (2, true, "Dreiging neemt toe"), (3, true, "POP-poli en wijkteam"), (4, true, "Zij wil hulp"));
        var recordBefore = State!.Record.Count;

        var helpOnly = Decide("hulp-en-volgen", acute);
        var close = Decide("afsluiten", acute);

        Assert.Equal(RejectionKind.Invalid, helpOnly.Rejection?.Kind);
        Assert.Contains("Bij acute of structurele onveiligheid is melden bij Veilig Thuis altijd nodig (afwegingskader, vraag 2", helpOnly.Rejection!.Message, StringComparison.Ordinal);
        Assert.Contains("afwegingskader, vraag 1", close.Rejection!.Message, StringComparison.Ordinal);
        Assert.Empty(helpOnly.Events);
        Assert.Equal(recordBefore, State!.Record.Count);
        Assert.Equal(PathwayTaskStatus.Requested, OpenTask("VT_DECIDE").Status);

        Assert.Null(Decide("melden-en-hulp", acute).Rejection);
        ThenTaskIsOpen("VT_REPORT");
    }

    [Fact]
    public void Without_the_answers_or_without_a_justification_no_outcome_can_be_chosen()
    {
        var none = Try(new CompleteTask(OpenTask("VT_DECIDE").Id, "melden") { By = Midwife });
        var unjustified = Decide("melden", Afwegingskader.Answers("afwegingskader", (1, true, ""), (2, false, "Geen acuut gevaar"), (3, false, "Buiten mijn vak")));
        var halfAnswered = Decide("melden", Afwegingskader.Answers("afwegingskader", (1, true, "Signalen")));

        Assert.Contains("Vul bij 'Stap 5: beslissen met het afwegingskader' de vragenlijst", none.Rejection!.Message, StringComparison.Ordinal);
        Assert.All(new[] { unjustified, halfAnswered }, refused =>
            Assert.Contains("Beantwoord eerst de vragen van het afwegingskader", refused.Rejection!.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_answers_of_an_earlier_meldcode_route_do_not_decide_a_new_one()
    {
        Assert.Null(Decide("afsluiten", Afwegingskader.Answers("afwegingskader", (1, false, "Geen vermoeden na het gesprek"))).Rejection);
        Raise("safety-concern");
        Complete("VT_SIGNALS");
        Complete("VT_CONSULT", "advies-vastgelegd");
        Complete("VT_TALK", "gevoerd");
        Complete("VT_WEIGH");

        var reused = Try(new CompleteTask(OpenTask("VT_DECIDE").Id, "afsluiten") { By = Midwife });

        Assert.Contains("de keuze weegt de antwoorden van nu", reused.Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_that_is_not_possible_or_not_accepted_means_a_report_and_help_and_monitor_is_re_weighed_at_question_5()
    {
        var refusedHelp = Afwegingskader.Answers("afwegingskader", (1, true, "Signalen"), (2, false, "Niet acuut"), (3, true, "Wijkteam"), (4, false, "Partner weigert"));
        Assert.Contains("vraag 3 en 4", Decide("hulp-en-volgen", refusedHelp).Rejection!.Message, StringComparison.Ordinal);

        Assert.Null(Decide("hulp-en-volgen", Afwegingskader.Answers("afwegingskader", (1, true, "Signalen"), (2, false, "Niet acuut"), (3, true, "Wijkteam"), (4, true, "Zij doet mee"))).Rejection);
        var monitor = OpenTask("VT_MONITOR");
        Assert.NotNull(monitor.DueAt);

        var notEffective = Afwegingskader.Answers("afwegingskader-vraag-5", (5, false, "Nieuwe incidenten"));
        var claimedEffective = Try(new CompleteTask(monitor.Id, "effectief") { By = Actor("zorgcoordinator"), Resources = [notEffective] });
        Assert.Contains("(opnieuw) melden nodig", claimedEffective.Rejection!.Message, StringComparison.Ordinal);

        Given(new CompleteTask(monitor.Id, "niet-effectief") { By = Actor("zorgcoordinator"), Resources = [notEffective] });
        ThenTaskIsOpen("VT_REPORT");
    }

    [Fact]
    public void A_report_is_followed_by_the_feedback_the_help_agreed_with_veilig_thuis_and_monitoring()
    {
        Assert.Null(Decide("melden", Afwegingskader.Answers("afwegingskader", (1, true, "Signalen"), (2, false, "Niet acuut"), (3, false, "Geen hulp mogelijk"))).Rejection);
        Complete("VT_REPORT");
        Given(new CompleteTask(OpenTask("VT_FOLLOW").Id, "vt-verwijst") { By = Actor("zorgcoordinator") });
        Given(new CompleteTask(OpenTask("VT_HELP").Id, "hulp-afgesproken") { By = Actor("zorgcoordinator") });

        ThenTaskIsOpen("VT_MONITOR");
    }

    /// <summary>Whoever holds a role for this client: with the standard's care team everything is the lead practice's.</summary>
    private static Actor Actor(string role) => new($"{role}-1", [role], Practice);
}
