using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;

namespace Blauwdruk.Engine.Tests.Runtime;

public class DeciderTests : PathwayTest
{
    private const string Hospital = "ura:90000102";

    private static readonly PathwayDefinition Pathway = PathwayReader.Read("""
        id: proef
        version: 1.0.0
        title: Proefpad
        roles:
          - id: verloskundige
            label: Verloskundige
          - id: gynaecoloog
            label: Gynaecoloog
        start: INTAKE
        steps:
          - id: INTAKE
            label: Intake
            kind: task
            role: verloskundige
            deadline: P14D
            next: CONSULT
          - id: CONSULT
            label: Consult gynaecoloog
            kind: task
            role: gynaecoloog
            next: CLOSE
          - id: CLOSE
            kind: end
            label: Einde
        """, "proef.yaml").GetValidDefinition();

    private static readonly Actor Gynaecologist = new("gynaecoloog-1", ["gynaecoloog"], Hospital);
    private static readonly Actor OtherMidwife = new("verloskundige-2", ["verloskundige"], "ura:90000201");

    public DeciderTests() => GivenPathway(Pathway);

    [Fact]
    public void Starting_opens_the_intake_for_the_midwifes_practice_due_in_two_weeks()
    {
        var decision = Start("CL-1", by: Midwife);

        Assert.Null(decision.Rejection);
        var intake = OpenTask("INTAKE");
        Assert.Equal("verloskundige", intake.Role);
        Assert.Equal(Practice, intake.OrganisationId);
        Assert.Equal(PathwayTaskStatus.Requested, intake.Status);
        Assert.Equal(Clock.GetUtcNow().AddDays(14), intake.DueAt);
        Assert.Equal(Practice, State!.CareTeam["verloskundige"]);
    }

    [Fact]
    public void Completing_the_intake_opens_the_consult_for_the_hospital_on_the_care_team()
    {
        Start("CL-1", by: Midwife, careTeam: new() { ["gynaecoloog"] = Hospital });
        Clock.Advance(Days(3));

        var decision = Complete("INTAKE", by: Midwife);

        Assert.Null(decision.Rejection);
        Assert.Equal(["TaskCompleted", "TaskActivated"], decision.Events.Select(e => e.GetType().Name));
        var consult = OpenTask("CONSULT");
        Assert.Equal(Hospital, consult.OrganisationId);
        Assert.Null(consult.DueAt);
        var completed = Assert.IsType<TaskCompleted>(decision.Events[0]);
        Assert.Equal((Clock.GetUtcNow(), "verloskundige-1"), (completed.At, completed.By));
        Assert.DoesNotContain(State!.Tasks, t => t.StepId == "INTAKE");
        Assert.Equal(2, State.TaskCount);
    }

    [Fact]
    public void A_role_nobody_on_the_care_team_holds_falls_to_the_lead_organisation()
    {
        Start("CL-1", by: Midwife);

        Complete("INTAKE", by: Midwife);

        Assert.Equal(Practice, OpenTask("CONSULT").OrganisationId);
    }

    [Fact]
    public void Completing_the_last_task_ends_the_pathway()
    {
        Start("CL-1", by: Midwife, careTeam: new() { ["gynaecoloog"] = Hospital });
        Complete("INTAKE", by: Midwife);

        Complete("CONSULT", by: Gynaecologist);

        Assert.Equal(InstanceStatus.Completed, State!.Status);
        Assert.Empty(State.OpenTasks);
        Assert.IsType<InstanceCompleted>(Journal[^1]);
    }

    [Fact]
    public void Only_the_tasks_role_may_complete_it()
    {
        Start("CL-1", by: Midwife, careTeam: new() { ["gynaecoloog"] = Practice });
        Complete("INTAKE", by: Midwife);
        var before = State;

        var decision = TryComplete("CONSULT", by: Midwife);

        Assert.Equal(RejectionKind.Forbidden, decision.Rejection?.Kind);
        Assert.Equal("Deze taak is voor de rol 'Gynaecoloog' van een andere organisatie of rol dan de uwe.", decision.Rejection?.Message);
        Assert.Empty(decision.Events);
        Assert.Same(before, State);
    }

    [Fact]
    public void A_professional_outside_the_care_team_does_not_learn_the_task_exists()
    {
        Start("CL-1", by: Midwife);

        var decision = TryComplete("INTAKE", by: OtherMidwife);

        Assert.Equal(RejectionKind.NotFound, decision.Rejection?.Kind);
    }

    [Fact]
    public void A_completed_task_cannot_be_completed_again()
    {
        Start("CL-1", by: Midwife);
        var intake = OpenTask("INTAKE");
        Complete("INTAKE", by: Midwife);

        var decision = Try(new CompleteTask(intake.Id, null) { By = Midwife });

        Assert.Equal(RejectionKind.Conflict, decision.Rejection?.Kind);
        Assert.Equal("Deze taak is al afgesloten (afgerond, vervallen of mislukt).", decision.Rejection?.Message);
    }

    [Theory]
    [InlineData("0599")]
    [InlineData("GM599")]
    [InlineData("Rotterdam")]
    public void A_municipality_must_be_a_cbs_code(string municipality)
    {
        var decision = TryStart("CL-1", by: Midwife, municipality: municipality);

        Assert.Equal(RejectionKind.Invalid, decision.Rejection?.Kind);
        Assert.Null(State);
    }

    [Fact]
    public void A_care_team_role_the_pathway_does_not_know_is_refused()
    {
        var decision = TryStart("CL-1", by: Midwife, careTeam: new() { ["tandarts"] = Hospital });

        Assert.Equal("Het zorgteam noemt rollen die zorgpad 'proef' niet kent: tandarts.", decision.Rejection?.Message);
    }

    [Fact]
    public void Someone_without_a_role_in_the_pathway_cannot_start_it()
    {
        var decision = TryStart("CL-1", by: new Actor("coordinator", ["regiocoordinator"], Practice));

        Assert.Equal(RejectionKind.Forbidden, decision.Rejection?.Kind);
    }

    [Fact]
    public void Starting_twice_is_refused()
    {
        Start("CL-1", by: Midwife);

        Assert.Equal(RejectionKind.Conflict, TryStart("CL-1", by: Midwife).Rejection?.Kind);
    }

    [Fact]
    public void Replaying_theJournal_rebuilds_the_sameState_with_the_same_task_ids()
    {
        Start("CL-1", by: Midwife, careTeam: new() { ["gynaecoloog"] = Hospital });
        Clock.Advance(Days(1));
        Complete("INTAKE", by: Midwife);

        var replayed = Decider.Replay(Journal)!;

        Assert.Equal(State!.Tasks, replayed.Tasks);
        Assert.Equal(State.EventCount, replayed.EventCount);
        Assert.Equal(Journal.Count, replayed.EventCount);
        Assert.Equal(State with { CareTeam = replayed.CareTeam, Tasks = replayed.Tasks }, replayed);
    }

    [Fact]
    public void Task_ids_differ_per_instance_and_per_task()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();

        Assert.Equal(Decider.TaskId(a, 0), Decider.TaskId(a, 0));
        Assert.NotEqual(Decider.TaskId(a, 0), Decider.TaskId(a, 1));
        Assert.NotEqual(Decider.TaskId(a, 0), Decider.TaskId(b, 0));
    }
}
