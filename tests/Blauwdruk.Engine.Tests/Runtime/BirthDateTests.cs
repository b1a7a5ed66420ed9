using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>A birth date is checked before the prenatal work is cancelled: not in the future, and far from the due date only with a reason.</summary>
public sealed class BirthDateTests : PathwayTest
{
    // The clock stands at 2 March 2026; she is due on 20 March.
    private void GivenDue()
    {
        GivenStandardPathway();
        Given(new StartInstance(InstanceId, "CL-1", "GM0599", new Dictionary<string, string>()) { By = Midwife, ExpectedDeliveryDate = new DateOnly(2026, 3, 20) });
    }

    private Decision Birth(DateOnly on, string? reason = null) =>
        Try(new RaiseSignal("birth") { By = Midwife, OccurredOn = on, Reason = reason });

    [Fact]
    public void A_birth_in_the_future_is_refused_and_the_prenatal_work_stays()
    {
        GivenDue();
        var decision = Birth(new DateOnly(2026, 3, 3));

        Assert.Contains("in de toekomst", decision.Rejection?.Message);
        Assert.Null(State!.BirthDate);
        Assert.Equal(InstancePhase.Prenatal, State.Phase);
    }

    [Fact]
    public void A_birth_more_than_six_weeks_early_needs_a_reason_which_the_journal_keeps()
    {
        GivenStandardPathway();
        Given(new StartInstance(InstanceId, "CL-1", "GM0599", new Dictionary<string, string>()) { By = Midwife, ExpectedDeliveryDate = new DateOnly(2026, 4, 20) });

        var refused = Birth(new DateOnly(2026, 3, 2));
        Assert.Contains("7 weken vóór de uitgerekende datum (20 april 2026)", refused.Rejection?.Message);
        Assert.Null(State!.BirthDate);

        Assert.Null(Birth(new DateOnly(2026, 3, 2), "Vroeggeboorte").Rejection);
        Assert.Equal("Vroeggeboorte", Journal.OfType<SignalRaised>().Single().Reason);
        Assert.Equal(new DateOnly(2026, 3, 2), State.BirthDate);
    }

    [Fact]
    public void A_birth_within_the_window_needs_no_reason()
    {
        GivenDue();
        Assert.Null(Birth(new DateOnly(2026, 3, 1)).Rejection);
    }

    [Fact]
    public void A_note_longer_than_the_limit_is_refused_with_its_length()
    {
        GivenDue();
        var decision = Try(new RaiseSignal("safety-concern") { By = Midwife, Note = new string('x', 501) });

        Assert.Contains("hoogstens 500 tekens; deze is 501", decision.Rejection?.Message);
        Assert.DoesNotContain(State!.OpenTasks, t => t.StepId == "VT_SIGNALS");
    }

    [Theory]
    [InlineData(-43, "6 weken en 1 dag vóór")]
    [InlineData(-42, null)]
    [InlineData(21, null)]
    [InlineData(28, "4 weken na")]
    public void The_window_runs_from_six_weeks_before_to_three_weeks_after_the_due_date(int days, string? outside)
    {
        var due = new DateOnly(2026, 6, 1);
        Assert.Equal(outside, RaiseSignal.OutsideTerm(due.AddDays(days), due));
    }
}
