using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Tests.Rules;
using Hl7.Fhir.Serialization;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>
/// A screening not taken or refused records no answers, so nothing is derived from made-up ones; a screening
/// taken needs them. A step's note (the Meldcode's signals) is kept with its completion, within its limit.
/// </summary>
public class TaskNotesAndSkippedScreeningTests : PathwayTest
{
    private static readonly string Negative = new FhirJsonSerializer().SerializeToString(Screenings.Completed());

    public TaskNotesAndSkippedScreeningTests()
    {
        GivenStandardPathway();
        Start();
        Complete("INTAKE");
        Complete("ID_BSN", "geverifieerd");
    }

    private Decision Screen(string outcome, params string[] resources) =>
        Try(new CompleteTask(OpenTask("SCREEN_PPS").Id, outcome) { By = Midwife, Resources = resources });

    [Fact]
    public void Not_taken_is_accepted_without_answers_and_records_no_response()
    {
        var decision = Screen("niet-afgenomen");

        Assert.Null(decision.Rejection);
        Assert.Empty(State!.Record);
        ThenTaskIsOpen("RESCREEN");
    }

    [Fact]
    public void Not_taken_with_answers_is_refused_and_changes_nothing()
    {
        var decision = Screen("niet-afgenomen", Negative);

        Assert.Equal(RejectionKind.Invalid, decision.Rejection?.Kind);
        Assert.Contains("worden geen antwoorden", decision.Rejection!.Message, StringComparison.Ordinal);
        Assert.Empty(decision.Events);
        Assert.Equal(PathwayTaskStatus.Requested, OpenTask("SCREEN_PPS").Status);
    }

    [Fact]
    public void Taken_without_answers_is_refused_and_with_them_accepted()
    {
        var refused = Screen("afgenomen");

        Assert.Contains("Vul bij de uitkomst 'Screening afgenomen' de vragenlijst", refused.Rejection!.Message, StringComparison.Ordinal);
        Assert.Null(Screen("afgenomen", Negative).Rejection);
        Assert.Single(State!.Record);
    }

    [Fact]
    public void The_signals_note_is_kept_with_the_completion_and_a_note_over_the_limit_is_refused()
    {
        Raise("safety-concern");
        var task = OpenTask("VT_SIGNALS").Id;

        var tooLong = Try(new CompleteTask(task, null) { By = Midwife, Note = new string('x', 2001) });
        var kept = Try(new CompleteTask(task, null) { By = Midwife, Note = "  Blauwe plek op de arm, 12 november.  " });

        Assert.Contains("het maximum is 2000", tooLong.Rejection!.Message, StringComparison.Ordinal);
        Assert.Equal("Blauwe plek op de arm, 12 november.", kept.Events.OfType<TaskCompleted>().Single().Note);
    }

    [Fact]
    public void A_note_on_a_step_without_a_note_field_is_refused()
    {
        var decision = Try(new CompleteTask(OpenTask("SCREEN_PPS").Id, "niet-afgenomen") { By = Midwife, Note = "Iets" });

        Assert.Contains("heeft geen notitieveld", decision.Rejection!.Message, StringComparison.Ordinal);
    }
}
