namespace Blauwdruk.Engine.Pathways;

/// <summary>
/// The pathways the host runs, read and checked once at start-up from the pathways directory.
/// A file with errors stops the start: an unchecked pathway must never reach a client.
/// </summary>
public sealed class PathwayCatalog
{
    private readonly Dictionary<string, PathwayDefinition> _byId;

    public PathwayCatalog(IEnumerable<PathwayDefinition> definitions)
    {
        _byId = definitions.ToDictionary(d => d.Id, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<PathwayDefinition> All => _byId.Values;

    public PathwayDefinition? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Reads every <c>*.yaml</c> in the template folder <c>blauwdruk/</c> under <paramref name="directory"/>.</summary>
    public static PathwayCatalog LoadFrom(string directory)
    {
        var templates = Path.Combine(directory, "blauwdruk");
        if (!Directory.Exists(templates))
        {
            throw new DirectoryNotFoundException($"Pathway directory '{templates}' does not exist; set Pathways:Directory.");
        }

        var results = Directory.GetFiles(templates, "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(path => PathwayReader.ReadFile(path, Path.GetRelativePath(directory, path)))
            .ToList();
        var errors = results.SelectMany(r => r.Errors).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidPathwayException(errors);
        }

        return new PathwayCatalog(results.Select(r => r.Definition!));
    }
}
