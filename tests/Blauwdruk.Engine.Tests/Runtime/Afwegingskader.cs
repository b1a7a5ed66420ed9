using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Blauwdruk.Engine.Tests.Runtime;

/// <summary>The Meldcode's afwegingskader as the web form sends it, for the tests that walk step 5.</summary>
internal static class Afwegingskader
{
    private static readonly FhirJsonSerializer Json = new();

    /// <summary>
    /// A QuestionnaireResponse of the afwegingskader (or its question 5): per question an answer and a
    /// justification; a null answer or an empty justification leaves that part out.
    /// </summary>
    public static string Answers(string questionnaire, params (int Question, bool? Yes, string Why)[] answers)
    {
        var response = new QuestionnaireResponse
        {
            Questionnaire = $"https://fhir.blauwdruk.nl/Questionnaire/{questionnaire}",
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
        };
        foreach (var (question, yes, why) in answers)
        {
            var group = new QuestionnaireResponse.ItemComponent { LinkId = $"vraag{question}" };
            if (yes is { } value)
            {
                group.Item.Add(new() { LinkId = $"vraag{question}.antwoord", Answer = [new() { Value = new FhirBoolean(value) }] });
            }

            if (why.Length > 0)
            {
                group.Item.Add(new() { LinkId = $"vraag{question}.toelichting", Answer = [new() { Value = new FhirString(why) }] });
            }

            response.Item.Add(group);
        }

        return Json.SerializeToString(response);
    }

    /// <summary>The answers of a report: a suspicion (question 1), no acute unsafety (2), no own help possible (3), each justified.</summary>
    public static string Report { get; } = Answers("afwegingskader",
        (1, true, "Signalen van geweld door de partner"), (2, false, "Geen acuut gevaar"), (3, false, "Buiten wat de zorgverlener kan bieden"));
}
