using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Rules;
using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Tests.Rules;

/// <summary>The standard's screening facts, evaluated with Firely's FHIRPath engine over real QuestionnaireResponses.</summary>
public class StandardFactsTests
{
    private const string PpsScreening = Screenings.PpsScreening;

    private static PathwayDefinition Standard => TestPathways.Standard;

    private static QuestionnaireResponse Screening(params string[] yes) => Screenings.Completed(yes);

    private static QuestionnaireResponse Response(string questionnaire, QuestionnaireResponse.QuestionnaireResponseStatus status, params string[] yes) =>
        Screenings.Response(questionnaire, status, yes);

    private static object? Fact(RecordEvaluation evaluation, string id) => Assert.Single(evaluation.Facts[id]);

    [Fact]
    public void A_screening_with_psychopathology_and_substance_use_counts_two_domains_and_is_positive()
    {
        var evaluation = new RecordEvaluation(Standard, [Screening("psychopathologie.2", "middelen.1")]);

        Assert.Equal(true, Fact(evaluation, "psychopathologie"));
        Assert.Equal(false, Fact(evaluation, "psychosocialeProblemen"));
        Assert.Equal(true, Fact(evaluation, "middelengebruik"));
        Assert.Equal(2, Convert.ToInt32(Fact(evaluation, "ppsDomeinenPositief"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(true, Fact(evaluation, "ppsPositief"));
        Assert.Equal(false, Fact(evaluation, "kwetsbaar"));
    }

    [Fact]
    public void Risk_factors_with_few_own_resources_make_a_client_vulnerable()
    {
        var evaluation = new RecordEvaluation(Standard, [Screening("psychosociaal.3", "hulpbronnen.1", "hulpbronnen.3")]);

        Assert.Equal(true, Fact(evaluation, "weinigHulpbronnen"));
        Assert.Equal(true, Fact(evaluation, "kwetsbaar"));
    }

    [Fact]
    public void A_screening_without_any_yes_is_negative()
    {
        var evaluation = new RecordEvaluation(Standard, [Screening()]);

        Assert.Equal(false, Fact(evaluation, "ppsPositief"));
        Assert.Equal(false, Fact(evaluation, "kwetsbaar"));
    }

    [Fact]
    public void Only_the_latest_completed_pps_screening_counts()
    {
        var evaluation = new RecordEvaluation(Standard,
        [
            Screening("middelen.3"),
            Response("https://example.org/Questionnaire/other", QuestionnaireResponse.QuestionnaireResponseStatus.Completed, "psychopathologie.1"),
            Screening(),
            Response(PpsScreening, QuestionnaireResponse.QuestionnaireResponseStatus.InProgress, "psychopathologie.1"),
        ]);

        Assert.Equal(false, Fact(evaluation, "psychopathologie"));
        Assert.Equal(false, Fact(evaluation, "middelengebruik"));
        Assert.Equal(false, Fact(evaluation, "ppsPositief"));
    }

    [Fact]
    public void Without_a_screening_the_facts_are_empty_and_no_condition_holds()
    {
        var evaluation = new RecordEvaluation(Standard, []);
        var positive = Standard.Step("SCREEN_RESULT").Transitions.First(t => t.When is not null);

        Assert.Empty(evaluation.Facts["ppsResponse"]);
        Assert.False(evaluation.Holds(positive.Condition!));
    }

    [Fact]
    public void The_screening_decision_takes_the_vulnerable_track_only_for_risk_factors_with_few_own_resources()
    {
        var transitions = Standard.Step("SCREEN_RESULT").Transitions;
        var vulnerable = transitions.First(t => t.When is not null);
        var advice = transitions.Last(t => t.When is not null);

        Assert.Equal(("DISCUSS", "RISK_ADVICE"), (vulnerable.To, advice.To));
        // The consortium's definition: a risk factor and few own resources (two of three).
        Assert.True(new RecordEvaluation(Standard, [Screening("psychosociaal.1", "hulpbronnen.1", "hulpbronnen.2")]).Holds(vulnerable.Condition!));
        // Smoking alone is a risk factor to talk about, not the vulnerable track.
        Assert.False(new RecordEvaluation(Standard, [Screening("middelen.1")]).Holds(vulnerable.Condition!));
        Assert.True(new RecordEvaluation(Standard, [Screening("middelen.1")]).Holds(advice.Condition!));
        Assert.False(new RecordEvaluation(Standard, [Screening("hulpbronnen.1", "hulpbronnen.2")]).Holds(vulnerable.Condition!));
    }
}
