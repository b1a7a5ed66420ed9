using Blauwdruk.Designer.Components.Forms;
using Bunit;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace Blauwdruk.Designer.Tests.Forms;

/// <summary>The form rendered from a FHIR Questionnaire (bUnit): items, enableWhen, validation next to the item, the response.</summary>
public sealed class QuestionnaireFormTests : IDisposable
{
    private readonly BunitContext _context = new();

    public void Dispose() => _context.Dispose();

    /// <summary>A small instrument with every item type the form supports.</summary>
    private static Questionnaire Instrument() => new()
    {
        Url = "https://example.org/Questionnaire/test",
        Title = "Testvragenlijst",
        Item =
        [
            new Questionnaire.ItemComponent { LinkId = "intro", Type = Questionnaire.QuestionnaireItemType.Display, Text = "Lees dit eerst." },
            new Questionnaire.ItemComponent
            {
                LinkId = "thuis", Type = Questionnaire.QuestionnaireItemType.Group, Text = "Thuis", Required = true,
                Item =
                [
                    new Questionnaire.ItemComponent { LinkId = "thuis.spanning", Type = Questionnaire.QuestionnaireItemType.Boolean, Text = "Spanning thuis?", Required = true },
                    new Questionnaire.ItemComponent
                    {
                        LinkId = "thuis.sinds", Type = Questionnaire.QuestionnaireItemType.Date, Text = "Sinds wanneer?", Required = true,
                        EnableWhen = [new Questionnaire.EnableWhenComponent { Question = "thuis.spanning", Operator = Questionnaire.QuestionnaireItemOperator.Equal, Answer = new FhirBoolean(true) }],
                    },
                ],
            },
            new Questionnaire.ItemComponent { LinkId = "kinderen", Type = Questionnaire.QuestionnaireItemType.Integer, Text = "Aantal kinderen thuis", Required = true },
            new Questionnaire.ItemComponent
            {
                LinkId = "taal", Type = Questionnaire.QuestionnaireItemType.Choice, Text = "Voorkeurstaal",
                AnswerOption =
                [
                    new Questionnaire.AnswerOptionComponent { Value = new Coding("urn:ietf:bcp:47", "nl", "Nederlands") },
                    new Questionnaire.AnswerOptionComponent { Value = new Coding("urn:ietf:bcp:47", "ar", "Arabisch") },
                ],
            },
            new Questionnaire.ItemComponent { LinkId = "toelichting", Type = Questionnaire.QuestionnaireItemType.Text, Text = "Toelichting" },
        ],
    };

    [Fact]
    public void Renders_each_item_type_and_shows_a_question_only_when_its_enable_when_holds()
    {
        var answers = new QuestionnaireAnswers(Instrument());
        var form = _context.Render<QuestionnaireForm>(p => p.Add(f => f.Answers, answers));

        Assert.Equal("Testvragenlijst", form.Find("h2").TextContent);
        Assert.Equal("Lees dit eerst.", form.Find("[data-link-id=intro]").TextContent);
        Assert.Equal("Thuis", form.Find("fieldset[data-link-id=thuis] > legend").TextContent);
        Assert.Equal(["Ja", "Nee"], form.FindAll("[data-link-id='thuis.spanning'] label").Select(l => l.TextContent.Trim()));
        Assert.Equal("number", form.Find("#q-kinderen").GetAttribute("type"));
        Assert.Equal(["Nederlands", "Arabisch"], form.FindAll("[data-link-id=taal] label").Select(l => l.TextContent.Trim()));
        Assert.Empty(form.FindAll("[data-link-id='thuis.sinds']"));

        form.Find("[data-link-id='thuis.spanning'] input[value=true]").Change("true");

        // A date is typed the Dutch way, whatever the browser's locale: a text field that says dd-mm-jjjj.
        Assert.Equal(("text", "dd-mm-jjjj"), (form.Find("[data-link-id='thuis.sinds'] input").GetAttribute("type"), form.Find("[data-link-id='thuis.sinds'] input").GetAttribute("placeholder")));
        form.Find("[data-link-id='thuis.spanning'] input[value=false]").Change("false");
        Assert.Empty(form.FindAll("[data-link-id='thuis.sinds']"));
    }

    [Fact]
    public void Validation_names_the_problem_next_to_each_question_and_clears_when_answered()
    {
        var answers = new QuestionnaireAnswers(Instrument());
        var form = _context.Render<QuestionnaireForm>(p => p.Add(f => f.Answers, answers));

        Assert.False(answers.Validate());
        form.Render();

        Assert.Equal("Beantwoord deze vraag.", form.Find("[data-link-id='thuis.spanning'] .problem").TextContent);
        Assert.Equal("Beantwoord deze vraag.", form.Find("[data-link-id=kinderen] .problem").TextContent);
        Assert.Equal("true", form.Find("#q-kinderen").GetAttribute("aria-invalid"));
        Assert.Empty(form.FindAll("[data-link-id=taal] .problem")); // not required
        Assert.Equal(2, form.FindAll(".problem").Count);

        form.Find("#q-kinderen").Change("twee");
        Assert.False(answers.Validate());
        form.Render();
        Assert.Equal("Vul een heel getal in.", form.Find("[data-link-id=kinderen] .problem").TextContent);

        form.Find("#q-kinderen").Change("2");
        form.Find("[data-link-id='thuis.spanning'] input[value=true]").Change("true");
        Assert.False(answers.Validate()); // the date that appeared is required too
        form.Render();
        Assert.Equal("Beantwoord deze vraag.", form.Find("[data-link-id='thuis.sinds'] .problem").TextContent);
        form.Find("[data-link-id='thuis.sinds'] input").Change("2026-10-01");
        Assert.True(answers.Validate());
    }

    [Fact]
    public void The_response_holds_the_enabled_answers_typed_and_nested_as_in_the_questionnaire()
    {
        var answers = new QuestionnaireAnswers(Instrument())
        {
            ["thuis.spanning"] = "false",
            ["thuis.sinds"] = "2026-10-01", // answered while enabled, then disabled: left out
            ["kinderen"] = "2",
            ["taal"] = "ar",
        };

        Assert.True(answers.Validate());
        var response = answers.ToResponse(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(1)));

        Assert.Equal(("https://example.org/Questionnaire/test", QuestionnaireResponse.QuestionnaireResponseStatus.Completed, "2026-11-23T10:00:00+01:00"),
            (response.Questionnaire, response.Status, response.Authored));
        Assert.Equal(["thuis", "kinderen", "taal"], response.Item.Select(i => i.LinkId));
        var home = Assert.Single(response.Item[0].Item);
        Assert.Equal(("thuis.spanning", false), (home.LinkId, Assert.IsType<FhirBoolean>(home.Answer[0].Value).Value));
        Assert.Equal(2, Assert.IsType<Integer>(response.Item[1].Answer[0].Value).Value);
        var language = Assert.IsType<Coding>(response.Item[2].Answer[0].Value);
        Assert.Equal(("ar", "Arabisch"), (language.Code, language.Display));
        Assert.Empty(response.Validate(ModelInfo.ModelInspector));
    }
}
