using Blauwdruk.Engine.Pathways;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Runtime.Scenarios;

/// <summary>
/// The scenarios written for the standard (<c>blauwdruk/scenarios/</c> in the pathways folder), for the
/// Designer to play through a draft: their names, one's text, and a scenario text read as if it were
/// one of them, so its <c>pathway: ../blauwdruk.yaml</c> finds the standard.
/// </summary>
public sealed class StandardScenarios(IOptions<PathwayOptions> options)
{
    private string Folder => Path.Combine(options.Value.Directory, "blauwdruk", "scenarios");

    /// <summary>The file names (<c>meldcode.yaml</c>, …) in order; none when the folder is missing.</summary>
    public IReadOnlyList<string> Names() =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>The text of one of <see cref="Names"/>; null for any other name, so no path leads outside the folder.</summary>
    public async Task<string?> ReadAsync(string name, CancellationToken cancellationToken) =>
        Names().Contains(name, StringComparer.Ordinal)
            ? await File.ReadAllTextAsync(Path.Combine(Folder, name), cancellationToken)
            : null;

    /// <summary>Reads a scenario text (one of the standard's, perhaps changed, or written anew) with every problem on its line.</summary>
    public ScenarioReadResult Read(string yaml) => ScenarioReader.Read(yaml, "scenario.yaml", Folder);
}
