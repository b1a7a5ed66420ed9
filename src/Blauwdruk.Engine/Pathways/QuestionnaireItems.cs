using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Pathways;

/// <summary>The items of a Questionnaire or a QuestionnaireResponse, groups and what they hold, in document order.</summary>
public static class QuestionnaireItems
{
    public static IEnumerable<Questionnaire.ItemComponent> Flatten(this IEnumerable<Questionnaire.ItemComponent> items) =>
        items.SelectMany(i => i.Item.Flatten().Prepend(i));

    public static IEnumerable<QuestionnaireResponse.ItemComponent> Flatten(this IEnumerable<QuestionnaireResponse.ItemComponent> items) =>
        items.SelectMany(i => i.Item.Flatten().Prepend(i));
}
