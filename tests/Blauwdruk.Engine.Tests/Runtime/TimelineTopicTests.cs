using Blauwdruk.Engine.Handover;
using Blauwdruk.Engine.Pathways;
using Blauwdruk.Engine.Runtime;
using Blauwdruk.Engine.Tests.Rules;
using Hl7.Fhir.Serialization;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>
/// The client's page shows the screening, the conversation about it and consent apart: the timeline says
/// which entry is about what, and names the facts of a decision by their labels.
/// </summary>
public class TimelineTopicTests : PathwayTest
{
    private static readonly string Vulnerable = new FhirJsonSerializer()
        .SerializeToString(Screenings.Completed("psychosociaal.1", "hulpbronnen.1", "hulpbronnen.2"));

    public TimelineTopicTests()
    {
        GivenOperationalPathway("rijnmond-zuid");
        Start();
        Complete("INTAKE");
        Complete("ID_BSN", "geverifieerd");
        Given(new CompleteTask(OpenTask("SCREEN_PPS").Id, "afgenomen") { By = Midwife, Resources = [Vulnerable] });
        Complete("DISCUSS", "accepteert-hulp");
        Given(new RecordConsent(HandoverKind.Prenatal) { By = Midwife, PreviewVersion = "v1" });
    }

    private IReadOnlyList<TimelineEntry> Entries(TimelineTopic topic) => [.. Timeline.Of(Definition, Journal).Where(e => e.Topic == topic)];

    [Fact]
    public void The_screening_and_the_decision_on_it_are_screening()
    {
        var screening = Entries(TimelineTopic.Screening);

        Assert.True(screening.Count == 2, string.Join("\n", screening));
        Assert.Contains(Definition.Step("SCREEN_PPS").Label, screening[0].Text, StringComparison.Ordinal);
        Assert.Contains(Definition.Step("SCREEN_RESULT").Label, screening[1].Text, StringComparison.Ordinal);
        Assert.Contains($"‘{Definition.FindFact("kwetsbaar")!.Label.ToLowerInvariant()}’", screening[1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("%", screening[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_conversations_outcome_is_assessment_and_consent_is_consent()
    {
        var assessment = Assert.Single(Entries(TimelineTopic.Assessment));
        var consent = Assert.Single(Entries(TimelineTopic.Consent));

        Assert.Contains("accepteert hulp", assessment.Text, StringComparison.Ordinal);
        Assert.Contains(Definition.Step("DISCUSS").Label, assessment.Text, StringComparison.Ordinal);
        Assert.Contains("toestemming", consent.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_meldcode_is_not_assessment()
    {
        Raise("safety-concern");
        Given(new CompleteTask(OpenTask("VT_SIGNALS").Id, null) { By = Midwife, Note = "Gezien op 3 maart." });

        Assert.Single(Entries(TimelineTopic.Assessment));
        Assert.DoesNotContain(Timeline.Of(Definition, Journal), e => e.Topic != TimelineTopic.Other && e.Text.Contains("Signalen", StringComparison.Ordinal));
    }
}
