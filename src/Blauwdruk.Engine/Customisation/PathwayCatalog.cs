using Blauwdruk.Engine.Pathways;
using System.Collections.Concurrent;

namespace Blauwdruk.Engine.Customisation;

/// <summary>
/// The pathway versions the host runs: the templates under <c>blauwdruk/</c>, the regions' operational
/// pathways under <c>regio/</c> (each merged with its template) and versions published through the
/// API. Read and checked at start-up; a file with errors stops the start: an unchecked pathway must
/// never reach a client.
/// </summary>
public sealed class PathwayCatalog
{
    private readonly ConcurrentDictionary<(string Id, string Version), PathwayDefinition> _versions = new();

    public PathwayCatalog(IEnumerable<PathwayDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        foreach (var definition in definitions)
        {
            Register(definition);
        }
    }

    /// <summary>The newest version of each pathway.</summary>
    public IReadOnlyCollection<PathwayDefinition> All =>
        _versions.Values.GroupBy(d => d.Id).Select(g => g.MaxBy(d => SemanticVersion(d.Version))!).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    public IReadOnlyCollection<PathwayDefinition> Versions(string id) =>
        _versions.Values.Where(d => d.Id == id).OrderBy(d => SemanticVersion(d.Version)).ToList();

    /// <summary>The newest version of a pathway.</summary>
    public PathwayDefinition? Find(string id) => Versions(id).LastOrDefault();

    public PathwayDefinition? Find(string id, string version) => _versions.GetValueOrDefault((id, version));

    /// <summary>
    /// The pathway a client starts on: the one named (its newest version), or, without a name, the region's
    /// operational pathway for her municipality; a Dutch problem when there is none, or more than one.
    /// </summary>
    public PathwayChoice Choose(string? pathwayId, string municipality)
    {
        if (pathwayId is not null)
        {
            return Find(pathwayId) is { } named ? new(named, null, false) : new(null, $"Zorgpad '{pathwayId}' bestaat niet.", false);
        }

        var regional = ForMunicipality(municipality);
        return regional.Count switch
        {
            1 => new(regional[0], null, false),
            0 => new(null, $"Er is geen operationeel zorgpad voor gemeente {municipality}; noem het zorgpad (pathwayId).", false),
            _ => new(null, $"Gemeente {municipality} valt onder meer dan één operationeel zorgpad ({string.Join(", ", regional.Select(d => d.Id))}); noem het zorgpad (pathwayId).", true),
        };
    }

    /// <summary>The operational pathways a new instance can start on: the newest version of each region's, unless it is retired.</summary>
    public IReadOnlyList<PathwayDefinition> Startable =>
        All.Where(d => d.IsOperational && d.Status != PathwayStatus.Retired).ToList();

    /// <summary>The startable operational pathways that cover a municipality.</summary>
    public IReadOnlyList<PathwayDefinition> ForMunicipality(string municipality) =>
        Startable.Where(d => d.Municipalities.Any(m => m.Code == municipality)).ToList();

    /// <summary>A role as people read it: its label in a pathway, or the name of a role outside the pathways.</summary>
    public string RoleLabel(string role) =>
        All.Select(d => d.FindRole(role)?.Label).FirstOrDefault(label => label is not null)
        ?? role switch
        {
            PathwayVersions.CoordinatorRole => "Regiocoördinator",
            "sjabloonbeheerder" => "Beheerder van de standaard",
            "functioneel-beheerder" => "Functioneel beheerder",
            _ => role,
        };

    /// <summary>
    /// Whether the actor holds a care role of some pathway (verloskundige, JGZ-verpleegkundige, …), as
    /// opposed to a role that configures pathways only. Lists of client data are for care roles alone.
    /// </summary>
    public bool IsCareProfessional(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.Roles.Any(role => _versions.Values.Any(d => d.FindRole(role) is not null));
    }

    /// <summary>
    /// Whether one of these roles leads the care in an active pathway, so may start one
    /// (<see cref="PathwayDefinition.LeadRoles"/>, as StartInstance checks).
    /// </summary>
    public bool MayStart(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var held = roles.ToHashSet(StringComparer.Ordinal);
        return All.Any(d => d.Status == PathwayStatus.Active && d.LeadRoles.Any(r => held.Contains(r) && d.FindRole(r) is not null));
    }

    /// <summary>Adds a version; a version is immutable, so registering it again with other content is an error.</summary>
    public void Register(PathwayDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var existing = _versions.GetOrAdd((definition.Id, definition.Version), definition);
        if (!ReferenceEquals(existing, definition) && PathwayFingerprint.Of(existing) != PathwayFingerprint.Of(definition))
        {
            throw new InvalidOperationException($"Pathway {definition.Id} {definition.Version} is already loaded with other content; publish a new version.");
        }
    }

    /// <summary>Reads every template in <c>blauwdruk/</c> and every overlay in <c>regio/</c> under <paramref name="directory"/>.</summary>
    public static PathwayCatalog LoadFrom(string directory)
    {
        var templatesDirectory = Path.Combine(directory, "blauwdruk");
        if (!Directory.Exists(templatesDirectory))
        {
            throw new DirectoryNotFoundException($"Pathway directory '{templatesDirectory}' does not exist; set Pathways:Directory.");
        }

        var templates = OperationalPathways.ReadTemplates(templatesDirectory, directory);
        var errors = templates.SelectMany(t => t.Errors).ToList();
        var regions = Path.Combine(directory, "regio");
        var operational = Directory.Exists(regions)
            ? Directory.GetFiles(regions, "*.yaml").Order(StringComparer.Ordinal)
                .Select(path => OperationalPathways.ReadFile(path, templates, Path.GetRelativePath(directory, path))).ToList()
            : [];
        errors.AddRange(operational.SelectMany(o => o.Errors));
        if (errors.Count > 0)
        {
            throw new InvalidPathwayException(errors);
        }

        return new PathwayCatalog(templates.Select(t => t.Definition!).Concat(operational.Select(o => o.Definition!)));
    }

    /// <summary>Orders versions as numbers (1.10.0 after 1.9.0); a pre-release sorts before its release.</summary>
    public static (int, int, int, int, string) SemanticVersion(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var (core, pre) = version.Split('-', 2) is [var c, var p] ? (c, p) : (version, "");
        var parts = core.Split('.').Select(p => int.TryParse(p, out var n) ? n : 0).Concat([0, 0, 0]).ToArray();
        return (parts[0], parts[1], parts[2], pre.Length == 0 ? 1 : 0, pre);
    }
}

/// <summary>The pathway chosen for a client, or why none could be (<see cref="Ambiguous"/>: more than one region's pathway covers her municipality).</summary>
public sealed record PathwayChoice(PathwayDefinition? Definition, string? Problem, bool Ambiguous);
