using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Blauwdruk.Engine.Pathways;

/// <summary>The outcome of reading a pathway file: a checked definition, or every problem found.</summary>
public sealed record PathwayReadResult(PathwayDefinition? Definition, IReadOnlyList<PathwayError> Errors)
{
    public bool IsValid => Definition is not null && Errors.Count == 0;

    public PathwayDefinition GetValidDefinition() =>
        IsValid ? Definition! : throw new InvalidPathwayException(Errors);
}

/// <summary>
/// Reads a pathway file (YAML) into a <see cref="PathwayDefinition"/> and runs the static checks.
/// Reads the YAML representation model rather than deserialising into objects, so every problem can
/// name the line and column an author has to fix; all problems are reported at once.
/// </summary>
public static partial class PathwayReader
{
    public static PathwayReadResult ReadFile(string path, string? displayName = null) =>
        Read(File.ReadAllText(path), displayName ?? path);

    public static PathwayReadResult Read(string yaml, string file)
    {
        var reader = new Reader(file);
        var definition = reader.ReadDocument(yaml);
        if (definition is not null)
        {
            PathwayChecks.Run(definition, reader);
        }

        var errors = reader.Errors
            .OrderBy(e => e.Line).ThenBy(e => e.Column)
            .ToList();
        return new PathwayReadResult(errors.Count == 0 ? definition : null, errors);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex KebabId();

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex StepId();

    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemanticVersion();

    [GeneratedRegex(@"^P(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<m>\d+)M)?)?$")]
    private static partial Regex IsoDuration();

    /// <summary>
    /// ISO 8601 durations in weeks, days, hours and minutes. Years and months are refused: their
    /// length varies, and a care deadline must mean the same for every client.
    /// </summary>
    internal static TimeSpan? ParseDuration(string text)
    {
        var match = IsoDuration().Match(text);
        if (!match.Success || text is "P" or "PT" || text.EndsWith('T'))
        {
            return null;
        }

        int Part(string name) => match.Groups[name].Success
            ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture)
            : 0;
        var duration = TimeSpan.FromDays((Part("w") * 7) + Part("d"))
            + TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m"));
        return duration > TimeSpan.Zero ? duration : null;
    }

    /// <summary>Where each element of a definition was written, for the checks' messages.</summary>
    internal sealed class Reader(string file)
    {
        private static readonly string[] TopLevelKeys = ["id", "version", "title", "status", "publisher", "roles", "start", "steps"];
        private static readonly string[] RoleKeys = ["id", "label"];
        private static readonly string[] StepKeys = ["id", "kind", "label", "description", "role", "deadline", "next"];

        public string File { get; } = file;
        public List<PathwayError> Errors { get; } = [];
        public Dictionary<object, Mark> Positions { get; } = new(ReferenceEqualityComparer.Instance);
        public Dictionary<(string StepId, string Key), Mark> StepFieldPositions { get; } = [];
        public Mark StartPosition { get; private set; } = Mark.Empty;

        public void Error(Mark at, string message) =>
            Errors.Add(new PathwayError(File, (int)at.Line, (int)at.Column, message));

        public PathwayDefinition? ReadDocument(string yaml)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(yaml));
            }
            catch (YamlException ex)
            {
                Error(ex.Start, $"Geen geldige YAML: {ex.Message}");
                return null;
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Error(new Mark(), "Het bestand bevat geen zorgpad: verwacht een mapping met 'id', 'version', 'title', 'roles', 'start' en 'steps'.");
                return null;
            }

            CheckKeys(root, TopLevelKeys, "het zorgpad");
            var id = RequiredString(root, "id", "het zorgpad");
            if (id is not null && !KebabId().IsMatch(id.Value))
            {
                Error(id.Start, $"Ongeldige id '{id.Value}': gebruik kleine letters, cijfers en koppeltekens, beginnend met een letter.");
            }

            var version = RequiredString(root, "version", "het zorgpad");
            if (version is not null && !SemanticVersion().IsMatch(version.Value))
            {
                Error(version.Start, $"Ongeldige versie '{version.Value}': gebruik semantische versies, bijvoorbeeld 1.0.0.");
            }

            var title = RequiredString(root, "title", "het zorgpad");
            var status = ReadStatus(root);
            var start = RequiredString(root, "start", "het zorgpad");
            StartPosition = start?.Start ?? root.Start;
            var roles = ReadRoles(root);
            var steps = ReadSteps(root);

            return new PathwayDefinition
            {
                Id = id?.Value ?? "",
                Version = version?.Value ?? "",
                Title = title?.Value ?? "",
                Status = status,
                Publisher = OptionalString(root, "publisher")?.Value,
                StartStepId = start?.Value ?? "",
                Roles = roles,
                Steps = steps,
                SourceFile = File,
            };
        }

        private PathwayStatus ReadStatus(YamlMappingNode root)
        {
            var status = OptionalString(root, "status");
            if (status is null)
            {
                return PathwayStatus.Draft;
            }

            switch (status.Value)
            {
                case "draft": return PathwayStatus.Draft;
                case "active": return PathwayStatus.Active;
                case "retired": return PathwayStatus.Retired;
                default:
                    Error(status.Start, $"Onbekende status '{status.Value}': kies draft, active of retired.");
                    return PathwayStatus.Draft;
            }
        }

        private List<RoleDefinition> ReadRoles(YamlMappingNode root)
        {
            var roles = new List<RoleDefinition>();
            foreach (var item in RequiredSequence(root, "roles", "het zorgpad"))
            {
                if (item is not YamlMappingNode mapping)
                {
                    Error(item.Start, "Een rol is een mapping met 'id' en 'label'.");
                    continue;
                }

                CheckKeys(mapping, RoleKeys, "een rol");
                var id = RequiredString(mapping, "id", "een rol");
                var label = RequiredString(mapping, "label", "rol " + (id?.Value ?? "?"));
                if (id is null)
                {
                    continue;
                }

                if (roles.Any(r => r.Id == id.Value))
                {
                    Error(id.Start, $"Rol '{id.Value}' is dubbel gedefinieerd.");
                    continue;
                }

                var role = new RoleDefinition(id.Value, label?.Value ?? id.Value);
                Positions[role] = id.Start;
                roles.Add(role);
            }

            return roles;
        }

        private List<StepDefinition> ReadSteps(YamlMappingNode root)
        {
            var steps = new List<StepDefinition>();
            foreach (var item in RequiredSequence(root, "steps", "het zorgpad"))
            {
                if (item is not YamlMappingNode mapping)
                {
                    Error(item.Start, "Een stap is een mapping met ten minste 'id', 'kind' en 'label'.");
                    continue;
                }

                var id = RequiredString(mapping, "id", "een stap");
                var where = "stap " + (id?.Value ?? "?");
                CheckKeys(mapping, StepKeys, where);
                if (id is null)
                {
                    continue;
                }

                if (!StepId().IsMatch(id.Value))
                {
                    Error(id.Start, $"Ongeldige stap-id '{id.Value}': gebruik hoofdletters, cijfers en underscores, beginnend met een letter (bijvoorbeeld SCREEN_PPS).");
                }

                if (steps.FirstOrDefault(s => s.Id == id.Value) is { } earlier)
                {
                    Error(id.Start, $"Stap-id '{id.Value}' komt twee keer voor (eerder op regel {Positions[earlier].Line}).");
                    continue;
                }

                foreach (var (key, _) in mapping.Children)
                {
                    if (key is YamlScalarNode scalar && scalar.Value is not null)
                    {
                        StepFieldPositions[(id.Value, scalar.Value)] = key.Start;
                    }
                }

                var step = new StepDefinition
                {
                    Id = id.Value,
                    Kind = ReadKind(mapping, where),
                    Label = RequiredString(mapping, "label", where)?.Value ?? id.Value,
                    Description = OptionalString(mapping, "description")?.Value,
                    Role = OptionalString(mapping, "role")?.Value,
                    Deadline = ReadDeadline(mapping),
                    Next = OptionalString(mapping, "next")?.Value,
                };
                Positions[step] = id.Start;
                steps.Add(step);
            }

            return steps;
        }

        private StepKind ReadKind(YamlMappingNode mapping, string where)
        {
            var kind = RequiredString(mapping, "kind", where);
            switch (kind?.Value)
            {
                case null: return StepKind.Task;
                case "task": return StepKind.Task;
                case "end": return StepKind.End;
                default:
                    Error(kind.Start, $"Onbekend staptype '{kind.Value}' bij {where}: kies task of end.");
                    return StepKind.Task;
            }
        }

        private TimeSpan? ReadDeadline(YamlMappingNode mapping)
        {
            var deadline = OptionalString(mapping, "deadline");
            if (deadline is null)
            {
                return null;
            }

            var duration = ParseDuration(deadline.Value);
            if (duration is null)
            {
                Error(deadline.Start, $"Ongeldige termijn '{deadline.Value}': gebruik een ISO 8601-duur in weken, dagen, uren of minuten, bijvoorbeeld P5D (5 dagen), P2W (2 weken) of PT4H (4 uur).");
            }

            return duration;
        }

        private void CheckKeys(YamlMappingNode mapping, string[] allowed, string where)
        {
            foreach (var (key, _) in mapping.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(name))
                {
                    Error(key.Start, $"Onbekend veld '{name}' bij {where}; toegestaan: {string.Join(", ", allowed)}.");
                }
            }
        }

        private Located? OptionalString(YamlMappingNode mapping, string key)
        {
            if (!mapping.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                return null;
            }

            if (node is YamlScalarNode { Value: { Length: > 0 } value })
            {
                return new Located(value, node.Start);
            }

            Error(node.Start, $"Veld '{key}' moet een tekst zijn.");
            return null;
        }

        private Located? RequiredString(YamlMappingNode mapping, string key, string where)
        {
            if (!mapping.Children.ContainsKey(new YamlScalarNode(key)))
            {
                Error(mapping.Start, $"Verplicht veld '{key}' ontbreekt bij {where}.");
                return null;
            }

            return OptionalString(mapping, key);
        }

        private IEnumerable<YamlNode> RequiredSequence(YamlMappingNode mapping, string key, string where)
        {
            if (!mapping.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                Error(mapping.Start, $"Verplicht veld '{key}' ontbreekt bij {where}.");
                return [];
            }

            if (node is YamlSequenceNode sequence)
            {
                return sequence.Children;
            }

            Error(node.Start, $"Veld '{key}' moet een lijst zijn.");
            return [];
        }
    }

    internal sealed record Located(string Value, Mark Start);
}
