using System.Text.Json;
using Blauwdruk.Engine.Pathways;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using Hl7.FhirPath;

namespace Blauwdruk.Engine.Tests.Pathways;

/// <summary>The standard as FHIR R4: parses back with Firely, passes its POCO validation, and every reference resolves inside the Bundle.</summary>
public class PlanDefinitionExportTests
{
    private static PathwayDefinition Standard => TestPathways.Standard;

    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    private static Bundle RoundTripped() =>
        JsonSerializer.Deserialize<Bundle>(JsonSerializer.Serialize(PlanDefinitionExport.ToBundle(Standard), Fhir), Fhir)!;

    [Fact]
    public void The_export_parses_back_and_passes_firelys_validation()
    {
        var bundle = RoundTripped();

        var problems = bundle.Validate(ModelInfo.ModelInspector).Select(p => p.Message).ToList();

        Assert.Empty(problems);
        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
    }

    [Fact]
    public void Each_flow_is_a_plan_definition_with_an_action_per_step()
    {
        var plans = RoundTripped().Entry.Select(e => e.Resource).OfType<PlanDefinition>().ToDictionary(p => p.Url!);

        var main = plans["https://fhir.blauwdruk.nl/PlanDefinition/blauwdruk"];
        var meldcode = plans["https://fhir.blauwdruk.nl/PlanDefinition/blauwdruk-meldcode"];
        Assert.Equal(Standard.MainSteps.Select(s => PlanDefinitionExport.ActionId(s.Id)), main.Action.Where(a => !a.ElementId!.StartsWith("signal-", StringComparison.Ordinal)).Select(a => a.ElementId));
        Assert.Equal(10, meldcode.Action.Count);
        Assert.Equal(PublicationStatus.Active, main.Status);
        Assert.Equal("1.3.0", main.Version);
        Assert.All(plans.Values, p => Assert.Equal("clinical-protocol", p.Type!.Coding[0].Code));
    }

    [Fact]
    public void Every_canonical_and_related_action_resolves_inside_the_bundle()
    {
        var bundle = RoundTripped();
        var urls = bundle.Entry.Select(e => PlanDefinitionExport.CanonicalUrl(e.Resource!)).OfType<string>().ToHashSet();
        Assert.All(bundle.Entry, e => Assert.Equal(PlanDefinitionExport.CanonicalUrl(e.Resource!), e.FullUrl));

        foreach (var plan in bundle.Entry.Select(e => e.Resource).OfType<PlanDefinition>())
        {
            var ids = plan.Action.Select(a => a.ElementId).ToHashSet();
            foreach (var action in plan.Action)
            {
                if (action.Definition is Canonical canonical)
                {
                    Assert.Contains(canonical.Value!, urls);
                }

                Assert.All(action.RelatedAction, related => Assert.Contains(related.ActionId, ids));
            }
        }
    }

    [Fact]
    public void Human_steps_name_their_role_and_deadline()
    {
        var main = RoundTripped().Entry.Select(e => e.Resource).OfType<PlanDefinition>().First();

        var intake = main.Action.Single(a => a.ElementId == "INTAKE");
        var participant = Assert.Single(intake.Participant, p => p.Role!.Coding[0].Code == "verloskundige");
        Assert.Equal(ActionParticipantType.Practitioner, participant.Type);
        Assert.Equal("Verloskundige", participant.Role!.Coding[0].Display);
        var timing = Assert.IsType<Duration>(intake.Timing);
        Assert.Equal((2m, "wk", "http://unitsofmeasure.org"), (timing.Value, timing.Code, timing.System));

        var handover = main.Action.Single(a => a.ElementId == "HANDOVER-JGZ");
        var deadline = handover.GetExtension(PlanDefinitionExport.DeadlineExtension)!;
        Assert.Equal("birth-date", deadline.GetExtensionValue<Code>("anchor")!.Value);
        Assert.Equal("binnen 10 dagen na de geboorte", deadline.GetExtensionValue<FhirString>("text")!.Value);
    }

    [Fact]
    public void Conditions_are_fhirpath_that_compiles_and_facts_are_variables()
    {
        var main = RoundTripped().Entry.Select(e => e.Resource).OfType<PlanDefinition>().First();
        var compiler = new FhirPathCompiler();

        var discuss = main.Action.Single(a => a.ElementId == "DISCUSS");
        var condition = Assert.Single(discuss.Condition);
        Assert.Equal(ActionConditionKind.Applicability, condition.Kind);
        Assert.Equal(("text/fhirpath", "%kwetsbaar"), (condition.Expression!.Language, condition.Expression.Expression_));
        var variables = main.Extension.Where(e => e.Url == PlanDefinitionExport.VariableExtension).Select(e => (Expression)e.Value!).ToList();
        Assert.Equal(Standard.Facts.Select(f => f.Id), variables.Select(v => v.Name));
        Assert.All(variables, v => compiler.Compile(v.Expression_!));
    }

    [Fact]
    public void Signals_become_named_event_triggers()
    {
        var main = RoundTripped().Entry.Select(e => e.Resource).OfType<PlanDefinition>().First();

        var safety = main.Action.Single(a => a.ElementId == "signal-safety-concern");
        Assert.Equal("https://fhir.blauwdruk.nl/PlanDefinition/blauwdruk-meldcode", ((Canonical)safety.Definition!).Value);
        Assert.Equal("safety-concern", Assert.Single(safety.Trigger).Name);
        Assert.Contains(main.Action.Single(a => a.ElementId == "BIRTH").Trigger, t => t.Name == "birth" && t.Type == TriggerDefinition.TriggerType.NamedEvent);
    }

    [Fact]
    public void The_questionnaires_travel_with_the_plan()
    {
        var bundle = RoundTripped();

        var questionnaires = bundle.Entry.Select(e => e.Resource).OfType<Questionnaire>().ToList();
        Assert.Equal(["pps-screening", "afwegingskader", "afwegingskader-vraag-5", "zwangerschap", "toestemming", "geboorte", "kraamperiode", "zorgplan"], questionnaires.Select(q => q.Id));
        var questionnaire = questionnaires[0];
        Assert.Equal("https://fhir.blauwdruk.nl/Questionnaire/pps-screening", questionnaire.Url);
        Assert.Equal(["psychopathologie", "psychosociaal", "middelen", "hulpbronnen"], questionnaire.Item.Select(i => i.LinkId));
        var screen = bundle.Entry.Select(e => e.Resource).OfType<PlanDefinition>().First().Action.Single(a => a.ElementId == "SCREEN-PPS");
        Assert.Equal(questionnaire.Url, ((Canonical)screen.Definition!).Value);
        var decide = bundle.Entry.Select(e => e.Resource).OfType<PlanDefinition>().Single(p => p.Url!.EndsWith("-meldcode", StringComparison.Ordinal)).Action.Single(a => a.ElementId == "VT-DECIDE");
        Assert.Equal(questionnaires[1].Url, ((Canonical)decide.Definition!).Value);
    }
}
