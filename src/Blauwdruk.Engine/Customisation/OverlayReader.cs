using System.Text.RegularExpressions;
using Blauwdruk.Engine.Pathways;
using YamlDotNet.RepresentationModel;

namespace Blauwdruk.Engine.Customisation;

/// <summary>The outcome of reading an overlay file: the overlay and where each element was written, or the problems.</summary>
public sealed record OverlayReadResult(Overlay? Overlay, IReadOnlyList<PathwayError> Errors, SourceMap Source);

/// <summary>
/// Reads a region's overlay (YAML) through <see cref="PositionedYaml"/>. Steps, facts and questionnaires
/// use the pathway language's own readers, so a local step is written exactly like a template step.
/// </summary>
public static partial class OverlayReader
{
    private static readonly string[] TopLevelKeys =
        ["id", "version", "title", "status", "publisher", "template", "workingDays", "organisations", "municipalities", "questionnaires", "settings", "facts", "steps", "referrals"];

    // 'outcomes' is read to be refused with the rule that forbids it, not as an unknown field.
    private static readonly string[] ChangeKeys = ["step", "deadline", "role", "questionnaire", "instructions", "description", "outcomes"];

    [GeneratedRegex("^GM[0-9]{4}$")]
    private static partial Regex MunicipalityCode();

    [GeneratedRegex(@"^\+?[0-9][0-9 \-]{2,18}$")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex("^[0-9]{8}$")]
    private static partial Regex EightDigits();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex OrganisationCode();

    internal const string NotAnOverlay = "Het bestand bevat geen overlay: verwacht een mapping met 'id', 'version', 'title' en 'template'.";

    /// <summary>Whether a file is an overlay (names a template) rather than a pathway.</summary>
    public static bool IsOverlay(string yaml) =>
        yaml?.Split('\n').Any(line => line.StartsWith("template:", StringComparison.Ordinal)) == true;

    public static OverlayReadResult ReadFile(string path, string? displayName = null) =>
        Read(File.ReadAllText(path), displayName ?? path, Path.GetDirectoryName(Path.GetFullPath(path)));

    public static OverlayReadResult Read(string yaml, string file, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var reader = new PositionedYaml(file);
        if (reader.LoadRoot(yaml, NotAnOverlay) is not { } root)
        {
            return new OverlayReadResult(null, reader.Errors, reader.Source);
        }

        var overlay = ReadOverlay(reader, new PathwayReader.Reader(reader, baseDirectory), new StepReader(reader), root, yaml);
        var errors = reader.Errors.Distinct().OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return new OverlayReadResult(errors.Count == 0 ? overlay : null, errors, reader.Source);
    }

    /// <summary>The <c>settings</c> mapping: the standard's setting id → a whole number (the bounds are checked in the merge).</summary>
    private static Dictionary<string, int> ReadSettings(PositionedYaml reader, YamlMappingNode root)
    {
        var settings = new Dictionary<string, int>();
        if (PositionedYaml.Child(root, "settings") is not { } node)
        {
            return settings;
        }

        if (node is not YamlMappingNode mapping)
        {
            reader.Error(node.Start, "'settings' is een mapping van de instellingen van de standaard naar een heel getal (bijvoorbeeld kwetsbaarMinHulpbronnen: 2).");
            return settings;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var id = ((YamlScalarNode)keyNode).Value ?? "";
            reader.Source.Add($"settings.{id}", keyNode.Start);
            if (valueNode is YamlScalarNode { Value: var text } && PositionedYaml.TryInteger(text, out var value))
            {
                settings[id] = value;
            }
            else
            {
                reader.Error(valueNode.Start, $"Instelling '{id}' is een heel getal.");
            }
        }

        return settings;
    }

    private static Overlay ReadOverlay(PositionedYaml reader, PathwayReader.Reader pathway, StepReader stepReader, YamlMappingNode root, string yaml)
    {
        const string where = "de overlay";
        reader.CheckKeys(root, TopLevelKeys, where);
        var id = reader.RequiredString(root, "id", where, "id");
        if (id is not null && !PathwayReader.KebabId().IsMatch(id))
        {
            reader.Error(root, "id", $"Ongeldige id '{id}': gebruik kleine letters, cijfers en koppeltekens (de naam van de regio).");
        }

        return new Overlay
        {
            Id = id ?? "",
            Version = reader.RequiredString(root, "version", where, "version") ?? "",
            Title = reader.RequiredString(root, "title", where, "title") ?? "",
            Status = reader.ReadEnum(root, "status", "status", PathwayStatus.Draft, ("draft", PathwayStatus.Draft), ("active", PathwayStatus.Active), ("retired", PathwayStatus.Retired)),
            Publisher = reader.OptionalString(root, "publisher", "publisher"),
            Template = ReadTemplate(reader, root),
            WorkingDays = pathway.ReadWorkingDays(root),
            Organisations = ReadOrganisations(reader, root),
            Municipalities = ReadMunicipalities(reader, root),
            Questionnaires = pathway.ReadQuestionnaires(root),
            Settings = ReadSettings(reader, root),
            Facts = pathway.ReadFacts(root),
            AddedSteps = ReadAdded(reader, stepReader, root),
            RemovedSteps = ReadRemoved(reader, root),
            ChangedSteps = ReadChanges(reader, stepReader, root),
            Referrals = ReadReferrals(reader, root),
            SourceFile = reader.Source.File,
            Source = yaml,
        };
    }

    private static TemplateReference ReadTemplate(PositionedYaml reader, YamlMappingNode root)
    {
        if (PositionedYaml.Child(root, "template") is not YamlMappingNode mapping)
        {
            reader.Error(root.Start, "Verplicht veld 'template' ontbreekt of is geen mapping: noem de standaard en de exacte versie (template: {id: blauwdruk, version: 1.0.0}).");
            return new TemplateReference("", "");
        }

        reader.CheckKeys(mapping, ["id", "version"], "template");
        return new TemplateReference(
            reader.RequiredString(mapping, "id", "template", "template.id") ?? "",
            reader.RequiredString(mapping, "version", "template", "template.version") ?? "");
    }

    private static List<OrganisationDefinition> ReadOrganisations(PositionedYaml reader, YamlMappingNode root)
    {
        var organisations = new List<OrganisationDefinition>();
        foreach (var mapping in reader.Mappings(reader.OptionalSequence(root, "organisations"), "Een organisatie is een mapping met 'id', 'name' en 'roles'."))
        {
            reader.CheckKeys(mapping, ["id", "name", "ura", "agb", "roles", "municipalities", "aandachtsfunctionaris", "contact", "emailNotifications"], "een organisatie");
            var id = reader.RequiredString(mapping, "id", "een organisatie", null);
            if (id is null || !reader.Unique(mapping, "organisation", id, organisations.Select(o => o.Id), "Organisatie"))
            {
                continue;
            }

            var key = $"organisation:{id}";
            reader.Source.Add(key, PositionedYaml.Child(mapping, "id")!.Start);
            // The code is how the file refers to the organisation (municipalities, referrals) and, without a URA
            // number, how its users are known in their tokens.
            if (!OrganisationCode().IsMatch(id))
            {
                reader.Error(mapping, "id", $"Ongeldige code van organisatie '{id}': gebruik kleine letters, cijfers en streepjes (bijvoorbeeld kraamzorg-zuid).");
            }

            var ura = reader.OptionalString(mapping, "ura", $"{key}.ura");
            var agb = reader.OptionalString(mapping, "agb", $"{key}.agb");
            foreach (var (field, value) in new[] { ("ura", ura), ("agb", agb) })
            {
                if (value is not null && !EightDigits().IsMatch(value))
                {
                    reader.Error(mapping, field, $"Organisatie '{id}': {field.ToUpperInvariant()}-nummer '{value}' moet uit 8 cijfers bestaan (zet het tussen aanhalingstekens).");
                }
            }

            string? phone = null, email = null, website = null;
            Dictionary<string, string>? roleEmails = null;
            if (PositionedYaml.Child(mapping, "contact") is YamlMappingNode contact)
            {
                reader.CheckKeys(contact, ["phone", "email", "website", "roleEmail"], $"contact van organisatie {id}");
                phone = reader.OptionalString(contact, "phone", $"{key}.contact.phone");
                email = reader.OptionalString(contact, "email", $"{key}.contact.email");
                website = reader.OptionalString(contact, "website", $"{key}.contact.website");
                if (email is not null && !ContactFormats.EmailAddress().IsMatch(email))
                {
                    reader.Error(contact, "email", $"Organisatie '{id}': '{email}' is geen e-mailadres (naam@domein.nl).");
                }

                if (phone is not null && !PhoneNumber().IsMatch(phone))
                {
                    reader.Error(contact, "phone", $"Organisatie '{id}': '{phone}' is geen telefoonnummer (cijfers, spaties en streepjes, bijvoorbeeld 010-1234567).");
                }

                // An address per role for notifications: the aandachtsfunctionaris' own mailbox beside the practice's.
                if (PositionedYaml.Child(contact, "roleEmail") is YamlMappingNode perRole)
                {
                    roleEmails = [];
                    foreach (var (roleNode, addressNode) in perRole.Children)
                    {
                        var role = ((YamlScalarNode)roleNode).Value ?? "";
                        var address = (addressNode as YamlScalarNode)?.Value;
                        if (address is null || !ContactFormats.EmailAddress().IsMatch(address))
                        {
                            reader.Error(roleNode.Start, $"Organisatie '{id}': het e-mailadres voor rol '{role}' ('{address}') is geen e-mailadres (naam@domein.nl).");
                        }
                        else
                        {
                            roleEmails[role] = address;
                        }
                    }
                }
            }

            organisations.Add(new OrganisationDefinition
            {
                Id = id,
                Name = reader.RequiredString(mapping, "name", $"organisatie {id}", $"{key}.name") ?? id,
                Ura = ura,
                Agb = agb,
                Roles = reader.StringList(mapping, "roles", $"{key}.roles"),
                Municipalities = reader.StringList(mapping, "municipalities", $"{key}.municipalities"),
                Aandachtsfunctionaris = reader.OptionalString(mapping, "aandachtsfunctionaris", $"{key}.aandachtsfunctionaris"),
                Phone = phone,
                Email = email,
                Website = website,
                RoleEmails = roleEmails,
                EmailNotifications = reader.ReadBool(mapping, "emailNotifications", $"{key}.emailNotifications"),
            });
        }

        return organisations;
    }

    private static List<MunicipalityDefinition> ReadMunicipalities(PositionedYaml reader, YamlMappingNode root)
    {
        var municipalities = new List<MunicipalityDefinition>();
        foreach (var mapping in reader.Mappings(reader.RequiredSequence(root, "municipalities", "de overlay"), "Een gemeente is een mapping met 'code', 'name' en 'jgz'."))
        {
            reader.CheckKeys(mapping, ["code", "name", "jgz", "wijkteam", "veiligThuis"], "een gemeente");
            var code = reader.RequiredString(mapping, "code", "een gemeente", null);
            if (code is null)
            {
                continue;
            }

            if (municipalities.Any(m => m.Code == code))
            {
                var (line, _) = reader.Source.At($"municipality:{code}");
                reader.Error(mapping, "code", $"Gemeente '{code}' staat er twee keer in (eerder op regel {line}).");
                continue;
            }

            var key = $"municipality:{code}";
            reader.Source.Add(key, PositionedYaml.Child(mapping, "code")!.Start);
            if (!MunicipalityCode().IsMatch(code))
            {
                reader.Error(mapping, "code", $"Ongeldige gemeentecode '{code}': gebruik de CBS-code, bijvoorbeeld GM0599.");
            }

            municipalities.Add(new MunicipalityDefinition
            {
                Code = code,
                Name = reader.RequiredString(mapping, "name", $"gemeente {code}", $"{key}.name") ?? code,
                Jgz = reader.OptionalString(mapping, "jgz", $"{key}.jgz"),
                Wijkteam = reader.OptionalString(mapping, "wijkteam", $"{key}.wijkteam"),
                VeiligThuis = reader.OptionalString(mapping, "veiligThuis", $"{key}.veiligThuis"),
            });
        }

        return municipalities;
    }

    private static YamlMappingNode? Steps(PositionedYaml reader, YamlMappingNode root)
    {
        var node = PositionedYaml.Child(root, "steps");
        if (node is null or YamlMappingNode)
        {
            if (node is YamlMappingNode steps)
            {
                reader.CheckKeys(steps, ["add", "remove", "change"], "'steps' van de overlay");
            }

            return node as YamlMappingNode;
        }

        reader.Error(node.Start, "'steps' is een mapping met 'add', 'remove' en/of 'change'.");
        return null;
    }

    private static List<AddedStep> ReadAdded(PositionedYaml reader, StepReader stepReader, YamlMappingNode root)
    {
        var added = new List<AddedStep>();
        if (Steps(reader, root) is not { } steps)
        {
            return added;
        }

        foreach (var mapping in reader.Mappings(reader.OptionalSequence(steps, "add"), "Een toegevoegde stap is een mapping met 'between' en 'step'."))
        {
            reader.CheckKeys(mapping, ["between", "step"], "een toegevoegde stap");
            var between = reader.StringList(mapping, "between", "add.between");
            var read = new List<StepDefinition>();
            if (PositionedYaml.Child(mapping, "step") is { } stepNode)
            {
                stepReader.ReadStep(stepNode, within: null, read);
            }
            else
            {
                reader.Error(mapping.Start, "Een toegevoegde stap heeft 'step' nodig: de stap zelf, zoals in een zorgpad.");
            }

            if (between.Count != 2)
            {
                reader.Error(mapping.Start, "'between' noemt precies twee stappen: [VAN, NAAR], de pijl waarop de nieuwe stap komt.");
                continue;
            }

            if (read.Count == 1)
            {
                reader.Source.Add($"add:{read[0].Id}", PositionedYaml.Child(mapping, "between")!.Start);
                added.Add(new AddedStep(between[0], between[1], read[0] with { AddedByRegion = true }));
            }
        }

        return added;
    }

    private static List<string> ReadRemoved(PositionedYaml reader, YamlMappingNode root)
    {
        if (Steps(reader, root) is not { } steps || PositionedYaml.Child(steps, "remove") is null)
        {
            return [];
        }

        // Positions are recorded as remove[0], remove[1], …
        return reader.StringList(steps, "remove", "remove");
    }

    private static List<StepChange> ReadChanges(PositionedYaml reader, StepReader stepReader, YamlMappingNode root)
    {
        var changes = new List<StepChange>();
        if (Steps(reader, root) is not { } steps)
        {
            return changes;
        }

        foreach (var mapping in reader.Mappings(reader.OptionalSequence(steps, "change"), "Een wijziging is een mapping met 'step' en de velden die veranderen."))
        {
            reader.CheckKeys(mapping, ChangeKeys, "een wijziging");
            var stepId = reader.RequiredString(mapping, "step", "een wijziging", null);
            if (stepId is null)
            {
                continue;
            }

            var key = $"change:{stepId}";
            reader.Source.Add(key, PositionedYaml.Child(mapping, "step")!.Start);
            changes.Add(new StepChange(stepId)
            {
                Deadline = stepReader.ReadDeadline(mapping, "deadline", $"{key}.deadline"),
                Role = reader.OptionalString(mapping, "role", $"{key}.role"),
                Questionnaire = reader.OptionalString(mapping, "questionnaire", $"{key}.questionnaire"),
                Instructions = reader.OptionalString(mapping, "instructions", $"{key}.instructions"),
                Description = reader.OptionalString(mapping, "description", $"{key}.description"),
                Outcomes = ReadOutcomeIds(reader, mapping, $"{key}.outcomes"),
            });
        }

        return changes;
    }

    /// <summary>The ids of outcomes written as in a pathway (mappings with 'id') or as plain ids; null when there are none.</summary>
    private static List<string>? ReadOutcomeIds(PositionedYaml reader, YamlMappingNode change, string key)
    {
        if (PositionedYaml.Child(change, "outcomes") is not { } node)
        {
            return null;
        }

        // The error lands on the field's name: the list itself may span many lines.
        reader.Source.Add(key, change.Children.Keys.First(k => k is YamlScalarNode { Value: "outcomes" }).Start);
        return (node as YamlSequenceNode)?.Children
            .Select(item => item switch
            {
                YamlScalarNode scalar => scalar.Value,
                YamlMappingNode mapping => PositionedYaml.Scalar(mapping, "id"),
                _ => null,
            })
            .OfType<string>().ToList() ?? [];
    }

    private static List<StepReferrals> ReadReferrals(PositionedYaml reader, YamlMappingNode root)
    {
        var referrals = new List<StepReferrals>();
        foreach (var mapping in reader.Mappings(reader.OptionalSequence(root, "referrals"), "Verwijsmogelijkheden zijn een mapping met 'step' en 'options'."))
        {
            reader.CheckKeys(mapping, ["step", "options"], "verwijsmogelijkheden");
            var stepId = reader.RequiredString(mapping, "step", "verwijsmogelijkheden", null);
            if (stepId is null)
            {
                continue;
            }

            var key = $"referrals:{stepId}";
            reader.Source.Add(key, PositionedYaml.Child(mapping, "step")!.Start);
            var options = new List<ReferralOption>();
            var index = 0;
            foreach (var option in reader.Mappings(reader.RequiredSequence(mapping, "options", $"verwijsmogelijkheden van {stepId}"), "Een verwijsmogelijkheid is een mapping met 'organisation' en 'label'."))
            {
                reader.CheckKeys(option, ["organisation", "label", "instructions"], "een verwijsmogelijkheid");
                var organisation = reader.RequiredString(option, "organisation", "een verwijsmogelijkheid", $"{key}.options[{index++}]");
                var label = reader.RequiredString(option, "label", "een verwijsmogelijkheid", null);
                if (organisation is not null && label is not null)
                {
                    options.Add(new ReferralOption(organisation, label, reader.OptionalString(option, "instructions", null)));
                }
            }

            referrals.Add(new StepReferrals(stepId, options));
        }

        return referrals;
    }
}
