using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>A start is whole or nothing, and a due date has to be one a pregnancy can have.</summary>
public sealed class StartAndDueDateTests : PathwayTest
{
    // The clock stands at 2 March 2026.
    private StartInstance Starting(DateOnly? due = null, params InstanceCommand[] then) =>
        new(InstanceId, "CL-1", "GM0599", new Dictionary<string, string>()) { By = Midwife, ExpectedDeliveryDate = due, Then = then };

    private static RecordIdentity Identity(DateOnly born) =>
        new(new ClientIdentity("111222333", "Jansen", "Eva", born)) { By = Midwife };

    [Fact]
    public void A_start_with_her_identity_records_both_in_one_decision()
    {
        GivenStandardPathway();
        var decision = Try(Starting(new DateOnly(2026, 9, 1), Identity(new DateOnly(1996, 3, 14))));

        Assert.Null(decision.Rejection);
        Assert.IsType<InstanceStarted>(decision.Events[0]);
        Assert.Single(decision.Events.OfType<ClientIdentified>());
        Assert.True(State!.Identified);
    }

    [Fact]
    public void A_start_whose_identity_is_refused_is_refused_whole()
    {
        GivenStandardPathway();
        // A birth date 5 years ago: not a pregnant client's.
        var decision = Try(Starting(new DateOnly(2026, 9, 1), Identity(new DateOnly(2021, 3, 14))));

        Assert.Equal(RejectionKind.Invalid, decision.Rejection?.Kind);
        Assert.Contains("geboortedatum", decision.Rejection!.Message);
        Assert.Empty(decision.Events);
        Assert.Null(State);
    }

    [Theory]
    [InlineData("2026-03-01", "in het verleden")]
    [InlineData("2027-01-03", "meer dan 10 maanden")]
    public void A_due_date_in_the_past_or_more_than_ten_months_ahead_is_refused_with_the_reason(string due, string reason)
    {
        GivenStandardPathway();
        var decision = Try(Starting(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(RejectionKind.Invalid, decision.Rejection?.Kind);
        Assert.Contains(reason, decision.Rejection!.Message);
        Assert.Null(State);
    }

    [Theory]
    [InlineData("2026-03-02")]
    [InlineData("2027-01-02")]
    public void Today_and_ten_months_ahead_are_due_dates_a_pregnancy_can_have(string due)
    {
        GivenStandardPathway();
        Assert.Null(Try(Starting(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture))).Rejection);
    }

    [Fact]
    public void Correcting_the_due_date_into_the_past_is_refused_and_changes_nothing()
    {
        GivenStandardPathway();
        Given(Starting(new DateOnly(2026, 9, 1)));
        var decision = Try(new RecordClinicalDate(DeadlineAnchor.ExpectedDeliveryDate, new DateOnly(2025, 9, 1)) { By = Midwife });

        Assert.Equal(RejectionKind.Invalid, decision.Rejection?.Kind);
        Assert.Equal(new DateOnly(2026, 9, 1), State!.ExpectedDeliveryDate);
    }

    [Fact]
    public void A_start_the_runner_found_a_duplicate_for_is_refused_naming_the_existing_pathway()
    {
        GivenStandardPathway();
        var existing = Guid.CreateVersion7();
        var decision = Try(Starting() with { Existing = existing });

        Assert.Equal(RejectionKind.Conflict, decision.Rejection?.Kind);
        Assert.Equal(existing, decision.Rejection!.ExistingInstanceId);
        Assert.Null(State);
    }
}
