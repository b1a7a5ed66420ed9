using Blauwdruk.Engine.Pathways;

namespace Blauwdruk.Engine.Tests.Pathways;

/// <summary>What the standard Blauwdruk must hold, whatever its next edit.</summary>
public class StandardPathwayTests
{
    private static PathwayDefinition Standard => TestPathways.Standard;

    /// <summary>The mandatory steps of the standard (DOMAIN.md §7, template invariant 1).</summary>
    public static TheoryData<string> MandatorySteps() =>
        ["SCREEN_PPS", "DISCUSS", "CONSENT", "CAREPLAN", "FOLLOWUP", "BIRTH", "KRAAMBED", "CLOSE"];

    [Fact]
    public void Every_human_step_has_a_responsible_role_and_a_deadline()
    {
        Assert.All(Standard.Steps.Where(s => s.IsHuman), step =>
        {
            Assert.NotNull(step.Role);
            Assert.NotNull(step.Deadline);
        });
    }

    [Theory]
    [MemberData(nameof(MandatorySteps))]
    public void The_mandatory_steps_are_locked_with_a_reason(string stepId)
    {
        var step = Standard.Step(stepId);

        Assert.True(step.Customisation.Locked);
        Assert.False(step.Customisation.Optional);
        Assert.False(string.IsNullOrWhiteSpace(step.Customisation.Reason));
    }

    [Fact]
    public void The_meldcode_route_has_its_five_steps_and_the_veilig_thuis_report_all_locked()
    {
        var meldcode = Standard.FindSubpathway("meldcode")!;
        var steps = Standard.StepsOf(meldcode).Where(s => s.IsHuman).ToList();

        Assert.Equal(["VT_SIGNALS", "VT_CONSULT", "VT_TALK", "VT_WEIGH", "VT_DECIDE", "VT_REPORT", "VT_FOLLOW", "VT_HELP", "VT_MONITOR"], steps.Select(s => s.Id));
        Assert.All(steps, step => Assert.True(step.Customisation.Locked, step.Id));
        Assert.Contains(Standard.Step("VT_DECIDE").Outcomes, o => o.Id == "melden");
        Assert.Equal("VT_REPORT", Standard.Step("VT_DECIDE").Transitions.Single(t => t.Outcome == "melden").To);
    }

    [Fact]
    public void Veilig_thuis_has_five_working_days_for_the_safety_assessment()
    {
        var deadline = Standard.Step("VT_FOLLOW").Deadline!;

        Assert.Equal(PathwayDuration.Working(5), deadline.Duration);
        Assert.Equal("aandachtsfunctionaris", deadline.EscalateTo);
    }

    [Fact]
    public void A_safety_concern_can_start_the_meldcode_from_anywhere_by_every_care_team_role()
    {
        var signal = Standard.FindSignal("safety-concern")!;

        Assert.Equal("meldcode", signal.Starts);
        Assert.Null(signal.Interrupts);
        Assert.Empty(signal.RaisedBy);
        Assert.Contains(Standard.Roles, r => r.Id == "kraamverzorgende" && r.CareTeam);
        Assert.Contains(Standard.Roles, r => r.Id == "jgz-verpleegkundige" && r.CareTeam);
    }

    [Fact]
    public void Both_handovers_go_to_youth_healthcare_and_the_postnatal_one_is_anchored_on_the_birth()
    {
        var prenatal = Standard.Step("HANDOVER_PRENATAL");
        var postnatal = Standard.Step("HANDOVER_JGZ");

        Assert.Equal((HandoverKind.Prenatal, "jgz-verpleegkundige"), (prenatal.Handover, prenatal.Recipient));
        Assert.Equal((HandoverKind.Postnatal, "jgz-verpleegkundige"), (postnatal.Handover, postnatal.Recipient));
        Assert.Equal(new Deadline(PathwayDuration.Days(10), DeadlineAnchor.BirthDate) { RemindBefore = PathwayDuration.Days(2), EscalateTo = "zorgcoordinator" }, postnatal.Deadline);
    }

    [Fact]
    public void The_facts_that_hold_the_screening_instruments_thresholds_say_so()
    {
        Assert.Equal(["ppsResponse", "weinigHulpbronnen"], Standard.Facts.Where(f => f.Instrument == "pps-screening").Select(f => f.Id));
        Assert.Equal("pps-screening", Standard.Step("SCREEN_PPS").Questionnaire);
    }

    [Fact]
    public void The_birth_interrupts_the_prenatal_phase_and_moves_to_the_birth_step()
    {
        var birth = Standard.FindSignal("birth")!;

        Assert.Equal((StepPhase.Prenatal, "BIRTH"), (birth.Interrupts, birth.GoesTo));
        Assert.Equal(StepPhase.Postnatal, Standard.Step("KRAAMBED").Phase);
    }

    [Fact]
    public void Inferred_details_tell_the_region_to_confirm_them()
    {
        var inferred = Standard.Steps.Count(s => s.Customisation.Note?.Contains("door de regio te bevestigen", StringComparison.Ordinal) == true);

        Assert.True(inferred >= 10, $"only {inferred} steps mark their inferred details");
        // The note is the coordinator's: a professional reads the description on her task, and never this.
        Assert.DoesNotContain(Standard.Steps, s => s.Description?.Contains("voorstel", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Every_referral_has_declined_and_drop_out_outcomes_that_are_followed_up()
    {
        foreach (var id in new[] { "REF_MEDICAL", "REF_SOCIAL" })
        {
            var step = Standard.Step(id);
            Assert.Contains(step.Outcomes, o => o.Id == "geweigerd");
            Assert.Contains(step.Outcomes, o => o.Id == "uitval");
        }

        Assert.Equal("FOLLOWUP", Standard.Step("REFERRALS_DONE").Transitions.Single().To);
    }
}
