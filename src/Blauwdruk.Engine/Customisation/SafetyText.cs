using System.Text.RegularExpressions;

namespace Blauwdruk.Engine.Customisation;

/// <summary>
/// The sentences of the standard's texts about safety ("Bij zorg over de veiligheid … start u de Meldcode"): a region
/// may add to a step's text, but such a sentence stays. Its own text follows the standard's safety sentences.
/// </summary>
public static partial class SafetyText
{
    /// <summary>The sentences of a text that are about safety, the Meldcode or Veilig Thuis, in their order.</summary>
    public static IReadOnlyList<string> Sentences(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : SentenceEnd().Split(Normalised(text)).Where(s => AboutSafety().IsMatch(s)).ToList();

    /// <summary>The safety sentences of the standard's text that the region's text leaves out.</summary>
    public static IReadOnlyList<string> Dropped(string? standard, string? region) =>
        region is null ? [] : Sentences(standard).Where(s => !Normalised(region).Contains(s, StringComparison.Ordinal)).ToList();

    /// <summary>The region's text with the standard's safety sentences it left out before it; null when the region gave none.</summary>
    public static string? Kept(string? standard, string? region) =>
        Dropped(standard, region) is { Count: > 0 } dropped ? $"{string.Join(" ", dropped)} {region!.Trim()}" : region;

    private static string Normalised(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"veiligheid|veilig thuis|meldcode|onveilig", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AboutSafety();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
