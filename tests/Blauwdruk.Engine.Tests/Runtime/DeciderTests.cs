using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Blauwdruk.Engine.Tests.Runtime;

public class DeciderTests
{
    private const string Practice = "ura:90000101";
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

    private static readonly Actor Midwife = new("verloskundige-1", ["verloskundige"], Practice);
    private static readonly Actor Gynaecologist = new("gynaecoloog-1", ["gynaecoloog"], Hospital);
    private static readonly Actor OtherMidwife = new("verloskundige-2", ["verloskundige"], "ura:90000201");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly List<InstanceEvent> _journal = [];
    private InstanceState? _state;

    private Decision Given(InstanceCommand command)
    {
        var decision = Decider.Decide(Pathway, _state, command, _clock.GetUtcNow());
        foreach (var @event in decision.Events)
        {
            _journal.Add(@event);
            _state = Decider.Evolve(_state, @event);
        }

        return decision;
    }

    private Decision StartFor(string client, Actor by, Dictionary<string, string>? careTeam = null) =>
        Given(new StartInstance(Guid.Parse("0195f3a0-0000-7000-8000-000000000001"), client, "GM0599", careTeam ?? []) { By = by });

    private PathwayTask OpenTask(string stepId) => Assert.Single(_state!.OpenTasks, t => t.StepId == stepId);

    private Decision Complete(string stepId, Actor by) => Given(new CompleteTask(OpenTask(stepId).Id, null) { By = by });

    [Fact]
    public void Starting_opens_the_intake_for_the_midwifes_practice_due_in_two_weeks()
    {
        var decision = StartFor("CL-1", Midwife);

        Assert.Null(decision.Rejection);
        var intake = OpenTask("INTAKE");
        Assert.Equal("verloskundige", intake.Role);
        Assert.Equal(Practice, intake.OrganisationId);
        Assert.Equal(PathwayTaskStatus.Requested, intake.Status);
        Assert.Equal(_clock.GetUtcNow().AddDays(14), intake.DueAt);
        Assert.Equal(Practice, _state!.CareTeam["verloskundige"]);
    }

    [Fact]
    public void Completing_the_intake_opens_the_consult_for_the_hospital_on_the_care_team()
    {
        StartFor("CL-1", Midwife, new() { ["gynaecoloog"] = Hospital });
        _clock.Advance(TimeSpan.FromDays(3));

        var decision = Complete("INTAKE", Midwife);

        Assert.Null(decision.Rejection);
        Assert.Equal(["TaskCompleted", "TaskActivated"], decision.Events.Select(e => e.GetType().Name));
        var consult = OpenTask("CONSULT");
        Assert.Equal(Hospital, consult.OrganisationId);
        Assert.Null(consult.DueAt);
        var completed = Assert.IsType<TaskCompleted>(decision.Events[0]);
        Assert.Equal((_clock.GetUtcNow(), "verloskundige-1"), (completed.At, completed.By));
        Assert.DoesNotContain(_state!.Tasks, t => t.StepId == "INTAKE");
        Assert.Equal(2, _state.TaskCount);
    }

    [Fact]
    public void A_role_nobody_on_the_care_team_holds_falls_to_the_lead_organisation()
    {
        StartFor("CL-1", Midwife);

        Complete("INTAKE", Midwife);

        Assert.Equal(Practice, OpenTask("CONSULT").OrganisationId);
    }

    [Fact]
    public void Completing_the_last_task_ends_the_pathway()
    {
        StartFor("CL-1", Midwife, new() { ["gynaecoloog"] = Hospital });
        Complete("INTAKE", Midwife);

        Complete("CONSULT", Gynaecologist);

        Assert.Equal(InstanceStatus.Completed, _state!.Status);
        Assert.Empty(_state.OpenTasks);
        Assert.IsType<InstanceCompleted>(_journal[^1]);
    }

    [Fact]
    public void Only_the_tasks_role_may_complete_it()
    {
        StartFor("CL-1", Midwife, new() { ["gynaecoloog"] = Practice });
        Complete("INTAKE", Midwife);
        var before = _state;

        var decision = Complete("CONSULT", Midwife);

        Assert.Equal(RejectionKind.Forbidden, decision.Rejection?.Kind);
        Assert.Equal("Deze taak is voor de rol 'Gynaecoloog' van een andere organisatie of rol dan de uwe.", decision.Rejection?.Message);
        Assert.Empty(decision.Events);
        Assert.Same(before, _state);
    }

    [Fact]
    public void A_professional_outside_the_care_team_does_not_learn_the_task_exists()
    {
        StartFor("CL-1", Midwife);

        var decision = Complete("INTAKE", OtherMidwife);

        Assert.Equal(RejectionKind.NotFound, decision.Rejection?.Kind);
    }

    [Fact]
    public void A_completed_task_cannot_be_completed_again()
    {
        StartFor("CL-1", Midwife);
        var intake = OpenTask("INTAKE");
        Complete("INTAKE", Midwife);

        var decision = Given(new CompleteTask(intake.Id, null) { By = Midwife });

        Assert.Equal(RejectionKind.Conflict, decision.Rejection?.Kind);
        Assert.Equal("Deze taak is al afgesloten (afgerond, vervallen of mislukt).", decision.Rejection?.Message);
    }

    [Theory]
    [InlineData("0599")]
    [InlineData("GM599")]
    [InlineData("Rotterdam")]
    public void A_municipality_must_be_a_cbs_code(string municipality)
    {
        var decision = Given(new StartInstance(Guid.NewGuid(), "CL-1", municipality, new Dictionary<string, string>()) { By = Midwife });

        Assert.Equal(RejectionKind.Invalid, decision.Rejection?.Kind);
        Assert.Null(_state);
    }

    [Fact]
    public void A_care_team_role_the_pathway_does_not_know_is_refused()
    {
        var decision = StartFor("CL-1", Midwife, new() { ["tandarts"] = Hospital });

        Assert.Equal("Het zorgteam noemt rollen die zorgpad 'proef' niet kent: tandarts.", decision.Rejection?.Message);
    }

    [Fact]
    public void Someone_without_a_role_in_the_pathway_cannot_start_it()
    {
        var decision = StartFor("CL-1", new Actor("coordinator", ["regiocoordinator"], Practice));

        Assert.Equal(RejectionKind.Forbidden, decision.Rejection?.Kind);
    }

    [Fact]
    public void Starting_twice_is_refused()
    {
        StartFor("CL-1", Midwife);

        Assert.Equal(RejectionKind.Conflict, StartFor("CL-1", Midwife).Rejection?.Kind);
    }

    [Fact]
    public void Replaying_the_journal_rebuilds_the_same_state_with_the_same_task_ids()
    {
        StartFor("CL-1", Midwife, new() { ["gynaecoloog"] = Hospital });
        _clock.Advance(TimeSpan.FromDays(1));
        Complete("INTAKE", Midwife);

        var replayed = Decider.Replay(_journal)!;

        Assert.Equal(_state!.Tasks, replayed.Tasks);
        Assert.Equal(_state.EventCount, replayed.EventCount);
        Assert.Equal(_journal.Count, replayed.EventCount);
        Assert.Equal(_state with { CareTeam = replayed.CareTeam, Tasks = replayed.Tasks }, replayed);
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
