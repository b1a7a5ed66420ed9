using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.FhirPath;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Blauwdruk.Engine.Pathways;

/// <summary>The outcome of reading a pathway file: a checked definition, or every problem found.</summary>
public sealed record PathwayReadResult(PathwayDefinition? Definition, IReadOnlyList<PathwayError> Errors, SourceMap Source)
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
        Read(File.ReadAllText(path), displayName ?? path, Path.GetDirectoryName(Path.GetFullPath(path)));

    /// <param name="baseDirectory">Where questionnaire files are looked up; null reads none.</param>
    public static PathwayReadResult Read(string yaml, string file, string? baseDirectory = null)
    {
        var positioned = new PositionedYaml(file);
        var definition = new Reader(positioned, baseDirectory).ReadDocument(yaml);
        var errors = positioned.Errors;
        if (definition is not null)
        {
            errors.AddRange(PathwayChecks.Run(definition, positioned.Source));
        }

        var sorted = errors.Distinct().OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return new PathwayReadResult(sorted.Count == 0 ? definition : null, sorted, positioned.Source);
    }

    internal static readonly FhirPathCompiler FhirPath = new();

    /// <summary>Compiles a FHIRPath expression once, when the file is read; null, with the error at <paramref name="at"/>, when it is invalid.</summary>
    internal static CompiledExpression? Compile(PositionedYaml yaml, string expression, YamlNode at, string what)
    {
        try
        {
            return FhirPath.Compile(expression);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
        {
            yaml.Error(at.Start, $"De FHIRPath-expressie van {what} is ongeldig: {ex.Message}");
            return null;
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    internal static partial Regex KebabId();

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    internal static partial Regex CamelId();

    [GeneratedRegex(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemanticVersion();

    [GeneratedRegex(@"^P(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<m>\d+)M)?)?$")]
    private static partial Regex IsoDuration();

    [GeneratedRegex(@"^(?<n>\d+)\s+werkdag(en)?$")]
    private static partial Regex WorkingDays();

    /// <summary>
    /// ISO 8601 durations in weeks, days, hours and minutes (<c>P5D</c>, <c>P2W</c>, <c>PT4H</c>), or
    /// working days (<c>5 werkdagen</c>). Years and months are refused: their length varies, and a
    /// care deadline must mean the same for every client.
    /// </summary>
    internal static PathwayDuration? ParseDuration(string text)
    {
        if (WorkingDays().Match(text) is { Success: true } working)
        {
            var days = int.Parse(working.Groups["n"].Value, CultureInfo.InvariantCulture);
            return days > 0 ? PathwayDuration.Working(days) : null;
        }

        var match = IsoDuration().Match(text);
        if (!match.Success || text is "P" || text.EndsWith('T'))
        {
            return null;
        }

        int Part(string name) => match.Groups[name].Success
            ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture)
            : 0;
        var duration = TimeSpan.FromDays((Part("w") * 7) + Part("d"))
            + TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m"));
        return duration > TimeSpan.Zero ? new PathwayDuration(duration) : null;
    }

    internal sealed class Reader(PositionedYaml yaml, string? baseDirectory)
    {
        private readonly StepReader _steps = new(yaml);

        private static readonly string[] TopLevelKeys =
            ["id", "version", "title", "status", "publisher", "description", "derivesFrom", "workingDays", "roles", "questionnaires", "settings", "facts", "start", "steps", "subpathways", "signals"];


        private static readonly JsonSerializerOptions FhirJson = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

        public PathwayDefinition? ReadDocument(string text)
        {
            if (yaml.LoadRoot(text, "Het bestand bevat geen zorgpad: verwacht een mapping met 'id', 'version', 'title', 'roles', 'start' en 'steps'.") is not { } root)
            {
                return null;
            }

            const string where = "het zorgpad";
            yaml.CheckKeys(root, TopLevelKeys, where);
            var id = yaml.RequiredString(root, "id", where, "id");
            if (id is not null && !KebabId().IsMatch(id))
            {
                yaml.Error(root, "id", $"Ongeldige id '{id}': gebruik kleine letters, cijfers en koppeltekens, beginnend met een letter.");
            }

            var version = yaml.RequiredString(root, "version", where, "version");
            if (version is not null && !SemanticVersion().IsMatch(version))
            {
                yaml.Error(root, "version", $"Ongeldige versie '{version}': gebruik semantische versies, bijvoorbeeld 1.0.0.");
            }

            var steps = new List<StepDefinition>();
            foreach (var node in yaml.RequiredSequence(root, "steps", where))
            {
                _steps.ReadStep(node, within: null, steps);
            }

            var subpathways = ReadSubpathways(root, steps);
            return new PathwayDefinition
            {
                Id = id ?? "",
                Version = version ?? "",
                Title = yaml.RequiredString(root, "title", where, "title") ?? "",
                Status = yaml.ReadEnum(root, "status", "status", PathwayStatus.Draft, ("draft", PathwayStatus.Draft), ("active", PathwayStatus.Active), ("retired", PathwayStatus.Retired)),
                Publisher = yaml.OptionalString(root, "publisher", "publisher"),
                Description = yaml.OptionalString(root, "description", "description"),
                DerivesFrom = ReadDerivesFrom(root),
                WorkingDays = ReadWorkingDays(root) ?? HolidayCalendar.Default,
                StartStepId = yaml.RequiredString(root, "start", where, "start") ?? "",
                Roles = ReadRoles(root),
                Questionnaires = ReadQuestionnaires(root),
                Settings = ReadSettings(root),
                Facts = ReadFacts(root),
                Steps = steps,
                Subpathways = subpathways,
                Signals = ReadSignals(root),
                SourceFile = yaml.Source.File,
            };
        }

        private TemplateReference? ReadDerivesFrom(YamlMappingNode root)
        {
            if (PositionedYaml.Child(root, "derivesFrom") is not { } node)
            {
                return null;
            }

            if (node is not YamlMappingNode mapping)
            {
                yaml.Error(node.Start, "'derivesFrom' is een mapping met 'template' en 'version'.");
                return null;
            }

            yaml.CheckKeys(mapping, ["template", "version"], "derivesFrom");
            var template = yaml.RequiredString(mapping, "template", "derivesFrom", "derivesFrom.template");
            var version = yaml.RequiredString(mapping, "version", "derivesFrom", "derivesFrom.version");
            return template is null || version is null ? null : new TemplateReference(template, version);
        }

        /// <summary>
        /// The <c>workingDays</c> block: which holidays a deadline in working days skips, a key left out being
        /// false (the cao default). Null when there is no block: a pathway then has the default, an overlay its template's.
        /// </summary>
        internal HolidayCalendar? ReadWorkingDays(YamlMappingNode root)
        {
            if (PositionedYaml.Child(root, "workingDays") is not { } node)
            {
                return null;
            }

            yaml.Source.Add("workingDays", node.Start);
            if (node is not YamlMappingNode mapping)
            {
                yaml.Error(node.Start, "'workingDays' is een mapping met 'liberationDayEveryYear' en 'goodFriday', elk true of false.");
                return null;
            }

            yaml.CheckKeys(mapping, ["liberationDayEveryYear", "goodFriday"], "workingDays");
            return new HolidayCalendar(
                yaml.ReadBool(mapping, "liberationDayEveryYear", "workingDays.liberationDayEveryYear") ?? false,
                yaml.ReadBool(mapping, "goodFriday", "workingDays.goodFriday") ?? false);
        }

        /// <summary>The template's <c>settings</c>: each an id, a Dutch label, a default and its bounds (whole numbers).</summary>
        private List<SettingDefinition> ReadSettings(YamlMappingNode root)
        {
            var settings = new List<SettingDefinition>();
            foreach (var mapping in yaml.Mappings(yaml.OptionalSequence(root, "settings"), "Een instelling is een mapping met 'id', 'label', 'default', 'min' en 'max'."))
            {
                yaml.CheckKeys(mapping, ["id", "label", "default", "min", "max"], "een instelling");
                var id = yaml.RequiredString(mapping, "id", "een instelling", null);
                if (id is null || !yaml.Unique(mapping, "setting", id, settings.Select(s => s.Id), "Instelling"))
                {
                    continue;
                }

                var key = $"setting:{id}";
                yaml.Source.Add(key, PositionedYaml.Child(mapping, "id")!.Start);
                var label = yaml.RequiredString(mapping, "label", $"instelling {id}", $"{key}.label") ?? id;
                var (@default, min, max) = (Number(mapping, "default", id), Number(mapping, "min", id), Number(mapping, "max", id));
                if (@default is null || min is null || max is null)
                {
                    continue;
                }

                if (min > max || @default < min || @default > max)
                {
                    yaml.Error(mapping, "default", $"Instelling '{id}': de standaardwaarde {@default} ligt niet tussen min {min} en max {max}.");
                    continue;
                }

                settings.Add(new SettingDefinition(id, label, @default.Value, min.Value, max.Value));
            }

            return settings;
        }

        /// <summary>A whole number under <paramref name="field"/>; null, with an error at its position, when it is missing or not one.</summary>
        internal int? Number(YamlMappingNode mapping, string field, string setting)
        {
            var text = yaml.RequiredString(mapping, field, $"instelling {setting}", null);
            if (text is null)
            {
                return null;
            }

            if (PositionedYaml.TryInteger(text, out var value))
            {
                return value;
            }

            yaml.Error(PositionedYaml.Child(mapping, field)!.Start, $"'{field}' van instelling '{setting}' is een heel getal, niet '{text}'.");
            return null;
        }

        private List<RoleDefinition> ReadRoles(YamlMappingNode root)
        {
            var roles = new List<RoleDefinition>();
            foreach (var mapping in yaml.Mappings(yaml.RequiredSequence(root, "roles", "het zorgpad"), "Een rol is een mapping met 'id' en 'label'."))
            {
                yaml.CheckKeys(mapping, ["id", "label", "careTeam", "assignment"], "een rol");
                var id = yaml.RequiredString(mapping, "id", "een rol", null);
                if (id is null || !yaml.Unique(mapping, "role", id, roles.Select(r => r.Id), "Rol"))
                {
                    continue;
                }

                var key = $"role:{id}";
                yaml.Source.Add(key, PositionedYaml.Child(mapping, "id")!.Start);
                var label = yaml.RequiredString(mapping, "label", $"rol {id}", $"{key}.label") ?? id;
                var assignment = yaml.ReadEnum(mapping, "assignment", $"{key}.assignment", RoleAssignment.Organisation,
                    ("organisation", RoleAssignment.Organisation), ("raiser", RoleAssignment.Raiser));
                roles.Add(new RoleDefinition(id, label, yaml.ReadBool(mapping, "careTeam", $"{key}.careTeam") ?? true, assignment));
            }

            return roles;
        }

        internal List<QuestionnaireDefinition> ReadQuestionnaires(YamlMappingNode root)
        {
            var questionnaires = new List<QuestionnaireDefinition>();
            foreach (var mapping in yaml.Mappings(yaml.OptionalSequence(root, "questionnaires"), "Een vragenlijst is een mapping met 'id' en 'file'."))
            {
                yaml.CheckKeys(mapping, ["id", "file"], "een vragenlijst");
                var id = yaml.RequiredString(mapping, "id", "een vragenlijst", null);
                if (id is null || !yaml.Unique(mapping, "questionnaire", id, questionnaires.Select(q => q.Id), "Vragenlijst"))
                {
                    continue;
                }

                var key = $"questionnaire:{id}";
                yaml.Source.Add(key, PositionedYaml.Child(mapping, "id")!.Start);
                var path = yaml.RequiredString(mapping, "file", $"vragenlijst {id}", $"{key}.file");
                if (path is not null && LoadQuestionnaire(id, path, PositionedYaml.Child(mapping, "file")!.Start) is { } resource)
                {
                    questionnaires.Add(new QuestionnaireDefinition(id, path, resource));
                }
            }

            return questionnaires;
        }

        private Questionnaire? LoadQuestionnaire(string id, string path, Mark at)
        {
            if (baseDirectory is null)
            {
                yaml.Error(at, $"Vragenlijst '{id}': het bestand '{path}' kan niet gelezen worden zonder map van het zorgpad.");
                return null;
            }

            var full = Path.Combine(baseDirectory, path);
            if (!File.Exists(full))
            {
                yaml.Error(at, $"Vragenlijst '{id}': bestand '{path}' bestaat niet (gezocht in {baseDirectory}).");
                return null;
            }

            try
            {
                var questionnaire = JsonSerializer.Deserialize<Questionnaire>(File.ReadAllText(full), FhirJson)!;
                if (string.IsNullOrEmpty(questionnaire.Url))
                {
                    yaml.Error(at, $"Vragenlijst '{id}': '{path}' heeft geen 'url'; een QuestionnaireResponse verwijst ernaar.");
                    return null;
                }

                return questionnaire;
            }
            catch (Exception ex) when (ex is JsonException or DeserializationFailedException)
            {
                yaml.Error(at, $"Vragenlijst '{id}': '{path}' is geen geldige FHIR R4 Questionnaire: {ex.Message}");
                return null;
            }
        }

        internal List<FactDefinition> ReadFacts(YamlMappingNode root)
        {
            var facts = new List<FactDefinition>();
            foreach (var mapping in yaml.Mappings(yaml.OptionalSequence(root, "facts"), "Een feit is een mapping met 'id', 'label' en 'expression'."))
            {
                yaml.CheckKeys(mapping, ["id", "label", "expression", "riskFactor", "instrument"], "een feit");
                var id = yaml.RequiredString(mapping, "id", "een feit", null);
                if (id is null || !yaml.Unique(mapping, "fact", id, facts.Select(f => f.Id), "Feit"))
                {
                    continue;
                }

                var key = $"fact:{id}";
                yaml.Source.Add(key, PositionedYaml.Child(mapping, "id")!.Start);
                if (!CamelId().IsMatch(id))
                {
                    yaml.Error(mapping, "id", $"Ongeldige naam van feit '{id}': gebruik camelCase (bijvoorbeeld ppsScore), zodat voorwaarden het als %{id} kunnen gebruiken.");
                }

                var label = yaml.RequiredString(mapping, "label", $"feit {id}", $"{key}.label") ?? id;
                var expression = yaml.RequiredString(mapping, "expression", $"feit {id}", $"{key}.expression");
                if (expression is not null && Compile(yaml, expression, PositionedYaml.Child(mapping, "expression")!, $"feit '{id}'") is { } compiled)
                {
                    facts.Add(new FactDefinition(id, label, expression, compiled)
                    {
                        RiskFactor = yaml.ReadBool(mapping, "riskFactor", $"{key}.riskFactor") ?? false,
                        Instrument = yaml.OptionalString(mapping, "instrument", $"{key}.instrument"),
                    });
                }
            }

            return facts;
        }

        private List<SubpathwayDefinition> ReadSubpathways(YamlMappingNode root, List<StepDefinition> steps)
        {
            var subpathways = new List<SubpathwayDefinition>();
            foreach (var mapping in yaml.Mappings(yaml.OptionalSequence(root, "subpathways"), "Een deelpad is een mapping met 'id', 'title', 'start' en 'steps'."))
            {
                yaml.CheckKeys(mapping, ["id", "title", "description", "start", "steps"], "een deelpad");
                var id = yaml.RequiredString(mapping, "id", "een deelpad", null);
                if (id is null || !yaml.Unique(mapping, "subpathway", id, subpathways.Select(s => s.Id), "Deelpad"))
                {
                    continue;
                }

                var key = $"subpathway:{id}";
                yaml.Source.Add(key, PositionedYaml.Child(mapping, "id")!.Start);
                var where = $"deelpad {id}";
                subpathways.Add(new SubpathwayDefinition(
                    id,
                    yaml.RequiredString(mapping, "title", where, $"{key}.title") ?? id,
                    yaml.RequiredString(mapping, "start", where, $"{key}.start") ?? "",
                    yaml.OptionalString(mapping, "description", $"{key}.description")));
                foreach (var node in yaml.RequiredSequence(mapping, "steps", where))
                {
                    _steps.ReadStep(node, id, steps);
                }
            }

            return subpathways;
        }

        private List<SignalDefinition> ReadSignals(YamlMappingNode root)
        {
            var signals = new List<SignalDefinition>();
            foreach (var mapping in yaml.Mappings(yaml.OptionalSequence(root, "signals"), "Een signaal is een mapping met 'id' en 'label'."))
            {
                yaml.CheckKeys(mapping, ["id", "label", "description", "raisedBy", "starts", "interrupts", "goesTo", "records"], "een signaal");
                var id = yaml.RequiredString(mapping, "id", "een signaal", null);
                if (id is null || !yaml.Unique(mapping, "signal", id, signals.Select(s => s.Id), "Signaal"))
                {
                    continue;
                }

                var key = $"signal:{id}";
                yaml.Source.Add(key, PositionedYaml.Child(mapping, "id")!.Start);
                signals.Add(new SignalDefinition
                {
                    Id = id,
                    Label = yaml.RequiredString(mapping, "label", $"signaal {id}", $"{key}.label") ?? id,
                    Description = yaml.OptionalString(mapping, "description", $"{key}.description"),
                    RaisedBy = yaml.StringList(mapping, "raisedBy", $"{key}.raisedBy"),
                    Starts = yaml.OptionalString(mapping, "starts", $"{key}.starts"),
                    GoesTo = yaml.OptionalString(mapping, "goesTo", $"{key}.goesTo"),
                    Interrupts = PositionedYaml.Child(mapping, "interrupts") is null ? null : _steps.ReadPhase(mapping, $"{key}.interrupts"),
                    Records = PositionedYaml.Child(mapping, "records") is null ? null : yaml.ReadEnum(mapping, "records", $"{key}.records", DeadlineAnchor.BirthDate,
                        ("expectedDeliveryDate", DeadlineAnchor.ExpectedDeliveryDate), ("birthDate", DeadlineAnchor.BirthDate)),
                });
            }

            return signals;
        }
    }
}
