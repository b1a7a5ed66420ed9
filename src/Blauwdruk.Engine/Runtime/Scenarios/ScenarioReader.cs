using System.Globalization;
using Blauwdruk.Engine.Pathways;
using YamlDotNet.RepresentationModel;

namespace Blauwdruk.Engine.Runtime.Scenarios;

public sealed record ScenarioReadResult(Scenario? Scenario, IReadOnlyList<PathwayError> Errors);

/// <summary>Reads a scenario file (YAML); every problem names its line.</summary>
public static class ScenarioReader
{
    private static readonly string[] Actions =
        ["complete", "claim", "cancel", "signal", "date", "wait", "close", "expect", "identify", "consent", "withdraw", "ground", "send", "acknowledge"];

    public static ScenarioReadResult ReadFile(string path, string? displayName = null) =>
        Read(File.ReadAllText(path), displayName ?? path, Path.GetDirectoryName(Path.GetFullPath(path))!);

    public static ScenarioReadResult Read(string yaml, string file, string baseDirectory)
    {
        var reader = new PositionedYaml(file);
        if (reader.LoadRoot(yaml, "Een scenario is een mapping met 'title', 'pathway', 'start' en 'steps'.") is not { } root)
        {
            return new ScenarioReadResult(null, reader.Errors);
        }

        reader.CheckKeys(root, ["title", "pathway", "start", "steps"], "het scenario");
        var pathway = reader.OptionalString(root, "pathway", "pathway");
        var start = PositionedYaml.Child(root, "start") as YamlMappingNode;
        if (start is null)
        {
            reader.Error(root.Start, "Verplicht veld 'start' ontbreekt of is geen mapping (at, municipality, expectedDeliveryDate, careTeam).");
        }
        else
        {
            reader.CheckKeys(start, ["at", "municipality", "expectedDeliveryDate", "by", "careTeam"], "'start'");
        }

        var careTeam = new Dictionary<string, string>();
        if (start is not null && PositionedYaml.Child(start, "careTeam") is YamlMappingNode team)
        {
            foreach (var (key, value) in team.Children)
            {
                careTeam[((YamlScalarNode)key).Value!] = (value as YamlScalarNode)?.Value ?? "";
            }
        }

        var steps = new List<ScenarioStep>();
        foreach (var node in reader.RequiredSequence(root, "steps", "het scenario"))
        {
            if (node is YamlMappingNode mapping && ReadStep(reader, mapping) is { } step)
            {
                steps.Add(step);
            }
            else if (node is not YamlMappingNode)
            {
                reader.Error(node.Start, $"Een scenariostap is een mapping met één van: {string.Join(", ", Actions)}.");
            }
        }

        var scenario = new Scenario
        {
            Title = reader.RequiredString(root, "title", "het scenario", "title") ?? "",
            PathwayFile = pathway is null ? "" : Path.GetFullPath(Path.Combine(baseDirectory, pathway)),
            StartAt = start is null ? default : Moment(reader, start, "at") ?? default,
            Municipality = start is null ? "" : reader.RequiredString(start, "municipality", "'start'", null) ?? "",
            ExpectedDeliveryDate = start is null ? null : Date(reader, start, "expectedDeliveryDate"),
            StartedBy = start is null ? "verloskundige" : reader.OptionalString(start, "by", null) ?? "verloskundige",
            CareTeam = careTeam,
            Steps = steps,
            StartLine = start is null ? 1 : (int)start.Start.Line,
            SourceFile = file,
        };
        return new ScenarioReadResult(reader.Errors.Count == 0 ? scenario : null, reader.Errors);
    }

    private static ScenarioStep? ReadStep(PositionedYaml reader, YamlMappingNode mapping)
    {
        var line = (int)mapping.Start.Line;
        var action = Actions.FirstOrDefault(a => PositionedYaml.Child(mapping, a) is not null);
        if (action is null)
        {
            reader.Error(mapping.Start, $"Een scenariostap noemt één van: {string.Join(", ", Actions)}.");
            return null;
        }

        reader.CheckKeys(mapping, [action, "after", "by", "outcome", "answers", "reason", "on", "preview", "child", "handover", "data", "whyNoConsent", "professional", "until", "referredTo"], $"de stap '{action}'");
        ScenarioStep? step = action switch
        {
            "complete" => new CompleteStep(line, Text(reader, mapping, action))
            {
                Outcome = reader.OptionalString(mapping, "outcome", null),
                Answers = PositionedYaml.Child(mapping, "answers") is YamlSequenceNode ? reader.StringList(mapping, "answers", $"answers@{line}") : null,
                Values = PositionedYaml.Child(mapping, "answers") is YamlMappingNode values ? AnswerValues(reader, values) : null,
                ReferredTo = reader.OptionalString(mapping, "referredTo", null),
            },
            "claim" => new ClaimStep(line, Text(reader, mapping, action)),
            "cancel" => new CancelStep(line, Text(reader, mapping, action), reader.RequiredString(mapping, "reason", "'cancel'", null) ?? ""),
            "signal" => new SignalStep(line, Text(reader, mapping, action)) { On = Date(reader, mapping, "on"), Reason = reader.OptionalString(mapping, "reason", null) },
            "close" => new CloseStep(line, Text(reader, mapping, action)),
            "wait" => new WaitStep(line) { After = Duration(reader, mapping, "wait") },
            "date" => ReadDate(reader, mapping, line),
            "expect" => ReadExpect(reader, mapping, line),
            "identify" => new IdentifyStep(line, Text(reader, mapping, action)),
            "consent" => new ConsentStep(line, Handovers(reader, mapping, action)) { Preview = reader.OptionalString(mapping, "preview", null) },
            "withdraw" => new WithdrawStep(line, Handovers(reader, mapping, action)),
            "ground" => new GroundStep(line, reader.ReadEnum(mapping, action, $"{action}@{line}", LegalBasis.Meldrecht,
                ("meldrecht", LegalBasis.Meldrecht), ("conflict-of-duties", LegalBasis.ConflictOfDuties)), reader.RequiredString(mapping, "reason", "'ground'", null) ?? "")
            {
                Kind = PositionedYaml.Child(mapping, "handover") is null ? null : Handovers(reader, mapping, "handover"),
                Data = PositionedYaml.Child(mapping, "data") is null ? [] : reader.StringList(mapping, "data", $"data@{line}"),
                WhyNoConsent = reader.OptionalString(mapping, "whyNoConsent", null),
                Professional = reader.OptionalString(mapping, "professional", null),
                Until = Date(reader, mapping, "until"),
            },
            "send" => new SendStep(line, Text(reader, mapping, action)),
            "acknowledge" => new AcknowledgeStep(line, Text(reader, mapping, action))
            {
                Child = reader.OptionalString(mapping, "child", null) is { } child ? int.Parse(child, CultureInfo.InvariantCulture) : null,
            },
            _ => null,
        };
        if (step is null or WaitStep)
        {
            return step;
        }

        return step with { After = Duration(reader, mapping, "after"), By = reader.OptionalString(mapping, "by", null) };
    }

    /// <summary>Which handover a consent or ground is for: prenatal, postnatal, or all (null).</summary>
    private static HandoverKind? Handovers(PositionedYaml reader, YamlMappingNode mapping, string field) =>
        reader.ReadEnum(mapping, field, $"{field}@{mapping.Start.Line}", (HandoverKind?)null,
            ("prenatal", (HandoverKind?)HandoverKind.Prenatal), ("postnatal", (HandoverKind?)HandoverKind.Postnatal), ("all", (HandoverKind?)null));

    private static DateStep? ReadDate(PositionedYaml reader, YamlMappingNode mapping, int line)
    {
        if (PositionedYaml.Child(mapping, "date") is not YamlMappingNode date || date.Children.Count != 1)
        {
            reader.Error(mapping.Start, "'date' is een mapping met één datum: expectedDeliveryDate of birthDate.");
            return null;
        }

        var name = ((YamlScalarNode)date.Children.Keys.Single()).Value;
        DeadlineAnchor? anchor = name switch
        {
            "expectedDeliveryDate" => DeadlineAnchor.ExpectedDeliveryDate,
            "birthDate" => DeadlineAnchor.BirthDate,
            _ => null,
        };
        if (anchor is null)
        {
            reader.Error(date.Start, $"Onbekende datum '{name}': kies expectedDeliveryDate of birthDate.");
            return null;
        }

        return Date(reader, date, name!) is { } value ? new DateStep(line, anchor.Value, value) : null;
    }

    private static ExpectStep ReadExpect(PositionedYaml reader, YamlMappingNode mapping, int line)
    {
        if (PositionedYaml.Child(mapping, "expect") is not YamlMappingNode expect)
        {
            reader.Error(mapping.Start, "'expect' is een mapping met open, notOpen, cancelled, escalated, overdue, decided, due, organisation, status of phase.");
            return new ExpectStep(line);
        }

        reader.CheckKeys(expect, ["open", "notOpen", "cancelled", "escalated", "overdue", "decided", "due", "organisation", "status", "phase"], "'expect'");
        Dictionary<string, string> Map(string field) =>
            PositionedYaml.Child(expect, field) is YamlMappingNode map
                ? map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (p.Value as YamlScalarNode)?.Value ?? "")
                : [];
        var due = new Dictionary<string, DateOnly>();
        foreach (var (step, text) in Map("due"))
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                due[step] = date;
            }
            else
            {
                reader.Error(expect.Start, $"Ongeldige datum '{text}' bij 'due': gebruik JJJJ-MM-DD.");
            }
        }

        return new ExpectStep(line)
        {
            Open = reader.StringList(expect, "open", $"open@{line}"),
            NotOpen = reader.StringList(expect, "notOpen", $"notOpen@{line}"),
            Cancelled = reader.StringList(expect, "cancelled", $"cancelled@{line}"),
            Escalated = reader.StringList(expect, "escalated", $"escalated@{line}"),
            Overdue = reader.StringList(expect, "overdue", $"overdue@{line}"),
            Decided = Map("decided"),
            Due = due,
            Organisation = Map("organisation"),
            Status = reader.OptionalString(expect, "status", null),
            Phase = reader.OptionalString(expect, "phase", null),
        };
    }

    /// <summary>Answers by linkId (<c>answers: { gravida: 2, kind-1.tijd: "03:40" }</c>): each a scalar.</summary>
    private static Dictionary<string, string> AnswerValues(PositionedYaml reader, YamlMappingNode values)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values.Children)
        {
            if (key is YamlScalarNode { Value: { Length: > 0 } linkId } && value is YamlScalarNode { Value: { } text })
            {
                answers[linkId] = text;
            }
            else
            {
                reader.Error(key.Start, "Een antwoord in 'answers' is 'linkId: waarde', met één waarde.");
            }
        }

        return answers;
    }

    private static string Text(PositionedYaml reader, YamlMappingNode mapping, string field) =>
        reader.OptionalString(mapping, field, null) ?? "";

    private static PathwayDuration? Duration(PositionedYaml reader, YamlMappingNode mapping, string field)
    {
        var text = reader.OptionalString(mapping, field, null);
        if (text is null)
        {
            return null;
        }

        var duration = PathwayReader.ParseDuration(text);
        if (duration is null)
        {
            reader.Error(mapping, field, $"Ongeldige duur '{text}': gebruik bijvoorbeeld P3D of '5 werkdagen'.");
        }

        return duration;
    }

    private static DateOnly? Date(PositionedYaml reader, YamlMappingNode mapping, string field)
    {
        var text = reader.OptionalString(mapping, field, null);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        reader.Error(mapping, field, $"Ongeldige datum '{text}': gebruik JJJJ-MM-DD.");
        return null;
    }

    private static DateTimeOffset? Moment(PositionedYaml reader, YamlMappingNode mapping, string field)
    {
        var text = reader.RequiredString(mapping, field, "'start'", null);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment))
        {
            return moment.ToUniversalTime();
        }

        reader.Error(mapping, field, $"Ongeldig moment '{text}': gebruik bijvoorbeeld 2026-03-02T09:00:00+01:00.");
        return null;
    }
}
