using System.Globalization;

namespace Blauwdruk.Engine.Pathways;

/// <summary>
/// How long the texts of the pathway language may be. A professional reads a step's instructions on a
/// phone between two consultations; a page of text is not read. Every reader of the language (pathways,
/// overlays) checks them at the text's position, so the Designer shows the same error beside the field.
/// </summary>
public static class TextLimits
{
    public const int Instructions = 2000;
    public const int Description = 2000;
    public const int Label = 200;

    /// <summary>The limit of a field of the pathway language, or null for a field without one (ids, expressions).</summary>
    public static int? For(string field) => field switch
    {
        "instructions" => Instructions,
        "description" => Description,
        "label" or "title" => Label,
        _ => null,
    };

    /// <summary>The Dutch error for a text over its limit, or null when it fits.</summary>
    public static string? Exceeded(string field, string text)
    {
        if (For(field) is not { } limit || text.Length <= limit)
        {
            return null;
        }

        var dutch = CultureInfo.GetCultureInfo("nl-NL");
        var over = text.Length - limit;
        return $"De tekst bij '{field}' is {text.Length.ToString("N0", dutch)} tekens lang; hoogstens {limit.ToString("N0", dutch)}. "
            + $"Kort hem met {over.ToString("N0", dutch)} {(over == 1 ? "teken" : "tekens")} in.";
    }
}
