using Blauwdruk.Engine.Pathways;
using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Handover;

/// <summary>
/// The answers in the record that a handover reads, found by the code of their question rather than by
/// form: the latest completed response of each of the pathway's questionnaires, flattened, each answer
/// with its question, when it was given and about which child (a group <c>kind-N</c> is about child N).
/// A region that swaps a form for its own keeps the handover filled as long as its questions carry the
/// same codes (SNOMED CT, LOINC, or Blauwdruk's own <see cref="Runtime.HandoverReadiness.HandoverCodes"/>).
/// </summary>
internal sealed class HandoverAnswers
{
    private readonly List<Answer> _answers = [];

    public HandoverAnswers(PathwayDefinition definition, IEnumerable<Resource> record)
    {
        var questionnaires = definition.Questionnaires.DistinctBy(q => q.Url).ToDictionary(q => q.Url);
        var latest = record.OfType<QuestionnaireResponse>()
            .Where(r => r.Status == QuestionnaireResponse.QuestionnaireResponseStatus.Completed && r.Questionnaire is not null && questionnaires.ContainsKey(r.Questionnaire))
            .GroupBy(r => r.Questionnaire)
            .Select(g => g.Last());
        foreach (var response in latest)
        {
            var questionnaire = questionnaires[response.Questionnaire!].Resource;
            var questions = questionnaire.Item.Flatten().Where(i => i.LinkId is not null).ToDictionary(i => i.LinkId!);
            Collect(response, questions, response.Item, 0);
        }
    }

    /// <summary>An answer about the mother (child 0) or a child, with its question and the response it came from.</summary>
    public sealed record Answer(DataType Value, Questionnaire.ItemComponent Question, QuestionnaireResponse Response, int Child);

    /// <summary>The answer to the question with this code, about the mother (0) or child N; null when not answered.</summary>
    public Answer? Find(string system, string code, int child = 0) =>
        _answers.LastOrDefault(a => a.Child == child && a.Question.Code.Any(c => c.System == system && c.Code == code));

    /// <summary>The answer to a question with Blauwdruk's own code (<see cref="Runtime.HandoverReadiness.HandoverCodes"/>).</summary>
    public Answer? Own(string code, int child = 0) => Find(Runtime.HandoverReadiness.HandoverCodes, code, child);

    /// <summary>Every answer given in a response to the questionnaire with this canonical URL.</summary>
    public IEnumerable<Answer> Of(string questionnaireUrl) => _answers.Where(a => a.Response.Questionnaire == questionnaireUrl);

    private void Collect(QuestionnaireResponse response, Dictionary<string, Questionnaire.ItemComponent> questions, IEnumerable<QuestionnaireResponse.ItemComponent> items, int child)
    {
        foreach (var item in items)
        {
            var about = item.LinkId is { } group && group.StartsWith("kind-", StringComparison.Ordinal) && int.TryParse(group.AsSpan(5), out var number) ? number : child;
            if (item.LinkId is { } linkId && questions.TryGetValue(linkId, out var question))
            {
                foreach (var answer in item.Answer.Where(a => a.Value is not null and not FhirString { Value: null or "" }))
                {
                    _answers.Add(new Answer(answer.Value!, question, response, about));
                }
            }

            Collect(response, questions, item.Item, about);
        }
    }

    /// <summary>An answer as a person reads it: the option's Dutch display, ja/nee, the number or the text.</summary>
    public static string Text(DataType value) => value switch
    {
        Coding coding => coding.Display ?? coding.Code ?? "",
        FhirBoolean boolean => boolean.Value == true ? "ja" : "nee",
        Integer integer => integer.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        FhirDecimal amount => amount.Value?.ToString(System.Globalization.CultureInfo.GetCultureInfo("nl-NL")) ?? "",
        Date date => DateOnly.TryParseExact(date.Value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var on) ? on.ToString("dd-MM-yyyy", System.Globalization.CultureInfo.InvariantCulture) : date.Value ?? "",
        Time time => time.Value is { Length: >= 5 } clock ? clock[..5] : time.Value ?? "",
        FhirString text => text.Value ?? "",
        _ => value.ToString() ?? "",
    };
}
