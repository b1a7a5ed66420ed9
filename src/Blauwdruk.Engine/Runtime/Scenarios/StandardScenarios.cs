using Blauwdruk.Engine.Customisation;
using Blauwdruk.Engine.Pathways;
using Microsoft.Extensions.Options;

namespace Blauwdruk.Engine.Runtime.Scenarios;

/// <summary>
/// The scenarios written for the standard (<c>blauwdruk/scenarios/</c> in the pathways folder), for the
/// Designer to play through a draft: their names, one's text, and a scenario text read as if it were
/// one of them, so its <c>pathway: ../blauwdruk.yaml</c> finds the standard.
/// </summary>
public sealed partial class StandardScenarios(IOptions<PathwayOptions> options) : IPublishCheck
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

    /// <summary>
    /// Every scenario of the standard played through a region's pathway (a draft), adapted to it: the steps the region
    /// added are done on the way, its own organisations and deadlines noted. One that fails blocks publishing.
    /// </summary>
    public IReadOnlyList<StandardScenarioRun> RunAll(PathwayDefinition operational, PathwayDefinition standard) =>
        Names().Select(name => ScenarioReader.ReadFile(Path.Combine(Folder, name), name) is { Scenario: { } scenario }
                ? new StandardScenarioRun(name, scenario.Title, ScenarioRunner.Run(scenario, operational, standard))
                : new StandardScenarioRun(name, name, null))
            .ToList();

    /// <summary>
    /// A region's pathway is not published while a scenario of the standard fails on it: each failing scenario by its
    /// title with its first failure, so the coordinator can find the step; null when every scenario passes or cannot apply.
    /// </summary>
    public VersionRefusal? Blocking(PathwayDefinition operational, PathwayDefinition standard)
    {
        var failing = RunAll(operational, standard).Where(r => r.Failed).ToList();
        return failing.Count == 0
            ? null
            : new VersionRefusal(VersionRefusalKind.Conflict,
                $"Publiceren kan niet: {(failing.Count == 1 ? "een scenario" : $"{failing.Count} scenario's")} van de standaard "
                + $"{(failing.Count == 1 ? "loopt" : "lopen")} niet goed door dit concept. "
                + string.Join(" ", failing.Take(3).Select(f => $"'{f.Title}': {Unfiled(f.Result!.Failures[0])}."))
                + (failing.Count > 3 ? $" En {failing.Count - 3} andere." : "")
                + " Pas het concept aan (vaak een stap die de regio toevoegde en die niet kan worden afgerond) en probeer het opnieuw.");
    }

    /// <summary>A scenario failure without its file and line ("nicu.yaml:16: …"), which mean nothing to a coordinator.</summary>
    private static string Unfiled(string failure) => FileAndLine().Replace(failure, "").TrimEnd('.');

    /// <summary>A failure as the Designer lists it under its scenario: "Regel 16: …" instead of the file's name.</summary>
    public static string ByLine(string failure) =>
        FileAndLine().Replace(failure, match => match.Groups[1].Success ? $"Regel {match.Groups[1].Value[1..]}: " : "");

    [System.Text.RegularExpressions.GeneratedRegex(@"^[^:\s]+\.yaml(:\d+)?: ")]
    private static partial System.Text.RegularExpressions.Regex FileAndLine();
}

/// <summary>One scenario of the standard on a region's pathway; <see cref="Result"/> is null when its file could not be read.</summary>
public sealed record StandardScenarioRun(string Name, string Title, ScenarioResult? Result)
{
    /// <summary>It ran and an expectation did not hold, on a journey the region's pathway can take.</summary>
    public bool Failed => Result is { Passed: false, NotApplicable: null };
}
