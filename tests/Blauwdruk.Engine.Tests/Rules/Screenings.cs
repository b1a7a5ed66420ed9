using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Tests.Rules;

/// <summary>QuestionnaireResponses of the standard's PPS screening, for the tests of its facts.</summary>
internal static class Screenings
{
    public const string PpsScreening = "https://fhir.blauwdruk.nl/Questionnaire/pps-screening";

    /// <summary>A completed screening; <paramref name="yes"/> lists the questions answered "ja" (e.g. "middelen.2").</summary>
    public static QuestionnaireResponse Completed(params string[] yes) => Response(PpsScreening, QuestionnaireResponse.QuestionnaireResponseStatus.Completed, yes);

    /// <summary>A response to the standard's questions, naming <paramref name="questionnaire"/> and with this status.</summary>
    public static QuestionnaireResponse Response(string questionnaire, QuestionnaireResponse.QuestionnaireResponseStatus status, params string[] yes)
    {
        var response = new QuestionnaireResponse { Questionnaire = questionnaire, Status = status };
        foreach (var group in TestPathways.Standard.FindQuestionnaire("pps-screening")!.Resource.Item)
        {
            var answers = new QuestionnaireResponse.ItemComponent { LinkId = group.LinkId };
            foreach (var question in group.Item)
            {
                answers.Item.Add(new QuestionnaireResponse.ItemComponent
                {
                    LinkId = question.LinkId,
                    Answer = [new QuestionnaireResponse.AnswerComponent { Value = new FhirBoolean(yes.Contains(question.LinkId)) }],
                });
            }

            response.Item.Add(answers);
        }

        return response;
    }
}
