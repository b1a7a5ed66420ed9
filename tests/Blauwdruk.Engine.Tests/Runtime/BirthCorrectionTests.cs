using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>
/// A birth recorded by mistake is corrected within a day by the organisation that recorded it, with the reason:
/// its date and the number of children move, or, not born yet, what it ended comes back. All of it journaled.
/// </summary>
public sealed class BirthCorrectionTests : PathwayTest
{
    private const string Hospital = "ura:90000102";
    private static readonly Actor Gynaecologist = new("gynaecoloog-1", ["gynaecoloog"], Hospital);

    // The clock stands at 2 March 2026; she is due on 20 March; the hospital's gynaecologist is on her care team.
    private void GivenBorn()
    {
        GivenStandardPathway();
        Given(new StartInstance(InstanceId, "CL-1", "GM0599", new Dictionary<string, string> { ["gynaecoloog"] = Hospital }) { By = Midwife, ExpectedDeliveryDate = new DateOnly(2026, 3, 20) });
        Clock.Advance(TimeSpan.FromHours(1));
        Given(new RaiseSignal("birth") { By = Midwife, OccurredOn = new DateOnly(2026, 3, 2) });
        Clock.Advance(TimeSpan.FromHours(2));
    }

    [Fact]
    public void Not_born_yet_reopens_the_prenatal_tasks_with_their_deadlines_and_ends_what_the_birth_opened()
    {
        GivenStandardPathway();
        Given(new StartInstance(InstanceId, "CL-1", "GM0599", new Dictionary<string, string>()) { By = Midwife, ExpectedDeliveryDate = new DateOnly(2026, 3, 20) });
        var before = State!.OpenTasks.Select(t => (t.StepId, t.Role, t.OrganisationId, t.DueAt)).Order().ToArray();
        Assert.NotEmpty(before);
        Clock.Advance(TimeSpan.FromHours(1));
        Given(new RaiseSignal("birth") { By = Midwife, OccurredOn = new DateOnly(2026, 3, 2) });
        Assert.Equal(["BIRTH"], OpenSteps());
        Clock.Advance(TimeSpan.FromHours(2));

        Given(new CorrectBirth("Verkeerde cliënt aangeklikt") { By = Midwife, NotBorn = true });

        Assert.Equal(InstancePhase.Prenatal, State!.Phase);
        Assert.Null(State.BirthDate);
        Assert.Empty(State.Newborns);
        Assert.Null(State.Birth);
        Assert.Equal(before, State.OpenTasks.Select(t => (t.StepId, t.Role, t.OrganisationId, t.DueAt)).Order().ToArray());
        Assert.Contains(Events, e => e is TaskCancelled { Reason: "Vervallen: de geboorte was ten onrechte vastgelegd" });
        Assert.Equal("Verkeerde cliënt aangeklikt", Assert.Single(Journal.OfType<BirthCorrected>()).Reason);
        Assert.Contains("geboorte teruggedraaid: zij was nog niet geboren — Verkeerde cliënt aangeklikt",
            Events.Select(e => Timeline.Describe(Definition, State, e)));

        // When she is born, the birth is recorded again as any birth.
        Given(new RaiseSignal("birth") { By = Midwife, OccurredOn = new DateOnly(2026, 3, 2) });
        Assert.Equal(["BIRTH"], OpenSteps());
        Assert.Equal(InstancePhase.Postnatal, State.Phase);
    }

    [Fact]
    public void The_date_and_the_number_of_children_move_and_the_journal_keeps_the_reason()
    {
        GivenBorn();

        Given(new CorrectBirth("Geboren vlak voor middernacht") { By = Midwife, BornOn = new DateOnly(2026, 3, 1), Newborns = 2 });

        Assert.Equal(new DateOnly(2026, 3, 1), State!.BirthDate);
        Assert.Equal(2, State.Newborns.Count);
        Assert.Equal(InstancePhase.Postnatal, State.Phase);
        Assert.Equal(["BIRTH"], OpenSteps());
        var corrected = Assert.Single(Journal.OfType<BirthCorrected>());
        Assert.Equal((new DateOnly(2026, 3, 1), 2, "Geboren vlak voor middernacht"), (corrected.BornOn, corrected.Newborns, corrected.Reason));
        Assert.Contains(Events, e => e is ClinicalDateRecorded { Date: DeadlineAnchor.BirthDate });
    }

    [Fact]
    public void Another_organisation_of_the_care_team_may_not_correct_and_nothing_changes()
    {
        GivenBorn();

        var decision = Try(new CorrectBirth("Verkeerd") { By = Gynaecologist, NotBorn = true });

        Assert.Equal(RejectionKind.Forbidden, decision.Rejection?.Kind);
        Assert.Contains("die de geboorte vastlegde", decision.Rejection?.Message);
        Assert.Equal(InstancePhase.Postnatal, State!.Phase);
    }

    [Fact]
    public void After_a_day_the_birth_can_no_longer_be_corrected()
    {
        GivenBorn();
        Clock.Advance(TimeSpan.FromDays(1));

        var decision = Try(new CorrectBirth("Verkeerd") { By = Midwife, NotBorn = true });

        Assert.Equal(RejectionKind.Conflict, decision.Rejection?.Kind);
        Assert.Contains("tot een dag daarna", decision.Rejection?.Message);
        Assert.NotNull(State!.BirthDate);
    }

    [Fact]
    public void Once_work_after_the_birth_is_done_it_cannot_be_undone_only_corrected()
    {
        GivenBorn();
        Complete("BIRTH", "levend-geboren");

        var undo = Try(new CorrectBirth("Verkeerd") { By = Midwife, NotBorn = true });
        Assert.Contains("Na de geboorte is al gewerkt", undo.Rejection?.Message);
        Assert.NotNull(State!.BirthDate);

        Given(new CorrectBirth("Datum verkeerd overgenomen") { By = Midwife, BornOn = new DateOnly(2026, 3, 1) });
        Assert.Equal(new DateOnly(2026, 3, 1), State.BirthDate);
    }

    [Theory]
    [InlineData("", null, "de reden van de correctie")]
    [InlineData("Verkeerd", 2, "in de toekomst")]
    [InlineData("Verkeerd", 0, "Er verandert niets")]
    public void A_correction_without_reason_to_the_future_or_changing_nothing_is_refused(string reason, int? daysFromBirth, string problem)
    {
        GivenBorn();

        var decision = Try(new CorrectBirth(reason) { By = Midwife, BornOn = daysFromBirth is { } days ? new DateOnly(2026, 3, 2).AddDays(days) : new DateOnly(2026, 3, 1) });

        Assert.Contains(problem, decision.Rejection?.Message);
        Assert.Equal(new DateOnly(2026, 3, 2), State!.BirthDate);
    }

    [Fact]
    public void The_birth_date_does_not_change_on_its_own_through_the_clinical_dates()
    {
        GivenBorn();

        Assert.Contains("Geboorte corrigeren", Try(new RecordClinicalDates(null, new DateOnly(2026, 3, 1)) { By = Midwife }).Rejection?.Message);
        Assert.Contains("Geboorte corrigeren", Try(new RecordClinicalDate(DeadlineAnchor.BirthDate, new DateOnly(2026, 3, 1)) { By = Midwife }).Rejection?.Message);
        Assert.Null(Try(new RecordClinicalDates(new DateOnly(2026, 3, 21), new DateOnly(2026, 3, 2)) { By = Midwife }).Rejection);
        Assert.Equal(new DateOnly(2026, 3, 2), State!.BirthDate);
    }
    [Fact]
    public void A_birth_while_one_preparation_branch_is_done_drops_the_join_so_the_pathway_can_end_and_undoing_it_puts_the_branch_back()
    {
        GivenStandardPathway();
        Given(new StartInstance(InstanceId, "CL-1", "GM0599", new Dictionary<string, string>()) { By = Midwife, ExpectedDeliveryDate = new DateOnly(2026, 3, 20) });
        Complete("INTAKE");
        Complete("ID_BSN", "geverifieerd");
        Complete("SCREEN_PPS", "niet-afgenomen");
        Complete("RESCREEN", "geen-zorgen");
        Complete("BIRTHPLAN");
        Assert.Equal(1, State!.JoinArrivals["PREPARED"]);
        Assert.Equal(["KRAAM_INTAKE"], OpenSteps());

        // Born before the kraamzorg intake: that branch ends, so the join can never complete and is dropped.
        Raise("birth");
        Assert.Empty(State.JoinArrivals);
        Assert.Contains(Events, e => e is JoinReset { JoinKey: "PREPARED", Arrivals: 0 });

        // Not born after all: the intake is back, the birth plan still counts as done, and the intake completes the join.
        Clock.Advance(TimeSpan.FromHours(1));
        Given(new CorrectBirth("Verkeerde cliënt aangeklikt") { By = Midwife, NotBorn = true });
        Assert.Equal(1, State.JoinArrivals["PREPARED"]);
        var intake = OpenTask("KRAAM_INTAKE");
        Complete("KRAAM_INTAKE", "gedaan", new Actor("kraamverzorgende-1", [intake.Role], intake.OrganisationId));
        Assert.Contains(State.Waiting, w => w.StepId == "AWAIT_BIRTH");
    }
}
