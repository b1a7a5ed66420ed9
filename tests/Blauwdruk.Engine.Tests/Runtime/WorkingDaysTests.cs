using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Runtime.Scenarios;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>
/// "5 werkdagen" counts the working days of the client's pathway: Veilig Thuis's feedback (VT_FOLLOW,
/// within 5 working days, a reminder 1 working day before) asked for on the Thursday before Easter 2027
/// is due on Friday 2 April with the standard's calendar, where Good Friday is a working day, and on
/// Monday 5 April in a region whose overlay makes Good Friday a holiday.
/// </summary>
public class WorkingDaysTests() : PathwayTest(startsAt: new DateTimeOffset(2027, 3, 25, 9, 0, 0, TimeSpan.Zero))
{
    /// <summary>Thursday 25 March 2027, 10:00 in Amsterdam; Good Friday is 26 March, Easter Monday 29 March.</summary>
    private static readonly DateTimeOffset MaundyThursday = new(2027, 3, 25, 10, 0, 0, TimeSpan.FromHours(1));

    private static DateTimeOffset Amsterdam(int month, int day) => new(2027, month, day, 10, 0, 0, TimeSpan.FromHours(2));

    /// <summary>Rotterdam-Zuid's overlay, with Good Friday as a holiday.</summary>
    private static string RegionWithGoodFriday() =>
        TestPathways.Region("rijnmond-zuid").Replace("workingDays:\n  liberationDayEveryYear: false\n  goodFriday: false\n", "workingDays:\n  goodFriday: true\n", StringComparison.Ordinal);

    private static PathwayDefinition Operational(string overlay)
    {
        var merged = TestPathways.MergeOverlay(overlay);
        Assert.True(merged.IsValid, string.Join("\n", merged.Errors));
        return merged.Definition!;
    }

    /// <summary>The Meldcode up to the report to Veilig Thuis, all on the Thursday before Easter: VT_FOLLOW opens.</summary>
    private PathwayTask VeiligThuisIsAskedForFeedback()
    {
        Start();
        Raise("safety-concern");
        Complete("VT_SIGNALS");
        Complete("VT_CONSULT", "advies-veilig-thuis");
        Complete("VT_TALK", "gevoerd");
        Complete("VT_WEIGH");
        Given(new CompleteTask(OpenTask("VT_DECIDE").Id, "melden") { By = Midwife, Resources = [Afwegingskader.Report] });
        Complete("VT_REPORT");
        Assert.Equal(MaundyThursday, Clock.GetUtcNow());
        return ThenTaskIsOpen("VT_FOLLOW", role: "zorgcoordinator");
    }

    private void TickAt(DateTimeOffset at)
    {
        Clock.SetUtcNow(at);
        Given(new Tick { By = Tick.System });
    }

    [Fact]
    public void With_the_standards_calendar_good_friday_counts_and_the_feedback_is_due_on_friday_after_easter()
    {
        GivenStandardPathway();
        Assert.Equal(HolidayCalendar.Default, Definition.WorkingDays);

        var task = VeiligThuisIsAskedForFeedback();

        Assert.Equal(Amsterdam(4, 2), task.DueAt);
        TickAt(Amsterdam(4, 1));
        Assert.Single(Events.OfType<TaskReminded>());
        TickAt(Amsterdam(4, 2));
        Assert.Single(Events.OfType<TaskEscalated>());
    }

    [Fact]
    public void A_region_that_makes_good_friday_a_holiday_gets_the_feedback_a_working_day_later()
    {
        GivenPathway(Operational(RegionWithGoodFriday()));
        Assert.Equal(new HolidayCalendar(GoodFriday: true), Definition.WorkingDays);

        var task = VeiligThuisIsAskedForFeedback();

        Assert.Equal(Amsterdam(4, 5), task.DueAt);
        TickAt(Amsterdam(4, 1));
        Assert.Empty(Events);
        TickAt(Amsterdam(4, 2));
        Assert.Single(Events.OfType<TaskReminded>());
        TickAt(Amsterdam(4, 5));
        Assert.Single(Events.OfType<TaskEscalated>());
    }

    [Fact]
    public void A_region_without_a_calendar_of_its_own_keeps_the_standards()
    {
        var overlay = TestPathways.Region("rijnmond-zuid").Replace("workingDays:\n  liberationDayEveryYear: false\n  goodFriday: false\n", "", StringComparison.Ordinal);

        Assert.Equal(TestPathways.Standard.WorkingDays, Operational(overlay).WorkingDays);
    }

    [Theory]
    [InlineData(false, 4, 2)]
    [InlineData(true, 4, 5)]
    public void A_scenario_waits_in_the_working_days_of_its_pathway(bool goodFriday, int month, int day)
    {
        var yaml = $"""
            title: Terugkoppeling van Veilig Thuis rond Pasen
            pathway: ../blauwdruk.yaml
            start:
              at: 2027-03-25T10:00:00+01:00
              municipality: GM0599
              careTeam: {"{"} zorgcoordinator: vsv, aandachtsfunctionaris: praktijk {"}"}
            steps:
              - signal: safety-concern
                by: verloskundige
              - complete: VT_SIGNALS
              - complete: VT_CONSULT
                outcome: advies-veilig-thuis
              - complete: VT_TALK
                outcome: gevoerd
              - complete: VT_WEIGH
              - complete: VT_DECIDE
                outcome: melden
                answers: [vraag1.antwoord]
              - complete: VT_REPORT
              - expect: {"{"} due: {"{"} VT_FOLLOW: 2027-{month:00}-{day:00} {"}"} {"}"}
              - wait: 4 werkdagen
              - expect: {"{"} open: [VT_FOLLOW], escalated: [] {"}"}
              - wait: 1 werkdag
              - expect: {"{"} overdue: [VT_FOLLOW], escalated: [VT_FOLLOW] {"}"}
            """;
        var read = ScenarioReader.Read(yaml, "pasen.yaml", Path.Combine(TestPathways.Directory, "blauwdruk", "scenarios"));
        Assert.True(read.Errors.Count == 0, string.Join("\n", read.Errors));
        var pathway = TestPathways.Standard with { WorkingDays = new HolidayCalendar(GoodFriday: goodFriday) };

        var result = ScenarioRunner.Run(read.Scenario!, pathway);

        Assert.True(result.Passed, string.Join("\n", result.Failures));
        Assert.Equal(Amsterdam(month, day), Assert.Single(result.Journal.OfType<TaskEscalated>()).At);
    }
}
