using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace Blauwdruk.Engine.Conformance;

/// <summary>
/// Firely writes a location with an index on every step (<c>Bundle.entry[3].resource[0].name[0]</c>); this walks
/// it through the instance and keeps the index only where the element repeats
/// (<c>Bundle.entry[3].resource.name[0]</c>), as FHIRPath reads and as <see cref="DocumentReferences"/> writes it.
/// A step the instance does not have ends the walk; the rest is kept as Firely wrote it.
/// </summary>
internal static partial class IssueLocation
{
    public static string Normalise(Base root, string location)
    {
        var steps = location.Split('.');
        if (steps.Length < 2)
        {
            return location;
        }

        var current = root;
        var written = new List<string> { steps[0] };
        for (var s = 1; s < steps.Length; s++)
        {
            var step = Step().Match(steps[s]);
            var value = current is null || !step.Success ? null : current.EnumerateElements().FirstOrDefault(e => e.Key == step.Groups[1].Value).Value;
            var index = step.Groups[2].Success ? int.Parse(step.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            switch (value)
            {
                case Base single:
                    written.Add(step.Groups[1].Value);
                    current = single;
                    break;
                case IEnumerable<Base> items:
                    written.Add($"{step.Groups[1].Value}[{index}]");
                    current = items.ElementAtOrDefault(index);
                    break;
                default:
                    written.AddRange(steps[s..]);
                    return string.Join('.', written);
            }
        }

        return string.Join('.', written);
    }

    [GeneratedRegex(@"^(\w+)(?:\[(\d+)\])?$")]
    private static partial Regex Step();
}
