using System.Globalization;
using Hl7.Fhir.Model;

namespace Blauwdruk.Designer.Components.Forms;

/// <summary>
/// The answers given so far to a FHIR R4 Questionnaire, and what follows from them: which items are
/// enabled (<c>enableWhen</c>, <c>enableBehavior</c>), which required ones are missing or invalid, and
/// the QuestionnaireResponse. Answers are kept as text: <c>true</c>/<c>false</c>, a code, a number, a
/// date as yyyy-MM-dd.
/// </summary>
public sealed class QuestionnaireAnswers(Questionnaire questionnaire)
{
    private readonly Dictionary<string, string> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _problems = new(StringComparer.Ordinal);

    public Questionnaire Questionnaire { get; } = questionnaire ?? throw new ArgumentNullException(nameof(questionnaire));

    public string? this[string? linkId]
    {
        get => linkId is null ? null : _answers.GetValueOrDefault(linkId);
        set
        {
            if (linkId is null)
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                _answers.Remove(linkId);
            }
            else
            {
                _answers[linkId] = value.Trim();
            }

            _problems.Remove(linkId);
        }
    }

    /// <summary>The problem with an item's answer after <see cref="Validate"/>, in Dutch; null when there is none.</summary>
    public string? Problem(string? linkId) => linkId is null ? null : _problems.GetValueOrDefault(linkId);

    /// <summary>How many children were born: a group <c>kind-N</c> (about child N) shows only when there are N.</summary>
    public int Children { get; set; } = 1;

    public bool IsEnabled(Questionnaire.ItemComponent item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Type == Questionnaire.QuestionnaireItemType.Group && item.LinkId is { } group && group.StartsWith("kind-", StringComparison.Ordinal)
            && int.TryParse(group.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var child) && child > Children)
        {
            return false;
        }

        if (item.EnableWhen.Count == 0)
        {
            return true;
        }

        var results = item.EnableWhen.Select(Holds);
        return item.EnableBehavior == Questionnaire.EnableWhenBehavior.Any ? results.Any(r => r) : results.All(r => r);
    }

    private bool Holds(Questionnaire.EnableWhenComponent condition)
    {
        var given = this[condition.Question];
        var expected = Text(condition.Answer);
        return condition.Operator switch
        {
            Questionnaire.QuestionnaireItemOperator.Exists => (given is not null) == (condition.Answer is FhirBoolean { Value: true }),
            Questionnaire.QuestionnaireItemOperator.Equal => given is not null && given == expected,
            Questionnaire.QuestionnaireItemOperator.NotEqual => given != expected,
            Questionnaire.QuestionnaireItemOperator.GreaterThan => Compare(given, expected) > 0,
            Questionnaire.QuestionnaireItemOperator.LessThan => Compare(given, expected) < 0,
            Questionnaire.QuestionnaireItemOperator.GreaterOrEqual => Compare(given, expected) >= 0,
            Questionnaire.QuestionnaireItemOperator.LessOrEqual => Compare(given, expected) <= 0,
            _ => false,
        };
    }

    /// <summary>Negative when given is less; null answers and unlike values never compare.</summary>
    private static int? Compare(string? given, string? expected) =>
        given is null || expected is null ? null
        : decimal.TryParse(given, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) && decimal.TryParse(expected, NumberStyles.Number, CultureInfo.InvariantCulture, out var b) ? a.CompareTo(b)
        : string.CompareOrdinal(given, expected);

    /// <summary>An answer value as the text this form keeps.</summary>
    public static string? Text(DataType? value) => value switch
    {
        FhirBoolean b => b.Value == true ? "true" : "false",
        Coding c => c.Code,
        Integer i => i.Value?.ToString(CultureInfo.InvariantCulture),
        FhirDecimal d => d.Value?.ToString(CultureInfo.InvariantCulture),
        Date d => d.Value,
        Time t => t.Value is { Length: >= 5 } clock ? clock[..5] : t.Value,
        FhirString s => s.Value,
        _ => value?.ToString(),
    };

    /// <summary>Checks every enabled item: required ones answered, numbers whole, dates real. True when there is nothing to fix.</summary>
    public bool Validate()
    {
        _problems.Clear();
        foreach (var item in Enabled(Questionnaire.Item))
        {
            var answer = this[item.LinkId];
            var problem = item.Type switch
            {
                Questionnaire.QuestionnaireItemType.Group or Questionnaire.QuestionnaireItemType.Display => null,
                _ when answer is null => item.Required == true ? "Beantwoord deze vraag." : null,
                Questionnaire.QuestionnaireItemType.Integer when !int.TryParse(answer, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) => "Vul een heel getal in.",
                Questionnaire.QuestionnaireItemType.Decimal when !decimal.TryParse(answer.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) => "Vul een getal in, bijvoorbeeld 34,5.",
                Questionnaire.QuestionnaireItemType.Time when !TimeOnly.TryParseExact(answer, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => "Vul een tijd in, bijvoorbeeld 03:40.",
                Questionnaire.QuestionnaireItemType.Date when !DateOnly.TryParseExact(answer, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => "Vul een geldige datum in.",
                Questionnaire.QuestionnaireItemType.Choice when item.AnswerOption.All(o => Text(o.Value) != answer) => "Kies een van de antwoorden.",
                _ => null,
            };
            if (problem is not null && item.LinkId is { } linkId)
            {
                _problems[linkId] = problem;
            }
        }

        return _problems.Count == 0;
    }

    /// <summary>The items that count now: enabled, and inside enabled groups.</summary>
    private IEnumerable<Questionnaire.ItemComponent> Enabled(IEnumerable<Questionnaire.ItemComponent> items)
    {
        foreach (var item in items.Where(IsEnabled))
        {
            yield return item;
            foreach (var child in Enabled(item.Item))
            {
                yield return child;
            }
        }
    }

    /// <summary>The completed QuestionnaireResponse: the enabled items with their answers, groups nested as in the Questionnaire.</summary>
    public QuestionnaireResponse ToResponse(DateTimeOffset authored)
    {
        var response = new QuestionnaireResponse
        {
            Questionnaire = Questionnaire.Url,
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Authored = authored.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        };
        response.Item.AddRange(Answered(Questionnaire.Item));
        return response;
    }

    private List<QuestionnaireResponse.ItemComponent> Answered(IEnumerable<Questionnaire.ItemComponent> items)
    {
        var answered = new List<QuestionnaireResponse.ItemComponent>();
        foreach (var item in items.Where(IsEnabled))
        {
            if (item.Type == Questionnaire.QuestionnaireItemType.Group)
            {
                var children = Answered(item.Item);
                if (children.Count > 0)
                {
                    answered.Add(new QuestionnaireResponse.ItemComponent { LinkId = item.LinkId, Text = item.Text, Item = children });
                }
            }
            else if (item.Type != Questionnaire.QuestionnaireItemType.Display && Value(item) is { } value)
            {
                answered.Add(new QuestionnaireResponse.ItemComponent { LinkId = item.LinkId, Text = item.Text, Answer = [new QuestionnaireResponse.AnswerComponent { Value = value }] });
            }
        }

        return answered;
    }

    private DataType? Value(Questionnaire.ItemComponent item)
    {
        var answer = this[item.LinkId];
        return answer is null ? null : item.Type switch
        {
            Questionnaire.QuestionnaireItemType.Boolean => new FhirBoolean(answer == "true"),
            Questionnaire.QuestionnaireItemType.Integer => int.TryParse(answer, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? new Integer(number) : null,
            Questionnaire.QuestionnaireItemType.Decimal => decimal.TryParse(answer.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) ? new FhirDecimal(amount) : null,
            Questionnaire.QuestionnaireItemType.Time => TimeOnly.TryParseExact(answer, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock) ? new Time(clock.ToString("HH:mm:ss", CultureInfo.InvariantCulture)) : null,
            Questionnaire.QuestionnaireItemType.Date => new Date(answer),
            Questionnaire.QuestionnaireItemType.Choice => item.AnswerOption.Select(o => o.Value).FirstOrDefault(v => Text(v) == answer) is { } chosen ? (DataType)chosen.DeepCopy() : null,
            _ => new FhirString(answer),
        };
    }
}
