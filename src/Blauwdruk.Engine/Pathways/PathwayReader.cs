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
        var reader = new Reader(file, baseDirectory);
        var definition = reader.ReadDocument(yaml);
        var errors = reader.Errors;
        if (definition is not null)
        {
            errors.AddRange(PathwayChecks.Run(definition, reader.Source));
        }

        var sorted = errors.Distinct().OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return new PathwayReadResult(sorted.Count == 0 ? definition : null, sorted, reader.Source);
    }

    internal static readonly FhirPathCompiler FhirPath = new();

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    internal static partial Regex KebabId();

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    internal static partial Regex CamelId();

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    internal static partial Regex StepId();

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

    internal sealed class Reader(string file, string? baseDirectory)
    {
        private static readonly string[] TopLevelKeys =
            ["id", "version", "title", "status", "publisher", "description", "derivesFrom", "roles", "questionnaires", "facts", "start", "steps", "subpathways", "signals"];

        private static readonly string[] StepKeys =
            ["id", "kind", "label", "description", "instructions", "phase", "role", "involved", "questionnaire", "outcomes",
             "deadline", "next", "transitions", "branches", "event", "until", "handover", "recipient", "subpathway", "customisation"];

        private static readonly string[] CustomisationKeys = ["locked", "reason", "optional", "deadline", "role", "questionnaire", "questionnaires", "instructions"];
        private static readonly string[] DeadlineKeys = ["within", "from", "before", "by", "remindBefore", "escalateTo"];

        private static readonly JsonSerializerOptions FhirJson = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

        public SourceMap Source { get; } = new(file);
        public List<PathwayError> Errors { get; } = [];

        internal void Error(Mark at, string message) =>
            Errors.Add(new PathwayError(Source.File, (int)at.Line, (int)at.Column, message));

        /// <summary>
        /// Parses the YAML and returns its root mapping; null, with the error recorded, when the text
        /// is not YAML or its root is not a mapping (<paramref name="notAMapping"/> says what was expected).
        /// Shared by the pathway, overlay and scenario readers.
        /// </summary>
        internal YamlMappingNode? LoadRoot(string yaml, string notAMapping)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(yaml));
            }
            catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException)
            {
                // YamlDotNet's representation model rejects some documents without a position (found by the property tests).
                var at = ex is YamlException yamlError ? yamlError.Start : new Mark(0, 1, 1);
                Errors.Add(new PathwayError(Source.File, (int)at.Line, Math.Max(1, (int)at.Column), $"Geen geldige YAML: {ex.Message}"));
                return null;
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Error(new Mark(0, 1, 1), notAMapping);
                return null;
            }

            return root;
        }

        public PathwayDefinition? ReadDocument(string yaml)
        {
            if (LoadRoot(yaml, "Het bestand bevat geen zorgpad: verwacht een mapping met 'id', 'version', 'title', 'roles', 'start' en 'steps'.") is not { } root)
            {
                return null;
            }

            const string where = "het zorgpad";
            CheckKeys(root, TopLevelKeys, where);
            var id = RequiredString(root, "id", where, "id");
            if (id is not null && !KebabId().IsMatch(id))
            {
                Error(root, "id", $"Ongeldige id '{id}': gebruik kleine letters, cijfers en koppeltekens, beginnend met een letter.");
            }

            var version = RequiredString(root, "version", where, "version");
            if (version is not null && !SemanticVersion().IsMatch(version))
            {
                Error(root, "version", $"Ongeldige versie '{version}': gebruik semantische versies, bijvoorbeeld 1.0.0.");
            }

            var steps = new List<StepDefinition>();
            foreach (var node in RequiredSequence(root, "steps", where))
            {
                ReadStep(node, within: null, steps);
            }

            var subpathways = ReadSubpathways(root, steps);
            return new PathwayDefinition
            {
                Id = id ?? "",
                Version = version ?? "",
                Title = RequiredString(root, "title", where, "title") ?? "",
                Status = ReadEnum(root, "status", "status", PathwayStatus.Draft, ("draft", PathwayStatus.Draft), ("active", PathwayStatus.Active), ("retired", PathwayStatus.Retired)),
                Publisher = OptionalString(root, "publisher", "publisher"),
                Description = OptionalString(root, "description", "description"),
                DerivesFrom = ReadDerivesFrom(root),
                StartStepId = RequiredString(root, "start", where, "start") ?? "",
                Roles = ReadRoles(root),
                Questionnaires = ReadQuestionnaires(root),
                Facts = ReadFacts(root),
                Steps = steps,
                Subpathways = subpathways,
                Signals = ReadSignals(root),
                SourceFile = Source.File,
            };
        }

        private TemplateReference? ReadDerivesFrom(YamlMappingNode root)
        {
            if (Child(root, "derivesFrom") is not { } node)
            {
                return null;
            }

            if (node is not YamlMappingNode mapping)
            {
                Error(node.Start, "'derivesFrom' is een mapping met 'template' en 'version'.");
                return null;
            }

            CheckKeys(mapping, ["template", "version"], "derivesFrom");
            var template = RequiredString(mapping, "template", "derivesFrom", "derivesFrom.template");
            var version = RequiredString(mapping, "version", "derivesFrom", "derivesFrom.version");
            return template is null || version is null ? null : new TemplateReference(template, version);
        }

        private List<RoleDefinition> ReadRoles(YamlMappingNode root)
        {
            var roles = new List<RoleDefinition>();
            foreach (var mapping in Mappings(RequiredSequence(root, "roles", "het zorgpad"), "Een rol is een mapping met 'id' en 'label'."))
            {
                CheckKeys(mapping, ["id", "label", "careTeam", "assignment"], "een rol");
                var id = RequiredString(mapping, "id", "een rol", null);
                if (id is null || !Unique(mapping, "role", id, roles.Select(r => r.Id), "Rol"))
                {
                    continue;
                }

                var key = $"role:{id}";
                Source.Add(key, Child(mapping, "id")!.Start);
                var label = RequiredString(mapping, "label", $"rol {id}", $"{key}.label") ?? id;
                var assignment = ReadEnum(mapping, "assignment", $"{key}.assignment", RoleAssignment.Organisation,
                    ("organisation", RoleAssignment.Organisation), ("raiser", RoleAssignment.Raiser));
                roles.Add(new RoleDefinition(id, label, ReadBool(mapping, "careTeam", $"{key}.careTeam") ?? true, assignment));
            }

            return roles;
        }

        internal List<QuestionnaireDefinition> ReadQuestionnaires(YamlMappingNode root)
        {
            var questionnaires = new List<QuestionnaireDefinition>();
            foreach (var mapping in Mappings(OptionalSequence(root, "questionnaires"), "Een vragenlijst is een mapping met 'id' en 'file'."))
            {
                CheckKeys(mapping, ["id", "file"], "een vragenlijst");
                var id = RequiredString(mapping, "id", "een vragenlijst", null);
                if (id is null || !Unique(mapping, "questionnaire", id, questionnaires.Select(q => q.Id), "Vragenlijst"))
                {
                    continue;
                }

                var key = $"questionnaire:{id}";
                Source.Add(key, Child(mapping, "id")!.Start);
                var path = RequiredString(mapping, "file", $"vragenlijst {id}", $"{key}.file");
                if (path is not null && LoadQuestionnaire(id, path, Child(mapping, "file")!.Start) is { } resource)
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
                Error(at, $"Vragenlijst '{id}': het bestand '{path}' kan niet gelezen worden zonder map van het zorgpad.");
                return null;
            }

            var full = Path.Combine(baseDirectory, path);
            if (!File.Exists(full))
            {
                Error(at, $"Vragenlijst '{id}': bestand '{path}' bestaat niet (gezocht in {baseDirectory}).");
                return null;
            }

            try
            {
                var questionnaire = JsonSerializer.Deserialize<Questionnaire>(File.ReadAllText(full), FhirJson)!;
                if (string.IsNullOrEmpty(questionnaire.Url))
                {
                    Error(at, $"Vragenlijst '{id}': '{path}' heeft geen 'url'; een QuestionnaireResponse verwijst ernaar.");
                    return null;
                }

                return questionnaire;
            }
            catch (Exception ex) when (ex is JsonException or DeserializationFailedException)
            {
                Error(at, $"Vragenlijst '{id}': '{path}' is geen geldige FHIR R4 Questionnaire: {ex.Message}");
                return null;
            }
        }

        internal List<FactDefinition> ReadFacts(YamlMappingNode root)
        {
            var facts = new List<FactDefinition>();
            foreach (var mapping in Mappings(OptionalSequence(root, "facts"), "Een feit is een mapping met 'id', 'label' en 'expression'."))
            {
                CheckKeys(mapping, ["id", "label", "expression", "riskFactor"], "een feit");
                var id = RequiredString(mapping, "id", "een feit", null);
                if (id is null || !Unique(mapping, "fact", id, facts.Select(f => f.Id), "Feit"))
                {
                    continue;
                }

                var key = $"fact:{id}";
                Source.Add(key, Child(mapping, "id")!.Start);
                if (!CamelId().IsMatch(id))
                {
                    Error(mapping, "id", $"Ongeldige naam van feit '{id}': gebruik camelCase (bijvoorbeeld ppsScore), zodat voorwaarden het als %{id} kunnen gebruiken.");
                }

                var label = RequiredString(mapping, "label", $"feit {id}", $"{key}.label") ?? id;
                var expression = RequiredString(mapping, "expression", $"feit {id}", $"{key}.expression");
                if (expression is not null && Compile(expression, Child(mapping, "expression")!, $"feit '{id}'") is { } compiled)
                {
                    facts.Add(new FactDefinition(id, label, expression, compiled) { RiskFactor = ReadBool(mapping, "riskFactor", $"{key}.riskFactor") ?? false });
                }
            }

            return facts;
        }

        internal CompiledExpression? Compile(string expression, YamlNode at, string what)
        {
            try
            {
                return FhirPath.Compile(expression);
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
            {
                Error(at.Start, $"De FHIRPath-expressie van {what} is ongeldig: {ex.Message}");
                return null;
            }
        }

        private List<SubpathwayDefinition> ReadSubpathways(YamlMappingNode root, List<StepDefinition> steps)
        {
            var subpathways = new List<SubpathwayDefinition>();
            foreach (var mapping in Mappings(OptionalSequence(root, "subpathways"), "Een deelpad is een mapping met 'id', 'title', 'start' en 'steps'."))
            {
                CheckKeys(mapping, ["id", "title", "description", "start", "steps"], "een deelpad");
                var id = RequiredString(mapping, "id", "een deelpad", null);
                if (id is null || !Unique(mapping, "subpathway", id, subpathways.Select(s => s.Id), "Deelpad"))
                {
                    continue;
                }

                var key = $"subpathway:{id}";
                Source.Add(key, Child(mapping, "id")!.Start);
                var where = $"deelpad {id}";
                subpathways.Add(new SubpathwayDefinition(
                    id,
                    RequiredString(mapping, "title", where, $"{key}.title") ?? id,
                    RequiredString(mapping, "start", where, $"{key}.start") ?? "",
                    OptionalString(mapping, "description", $"{key}.description")));
                foreach (var node in RequiredSequence(mapping, "steps", where))
                {
                    ReadStep(node, id, steps);
                }
            }

            return subpathways;
        }

        private List<SignalDefinition> ReadSignals(YamlMappingNode root)
        {
            var signals = new List<SignalDefinition>();
            foreach (var mapping in Mappings(OptionalSequence(root, "signals"), "Een signaal is een mapping met 'id' en 'label'."))
            {
                CheckKeys(mapping, ["id", "label", "description", "raisedBy", "starts", "interrupts", "goesTo", "records"], "een signaal");
                var id = RequiredString(mapping, "id", "een signaal", null);
                if (id is null || !Unique(mapping, "signal", id, signals.Select(s => s.Id), "Signaal"))
                {
                    continue;
                }

                var key = $"signal:{id}";
                Source.Add(key, Child(mapping, "id")!.Start);
                signals.Add(new SignalDefinition
                {
                    Id = id,
                    Label = RequiredString(mapping, "label", $"signaal {id}", $"{key}.label") ?? id,
                    Description = OptionalString(mapping, "description", $"{key}.description"),
                    RaisedBy = StringList(mapping, "raisedBy", $"{key}.raisedBy"),
                    Starts = OptionalString(mapping, "starts", $"{key}.starts"),
                    GoesTo = OptionalString(mapping, "goesTo", $"{key}.goesTo"),
                    Interrupts = Child(mapping, "interrupts") is null ? null : ReadPhase(mapping, $"{key}.interrupts"),
                    Records = Child(mapping, "records") is null ? null : ReadEnum(mapping, "records", $"{key}.records", DeadlineAnchor.BirthDate,
                        ("expectedDeliveryDate", DeadlineAnchor.ExpectedDeliveryDate), ("birthDate", DeadlineAnchor.BirthDate)),
                });
            }

            return signals;
        }

        internal void ReadStep(YamlNode node, string? within, List<StepDefinition> steps)
        {
            if (node is not YamlMappingNode mapping)
            {
                Error(node.Start, "Een stap is een mapping met ten minste 'id', 'kind' en 'label'.");
                return;
            }

            var id = RequiredString(mapping, "id", "een stap", null);
            var where = "stap " + (id ?? "?");
            CheckKeys(mapping, StepKeys, where);
            if (id is null)
            {
                return;
            }

            var key = $"step:{id}";
            if (!StepId().IsMatch(id))
            {
                Error(mapping, "id", $"Ongeldige stap-id '{id}': gebruik hoofdletters, cijfers en underscores, beginnend met een letter (bijvoorbeeld SCREEN_PPS).");
            }

            if (steps.Any(s => s.Id == id))
            {
                var (line, _) = Source.At(key);
                Error(mapping, "id", $"Stap-id '{id}' komt twee keer voor (eerder op regel {line}).");
                return;
            }

            Source.Add(key, Child(mapping, "id")!.Start);
            var kind = ReadEnum(mapping, "kind", $"{key}.kind", StepKind.Task,
                ("task", StepKind.Task), ("decision", StepKind.Decision), ("parallel", StepKind.Parallel), ("join", StepKind.Join), ("merge", StepKind.Merge),
                ("wait", StepKind.Wait), ("timer", StepKind.Timer), ("handover", StepKind.Handover), ("subpathway", StepKind.Subpathway),
                ("end", StepKind.End));
            if (Child(mapping, "kind") is null)
            {
                Error(mapping.Start, $"Verplicht veld 'kind' ontbreekt bij {where}.");
            }

            steps.Add(new StepDefinition
            {
                Id = id,
                Kind = kind,
                Label = RequiredString(mapping, "label", where, $"{key}.label") ?? id,
                Description = OptionalString(mapping, "description", $"{key}.description"),
                Instructions = OptionalString(mapping, "instructions", $"{key}.instructions"),
                Within = within,
                Phase = Child(mapping, "phase") is null ? StepPhase.Any : ReadPhase(mapping, $"{key}.phase"),
                Role = OptionalString(mapping, "role", $"{key}.role"),
                Involved = StringList(mapping, "involved", $"{key}.involved"),
                Questionnaire = OptionalString(mapping, "questionnaire", $"{key}.questionnaire"),
                Outcomes = ReadOutcomes(mapping, key),
                Deadline = ReadDeadline(mapping, "deadline", $"{key}.deadline"),
                Transitions = ReadTransitions(mapping, key, where),
                Event = OptionalString(mapping, "event", $"{key}.event"),
                Until = ReadDeadline(mapping, "until", $"{key}.until"),
                Handover = Child(mapping, "handover") is null ? null
                    : ReadEnum(mapping, "handover", $"{key}.handover", HandoverKind.Prenatal, ("prenatal", HandoverKind.Prenatal), ("postnatal", HandoverKind.Postnatal)),
                Recipient = OptionalString(mapping, "recipient", $"{key}.recipient"),
                Subpathway = OptionalString(mapping, "subpathway", $"{key}.subpathway"),
                Customisation = ReadCustomisation(mapping, key),
            });
        }

        private List<OutcomeDefinition> ReadOutcomes(YamlMappingNode step, string key)
        {
            var outcomes = new List<OutcomeDefinition>();
            foreach (var mapping in Mappings(OptionalSequence(step, "outcomes"), "Een uitkomst is een mapping met 'id' en 'label'."))
            {
                CheckKeys(mapping, ["id", "label"], "een uitkomst");
                var id = RequiredString(mapping, "id", "een uitkomst", null);
                if (id is null || !Unique(mapping, "outcome", id, outcomes.Select(o => o.Id), "Uitkomst"))
                {
                    continue;
                }

                Source.Add($"{key}.outcome:{id}", Child(mapping, "id")!.Start);
                outcomes.Add(new OutcomeDefinition(id, RequiredString(mapping, "label", $"uitkomst {id}", null) ?? id));
            }

            return outcomes;
        }

        private List<Transition> ReadTransitions(YamlMappingNode step, string key, string where)
        {
            var next = OptionalString(step, "next", $"{key}.next");
            var listed = OptionalSequence(step, "transitions").ToList();
            var branches = StringList(step, "branches", $"{key}.branches");
            if (new[] { next is not null, listed.Count > 0, branches.Count > 0 }.Count(b => b) > 1)
            {
                Error(step.Start, $"Gebruik bij {where} één van 'next', 'transitions' of 'branches', niet meer.");
            }

            if (next is not null)
            {
                Source.Add($"{key}.transitions[0]", Child(step, "next")!.Start);
                return [new Transition(next)];
            }

            if (branches.Count > 0)
            {
                var fromBranches = new List<Transition>();
                var sequence = (YamlSequenceNode)Child(step, "branches")!;
                for (var i = 0; i < branches.Count; i++)
                {
                    Source.Add($"{key}.transitions[{i}]", sequence.Children[i].Start);
                    fromBranches.Add(new Transition(branches[i]));
                }

                return fromBranches;
            }

            var transitions = new List<Transition>();
            for (var i = 0; i < listed.Count; i++)
            {
                if (listed[i] is not YamlMappingNode mapping)
                {
                    Error(listed[i].Start, "Een overgang is een mapping met 'to' en eventueel 'when', 'outcome' of 'default'.");
                    continue;
                }

                var transitionKey = $"{key}.transitions[{i}]";
                CheckKeys(mapping, ["to", "when", "outcome", "default"], $"een overgang van {where}");
                var to = RequiredString(mapping, "to", $"een overgang van {where}", transitionKey);
                var when = OptionalString(mapping, "when", $"{transitionKey}.when");
                var isDefault = ReadBool(mapping, "default", $"{transitionKey}.default") ?? false;
                if (to is null)
                {
                    continue;
                }

                transitions.Add(new Transition(to)
                {
                    When = when,
                    Condition = when is null ? null : Compile(when, Child(mapping, "when")!, $"de overgang van {where} naar {to}"),
                    Outcome = OptionalString(mapping, "outcome", $"{transitionKey}.outcome"),
                    IsDefault = isDefault,
                });
            }

            return transitions;
        }

        internal Deadline? ReadDeadline(YamlMappingNode step, string field, string key)
        {
            if (Child(step, field) is not { } node)
            {
                return null;
            }

            Source.Add(key, node.Start);
            if (node is YamlScalarNode)
            {
                return Duration(step, field, key) is { } duration ? new Deadline(duration) : null;
            }

            if (node is not YamlMappingNode mapping)
            {
                Error(node.Start, $"'{field}' is een duur (P5D, 5 werkdagen) of een mapping met 'within'/'from' of 'before'/'by'.");
                return null;
            }

            CheckKeys(mapping, DeadlineKeys, $"'{field}'");
            var remind = Child(mapping, "remindBefore") is null ? null : Duration(mapping, "remindBefore", $"{key}.remindBefore");
            var escalateTo = OptionalString(mapping, "escalateTo", $"{key}.escalateTo");
            var anchors = new[] { ("activation", DeadlineAnchor.Activation), ("expectedDeliveryDate", DeadlineAnchor.ExpectedDeliveryDate), ("birthDate", DeadlineAnchor.BirthDate) };
            Deadline? deadline = null;
            if (Child(mapping, "within") is not null && Child(mapping, "before") is null)
            {
                var anchor = ReadEnum(mapping, "from", $"{key}.from", DeadlineAnchor.Activation, anchors);
                deadline = Duration(mapping, "within", $"{key}.within") is { } within ? new Deadline(within, anchor) : null;
            }
            else if (Child(mapping, "before") is not null && Child(mapping, "within") is null)
            {
                var anchor = ReadEnum(mapping, "before", $"{key}.before", DeadlineAnchor.ExpectedDeliveryDate, anchors[1..]);
                if (Child(mapping, "by") is null)
                {
                    Error(mapping.Start, $"'{field}' met 'before' heeft ook 'by' nodig: hoe lang vóór dat moment (bijvoorbeeld P12W).");
                }
                else if (Duration(mapping, "by", $"{key}.by") is { } by)
                {
                    deadline = new Deadline(by, anchor, BeforeAnchor: true);
                }
            }
            else
            {
                Error(mapping.Start, $"'{field}' heeft óf 'within' (met eventueel 'from') óf 'before' met 'by'.");
            }

            return deadline is null ? null : deadline with { RemindBefore = remind, EscalateTo = escalateTo };
        }

        private PathwayDuration? Duration(YamlMappingNode mapping, string field, string key)
        {
            var text = OptionalString(mapping, field, key);
            if (text is null)
            {
                return null;
            }

            var duration = ParseDuration(text);
            if (duration is null)
            {
                Error(mapping, field, $"Ongeldige termijn '{text}': gebruik een ISO 8601-duur in weken, dagen, uren of minuten, bijvoorbeeld P5D (5 dagen), P2W (2 weken) of PT4H (4 uur), of werkdagen: '5 werkdagen'.");
            }

            return duration;
        }

        private CustomisationPolicy ReadCustomisation(YamlMappingNode step, string key)
        {
            if (Child(step, "customisation") is not { } node)
            {
                return CustomisationPolicy.Default;
            }

            if (node is not YamlMappingNode mapping)
            {
                Error(node.Start, "'customisation' is een mapping, bijvoorbeeld 'locked: true' met 'reason'.");
                return CustomisationPolicy.Default;
            }

            key += ".customisation";
            CheckKeys(mapping, CustomisationKeys, "'customisation'");
            var reason = OptionalString(mapping, "reason", $"{key}.reason");
            var locked = ReadBool(mapping, "locked", $"{key}.locked") ?? false;
            var policy = locked ? CustomisationPolicy.FullyLocked(reason) : CustomisationPolicy.Default with { Reason = reason };
            ChangeRule Rule(string field, ChangeRule fallback) => Child(mapping, field) is null ? fallback
                : ReadEnum(mapping, field, $"{key}.{field}", fallback, ("locked", ChangeRule.Locked), ("free", ChangeRule.Free), ("shorten", ChangeRule.ShortenOnly));
            return policy with
            {
                Optional = ReadBool(mapping, "optional", $"{key}.optional") ?? false,
                Deadline = Rule("deadline", policy.Deadline),
                Role = Rule("role", policy.Role),
                Questionnaire = Rule("questionnaire", policy.Questionnaire),
                Instructions = Rule("instructions", policy.Instructions),
                AllowedQuestionnaires = StringList(mapping, "questionnaires", $"{key}.questionnaires"),
            };
        }

        private StepPhase ReadPhase(YamlMappingNode mapping, string key) =>
            ReadEnum(mapping, key[(key.LastIndexOf('.') + 1)..], key, StepPhase.Any,
                ("prenatal", StepPhase.Prenatal), ("postnatal", StepPhase.Postnatal), ("any", StepPhase.Any));

        // --- primitives ------------------------------------------------------------------------

        internal static YamlNode? Child(YamlMappingNode mapping, string key) =>
            mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

        internal void Error(YamlMappingNode mapping, string field, string message) =>
            Error(Child(mapping, field)?.Start ?? mapping.Start, message);

        internal bool Unique(YamlMappingNode mapping, string kind, string id, IEnumerable<string> earlier, string noun)
        {
            if (!earlier.Contains(id))
            {
                return true;
            }

            var (line, _) = Source.At($"{kind}:{id}");
            Error(mapping, "id", $"{noun} '{id}' is dubbel gedefinieerd (eerder op regel {line}).");
            return false;
        }

        internal T ReadEnum<T>(YamlMappingNode mapping, string field, string key, T fallback, params (string Name, T Value)[] values)
        {
            var text = OptionalString(mapping, field, key);
            if (text is null)
            {
                return fallback;
            }

            foreach (var (name, value) in values)
            {
                if (name == text)
                {
                    return value;
                }
            }

            Error(mapping, field, $"Onbekende waarde '{text}' voor '{field}': kies {string.Join(", ", values.Select(v => v.Name))}.");
            return fallback;
        }

        internal bool? ReadBool(YamlMappingNode mapping, string field, string key)
        {
            var text = OptionalString(mapping, field, key);
            return text switch
            {
                null => null,
                "true" => true,
                "false" => false,
                _ => Invalid(),
            };

            bool? Invalid()
            {
                Error(mapping, field, $"Veld '{field}' is true of false, niet '{text}'.");
                return null;
            }
        }

        internal List<string> StringList(YamlMappingNode mapping, string field, string key)
        {
            if (Child(mapping, field) is not { } node)
            {
                return [];
            }

            Source.Add(key, node.Start);
            if (node is not YamlSequenceNode sequence || sequence.Children.Any(c => c is not YamlScalarNode))
            {
                Error(node.Start, $"Veld '{field}' is een lijst van namen, bijvoorbeeld [verloskundige, gynaecoloog].");
                return [];
            }

            for (var i = 0; i < sequence.Children.Count; i++)
            {
                Source.Add($"{key}[{i}]", sequence.Children[i].Start);
            }

            return sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList();
        }

        internal void CheckKeys(YamlMappingNode mapping, string[] allowed, string where)
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

        internal string? OptionalString(YamlMappingNode mapping, string field, string? key)
        {
            if (Child(mapping, field) is not { } node)
            {
                return null;
            }

            if (key is not null)
            {
                Source.Add(key, node.Start);
            }

            if (node is YamlScalarNode { Value: { Length: > 0 } value })
            {
                return value;
            }

            Error(node.Start, $"Veld '{field}' moet een tekst zijn.");
            return null;
        }

        internal string? RequiredString(YamlMappingNode mapping, string field, string where, string? key)
        {
            if (Child(mapping, field) is null)
            {
                Error(mapping.Start, $"Verplicht veld '{field}' ontbreekt bij {where}.");
                return null;
            }

            return OptionalString(mapping, field, key);
        }

        internal IEnumerable<YamlNode> OptionalSequence(YamlMappingNode mapping, string field)
        {
            if (Child(mapping, field) is not { } node)
            {
                return [];
            }

            if (node is YamlSequenceNode sequence)
            {
                return sequence.Children;
            }

            Error(node.Start, $"Veld '{field}' moet een lijst zijn.");
            return [];
        }

        internal IEnumerable<YamlNode> RequiredSequence(YamlMappingNode mapping, string field, string where)
        {
            if (Child(mapping, field) is null)
            {
                Error(mapping.Start, $"Verplicht veld '{field}' ontbreekt bij {where}.");
                return [];
            }

            return OptionalSequence(mapping, field);
        }

        internal IEnumerable<YamlMappingNode> Mappings(IEnumerable<YamlNode> nodes, string message)
        {
            foreach (var node in nodes)
            {
                if (node is YamlMappingNode mapping)
                {
                    yield return mapping;
                }
                else
                {
                    Error(node.Start, message);
                }
            }
        }
    }
}
